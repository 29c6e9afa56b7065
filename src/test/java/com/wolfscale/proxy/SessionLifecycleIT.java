package com.wolfscale.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.wolfscale.mysql.PacketReader;
import com.wolfscale.sandbox.MariaDbInstance;
import com.wolfscale.testkit.MariaDbServers;
import java.io.InputStream;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A session's life outside plain statements: login errors with MariaDB's own texts (compared with the
 * server's), max_connections, handshake and idle timeouts, KILL with proxy connection ids,
 * COM_RESET_CONNECTION, and TLS (PEM files loaded by the JDK, PKCS#8 and PKCS#1 keys, ssl_required).
 */
class SessionLifecycleIT {

    @RegisterExtension
    static final MariaDbServers DB = MariaDbServers.of(1);

    private static MariaDbInstance db;
    private static ProxyServer proxy;
    private static final List<ProxyServer> others = new ArrayList<>();

    @BeforeAll
    static void start() throws Exception {
        db = DB.get(0);
        db.execute("CREATE USER app@'%' IDENTIFIED BY 'pw'", "GRANT ALL ON *.* TO app@'%'",
                "CREATE USER other@'%' IDENTIFIED BY 'pw2'", "GRANT SELECT ON *.* TO other@'%'", "CREATE DATABASE s");
        proxy = TestProxies.leaderOf(db);
    }

    @AfterAll
    static void stop() {
        others.forEach(ProxyServer::close);
        if (proxy != null) {
            proxy.close();
        }
    }

    @Test
    void loginErrorsAreMariaDbsOwn() {
        String direct = "jdbc:mariadb://" + TestProxies.hostPort(db) + "/";
        String proxied = "jdbc:mariadb://" + proxy.address() + "/";
        assertThat(loginError(proxied + "s", "app", "wrong")).isEqualTo(loginError(direct + "s", "app", "wrong"))
                .contains("1045 28000").contains("Access denied for user 'app'@'127.0.0.1' (using password: YES)");
        assertThat(loginError(proxied + "s", "nobody", "")).isEqualTo(loginError(direct + "s", "nobody", ""))
                .contains("(using password: NO)");
        assertThat(loginError(proxied + "no_such_db", "app", "pw")).isEqualTo(loginError(direct + "no_such_db", "app", "pw"))
                .contains("1049 42000");
    }

    @Test
    void aNewAccountAndAChangedPasswordWorkAtOnce() throws Exception {
        db.execute("CREATE USER fresh@'%' IDENTIFIED BY 'one'");
        try (Connection c = DriverManager.getConnection(TestProxies.jdbc(proxy, ""), "fresh", "one")) {
            assertThat(c.isValid(2)).isTrue();
        }
        Thread.sleep(1100); // refreshes are rate-limited to one per second
        db.execute("ALTER USER fresh@'%' IDENTIFIED BY 'two'");
        try (Connection c = DriverManager.getConnection(TestProxies.jdbc(proxy, ""), "fresh", "two")) {
            assertThat(c.isValid(2)).isTrue();
        }
    }

    @Test
    void maxConnectionsAnswersWithMariaDbsError1040() throws Exception {
        ProxyServer small = start(TestProxies.config().withMaxConnections(2));
        try (Connection a = connect(small); Connection b = connect(small)) {
            assertThatThrownBy(() -> connect(small)).isInstanceOfSatisfying(SQLException.class, e -> {
                assertThat(e.getErrorCode()).isEqualTo(1040);
                assertThat(e.getMessage()).contains("Too many connections");
            });
        }
    }

    @Test
    void silentClientsAreDisconnected() throws Exception {
        ProxyServer strict = start(TestProxies.config().withTimeouts(new ProxyConfig.Timeouts(Duration.ofMillis(300),
                Duration.ofMillis(600), Duration.ofMillis(50), Duration.ofSeconds(1))));
        try (Socket s = new Socket(strict.address().host(), strict.address().port())) {
            s.setSoTimeout(5000);
            InputStream in = s.getInputStream();
            new PacketReader(in).read(1 << 16);
            long t0 = System.nanoTime();
            assertThat(in.read()).as("closed after the handshake timeout").isEqualTo(-1);
            assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0)).isLessThan(3000);
        }
        try (Connection c = connect(strict); Statement st = c.createStatement()) {
            st.execute("SELECT 1");
            Thread.sleep(1500);
            assertThatThrownBy(() -> st.execute("SELECT 1")).isInstanceOf(SQLException.class);
        }
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> strict.sessionCount() == 0);
    }

    @Test
    void killUsesTheProxysConnectionIds() throws Exception {
        try (Connection victim = connect(proxy); Connection killer = connect(proxy); Statement k = killer.createStatement()) {
            long id = victim.unwrap(org.mariadb.jdbc.Connection.class).getThreadId();
            assertThatThrownBy(() -> k.execute("KILL 999999")).isInstanceOfSatisfying(SQLException.class,
                    e -> assertThat(e.getErrorCode()).isEqualTo(1094));
            k.execute("KILL CONNECTION " + id);
            assertThatThrownBy(() -> victim.createStatement().execute("SELECT 1")).isInstanceOf(SQLException.class);
        }
        try (Connection victim = connect(proxy);
             Connection outsider = DriverManager.getConnection(TestProxies.jdbc(proxy, ""), "other", "pw2")) {
            long id = victim.unwrap(org.mariadb.jdbc.Connection.class).getThreadId();
            assertThatThrownBy(() -> outsider.createStatement().execute("KILL " + id))
                    .as("the server applies the issuer's privileges").isInstanceOfSatisfying(SQLException.class,
                            e -> assertThat(e.getErrorCode()).isEqualTo(1095));
            assertThat(victim.isValid(2)).isTrue();
        }
    }

    @Test
    void resetConnectionForgetsSessionState() throws Exception {
        for (String url : List.of(TestProxies.jdbc(proxy, "s"), "jdbc:mariadb://" + TestProxies.hostPort(db) + "/s")) {
            try (Connection c = DriverManager.getConnection(url + "?useServerPrepStmts=true&useResetConnection=true", "app", "pw");
                 Statement s = c.createStatement()) {
                s.execute("SET @x = 5");
                s.execute("CREATE TEMPORARY TABLE tmp (a INT)");
                c.unwrap(org.mariadb.jdbc.Connection.class).reset();
                try (ResultSet rs = s.executeQuery("SELECT @x, DATABASE()")) {
                    rs.next();
                    assertThat(rs.getObject(1)).as(url).isNull();
                    assertThat(rs.getString(2)).isEqualTo("s");
                }
                assertThatThrownBy(() -> s.execute("SELECT * FROM tmp")).isInstanceOf(SQLException.class);
            }
        }
    }

    @Test
    void tlsWithPemFilesAndRequiredTls(@TempDir Path dir) throws Exception {
        for (boolean pkcs1 : new boolean[] {true, false}) {
            Path key = dir.resolve("key" + pkcs1 + ".pem");
            Path cert = dir.resolve("cert" + pkcs1 + ".pem");
            openssl(dir, pkcs1 ? List.of("genrsa", "-traditional", "-out", key.toString(), "2048")
                    : List.of("genpkey", "-algorithm", "RSA", "-out", key.toString()));
            openssl(dir, List.of("req", "-new", "-x509", "-key", key.toString(), "-out", cert.toString(), "-days", "2",
                    "-subj", "/CN=wolfscale-test"));
            assertThat(Files.readString(key)).contains(pkcs1 ? "BEGIN RSA PRIVATE KEY" : "BEGIN PRIVATE KEY");
            ProxyServer secure = start(TestProxies.config().withTls(new ProxyConfig.Tls(cert, key, true)));
            for (int i = 0; i < 5; i++) { // a client's ClientHello often arrives with its SSLRequest: never lose it
                try (Connection c = DriverManager.getConnection(TestProxies.jdbc(secure, "s") + "?sslMode=trust&connectTimeout=5000",
                        "app", "pw");
                     Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT 'over tls'")) {
                    rs.next();
                    assertThat(rs.getString(1)).isEqualTo("over tls");
                }
            }
            assertThatThrownBy(() -> DriverManager.getConnection(TestProxies.jdbc(secure, "s") + "?sslMode=disable",
                    "app", "pw")).isInstanceOfSatisfying(SQLException.class, e -> assertThat(e.getErrorCode()).isEqualTo(1045));
        }
    }

    private static void openssl(Path dir, List<String> args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("openssl"));
        cmd.addAll(args);
        Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor()).as("openssl " + args + ": " + out).isZero();
    }

    private static ProxyServer start(ProxyConfig config) throws Exception {
        ProxyServer p = TestProxies.start(config, TestCluster.leader(TestProxies.hostPort(db)));
        others.add(p);
        return p;
    }

    private static Connection connect(ProxyServer p) throws SQLException {
        return DriverManager.getConnection(TestProxies.jdbc(p, "s"), "app", "pw");
    }

    private static String loginError(String url, String user, String password) {
        try (Connection c = DriverManager.getConnection(url, user, password)) {
            return "no error";
        } catch (SQLException e) {
            return e.getErrorCode() + " " + e.getSQLState() + " " + e.getMessage().replaceAll("\\(conn=\\d+\\) ", "");
        }
    }
}
