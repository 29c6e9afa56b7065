package com.wolfscale.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import com.wolfscale.mysql.Capabilities;
import com.wolfscale.mysql.Command;
import com.wolfscale.mysql.PacketReader;
import com.wolfscale.mysql.PacketWriter;
import com.wolfscale.mysql.auth.NativePassword;
import com.wolfscale.mysql.client.ClientLogin;
import com.wolfscale.mysql.client.ConnectionStreams;
import com.wolfscale.mysql.client.Credential;
import com.wolfscale.mysql.client.LoginRequest;
import com.wolfscale.mysql.packet.ComQuery;
import com.wolfscale.mysql.packet.HandshakeResponse41;
import com.wolfscale.mysql.packet.HandshakeV10;
import com.wolfscale.mysql.response.ResponseTracker;
import com.wolfscale.testkit.MariaDbServers;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Random and mutated packets at every protocol phase — instead of the handshake response, in the auth
 * switch, as commands after a real login (binary protocol included), and clients vanishing mid-result and
 * mid-transaction. The proxy must not crash or hang, must release every backend connection (the server's
 * processlist ends with no connection of the fuzzing account), and a healthy session running alongside must
 * not notice. Seeded: a failure names the seed to replay.
 */
class ProxyFuzzIT {

    @RegisterExtension
    static final MariaDbServers DB = MariaDbServers.of(1);

    private static final long SEED = Long.getLong("fuzz.seed", System.nanoTime());
    private static final int ROUNDS = Integer.getInteger("fuzz.rounds", 120);
    private static ProxyServer proxy;

    @BeforeAll
    static void start() throws Exception {
        // no SHUTDOWN privilege: a random command byte 0x08 is a COM_SHUTDOWN, which the proxy relays as MariaDB
        // would take it (about one run in twenty stopped the server under the healthy session)
        DB.get(0).execute("CREATE USER fuzz@'%' IDENTIFIED BY 'fz'", "GRANT ALL ON *.* TO fuzz@'%'",
                "REVOKE SHUTDOWN ON *.* FROM fuzz@'%'",
                "CREATE USER healthy@'%' IDENTIFIED BY 'ok'", "GRANT ALL ON *.* TO healthy@'%'",
                "CREATE DATABASE f", "CREATE TABLE f.t (id INT PRIMARY KEY, v VARCHAR(100))",
                "INSERT INTO f.t SELECT seq, REPEAT('v', 100) FROM f.seq_1_to_2000");
        proxy = TestProxies.leaderOf(DB.get(0));
    }

    @AfterAll
    static void stop() {
        if (proxy != null) {
            proxy.close();
        }
    }

    @Test
    void garbageAtEveryPhaseLeavesNoTrace() throws Exception {
        Random random = new Random(SEED);
        AtomicBoolean fuzzing = new AtomicBoolean(true);
        AtomicInteger healthyQueries = new AtomicInteger();
        CompletableFuture<Void> healthy = CompletableFuture.runAsync(() -> healthySession(fuzzing, healthyQueries));
        try {
            for (int round = 0; round < ROUNDS; round++) {
                int phase = random.nextInt(5);
                try {
                    switch (phase) {
                        case 0 -> garbageHandshake(random);
                        case 1 -> mutatedHandshakeResponse(random);
                        case 2 -> garbageAuthSwitch(random);
                        case 3 -> garbageCommands(random);
                        default -> vanishMidResponse(random);
                    }
                } catch (IOException expected) {
                    // the proxy closing the connection is a fine answer to garbage
                }
            }
        } finally {
            fuzzing.set(false);
        }
        healthy.get();
        assertThat(healthyQueries.get()).as("the healthy session kept working (seed " + SEED + ")").isPositive();
        Awaitility.await("every fuzzing backend connection is released (seed " + SEED + ")")
                .atMost(Duration.ofSeconds(30)).until(() -> fuzzConnectionsOnServer() == 0);
        Awaitility.await("every fuzzing session ended").atMost(Duration.ofSeconds(30))
                .until(() -> proxy.sessionCount() == 0);
        try (Connection c = DriverManager.getConnection(TestProxies.jdbc(proxy, "f"), "fuzz", "fz");
             Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM t")) {
            rs.next();
            assertThat(rs.getInt(1)).as("the proxy still serves").isEqualTo(2000);
        }
    }

    private static void healthySession(AtomicBoolean running, AtomicInteger count) {
        try (Connection c = DriverManager.getConnection(TestProxies.jdbc(proxy, "f"), "healthy", "ok");
             Statement s = c.createStatement()) {
            while (running.get()) {
                try (ResultSet rs = s.executeQuery("SELECT COUNT(*), SUM(id) FROM t")) {
                    rs.next();
                    assertThat(rs.getLong(1)).isEqualTo(2000);
                    assertThat(rs.getLong(2)).isEqualTo(2001000);
                }
                count.incrementAndGet();
                Thread.sleep(5);
            }
        } catch (Exception e) {
            throw new AssertionError("the healthy session broke during fuzzing (seed " + SEED + ")", e);
        }
    }

    private static Socket open() throws IOException {
        Socket s = new Socket(proxy.address().host(), proxy.address().port());
        s.setSoTimeout(400);
        return s;
    }

    /** Random bytes instead of a handshake response (sometimes a plausible header, sometimes a huge one). */
    private static void garbageHandshake(Random random) throws IOException {
        try (Socket s = open()) {
            InputStream in = new BufferedInputStream(s.getInputStream());
            new PacketReader(in).read(1 << 16);
            OutputStream out = s.getOutputStream();
            byte[] junk = new byte[random.nextInt(200)];
            random.nextBytes(junk);
            if (random.nextBoolean() && junk.length >= 4) {
                junk[3] = 1; // sequence id of a real response
            }
            out.write(junk);
            out.flush();
            drain(in);
        }
    }

    /** A real handshake response with a few bytes flipped or cut. */
    private static void mutatedHandshakeResponse(Random random) throws IOException {
        try (Socket s = open()) {
            InputStream in = new BufferedInputStream(s.getInputStream());
            HandshakeV10 greeting = HandshakeV10.decode(new PacketReader(in).read(1 << 16).payload());
            byte[] payload = new HandshakeResponse41(Capabilities.DEFAULT_CLIENT | Capabilities.CLIENT_CONNECT_WITH_DB
                    | Capabilities.CLIENT_SSL, 1 << 24, 45, "fuzz", NativePassword.scramble("fz", greeting.seed()), "f",
                    NativePassword.PLUGIN, Map.of("a", "b")).encode();
            mutate(random, payload);
            if (random.nextInt(4) == 0) {
                payload = java.util.Arrays.copyOf(payload, random.nextInt(payload.length));
            }
            PacketWriter w = new PacketWriter(s.getOutputStream());
            w.write(1, payload);
            w.flush();
            drain(in);
        }
    }

    /** A client that starts with caching_sha2_password and answers the switch with garbage. */
    private static void garbageAuthSwitch(Random random) throws IOException {
        try (Socket s = open()) {
            InputStream in = new BufferedInputStream(s.getInputStream());
            PacketReader reader = new PacketReader(in);
            reader.read(1 << 16);
            PacketWriter w = new PacketWriter(new BufferedOutputStream(s.getOutputStream()));
            byte[] token = new byte[32];
            random.nextBytes(token);
            w.write(1, new HandshakeResponse41(Capabilities.DEFAULT_CLIENT, 1 << 24, 45, "fuzz", token, null,
                    "caching_sha2_password", Map.of()).encode());
            w.flush();
            var sw = reader.read(1 << 16);
            byte[] answer = new byte[random.nextInt(40)];
            random.nextBytes(answer);
            w.write(random.nextInt(3) == 0 ? random.nextInt(256) : sw.nextSequenceId(), answer);
            w.flush();
            drain(in);
        }
    }

    /** A real login, then random commands, mutated statements and broken framing. */
    private static void garbageCommands(Random random) throws IOException {
        try (Socket s = open()) {
            InputStream in = new BufferedInputStream(s.getInputStream());
            OutputStream out = new BufferedOutputStream(s.getOutputStream());
            var login = ClientLogin.login(new ConnectionStreams(in, out),
                    LoginRequest.of("fuzz", Credential.password("fz")).withDatabase("f"));
            PacketWriter w = new PacketWriter(out);
            PacketReader r = new PacketReader(in);
            long caps = login.capabilities();
            if (random.nextBoolean()) {
                exchange(r, w, caps, new ComQuery("BEGIN".getBytes(StandardCharsets.UTF_8)).encode());
                exchange(r, w, caps, new ComQuery("UPDATE t SET v = 'x' WHERE id = 1".getBytes(StandardCharsets.UTF_8)).encode());
            }
            long stmt = -1;
            if (random.nextBoolean()) {
                var prepared = exchange(r, w, caps, prepare("SELECT id, v FROM t WHERE id > ? AND v <> ?"));
                stmt = prepared.prepareOk().map(p -> p.statementId()).orElse(-1L);
            }
            for (int i = 0; i < 1 + random.nextInt(6); i++) {
                byte[] payload = randomCommand(random, stmt);
                w.write(random.nextInt(8) == 0 ? 1 + random.nextInt(255) : 0, payload);
                w.flush();
                if (!ResponseTracker.hasNoResponse(payload[0] & 0xFF)) {
                    drainOne(in);
                }
            }
            if (random.nextInt(5) == 0) {
                out.write(new byte[] {(byte) 0xFF, (byte) 0xFF, (byte) 0xFF, 0, Command.COM_QUERY}); // 16 MiB promised
                out.flush();
            }
        }
    }

    private static byte[] randomCommand(Random random, long stmt) {
        int kind = random.nextInt(6);
        byte[] tail = new byte[random.nextInt(60)];
        random.nextBytes(tail);
        byte[] payload = new byte[tail.length + 5];
        System.arraycopy(tail, 0, payload, 5, tail.length);
        payload[0] = (byte) switch (kind) {
            case 0 -> random.nextInt(256);
            case 1 -> Command.COM_STMT_EXECUTE;
            case 2 -> Command.COM_STMT_FETCH;
            case 3 -> Command.COM_QUERY;
            case 4 -> Command.COM_CHANGE_USER;
            default -> Command.COM_STMT_SEND_LONG_DATA;
        };
        long id = random.nextBoolean() && stmt >= 0 ? stmt : random.nextBoolean() ? 0xFFFFFFFFL : random.nextInt(5);
        for (int i = 0; i < 4; i++) {
            payload[1 + i] = (byte) (id >>> (8 * i));
        }
        if (kind == 3) {
            byte[] sql = ("SELECT * FROM t WHERE id = " + random.nextInt(100) + " " + (char) ('a' + random.nextInt(26)))
                    .getBytes(StandardCharsets.UTF_8);
            payload = new byte[sql.length + 1];
            payload[0] = Command.COM_QUERY;
            System.arraycopy(sql, 0, payload, 1, sql.length);
            mutate(random, payload);
            payload[0] = Command.COM_QUERY;
        }
        if (payload[0] == Command.COM_QUIT) {
            payload[0] = Command.COM_PING;
        }
        return payload;
    }

    /** Starts a large result (sometimes inside a transaction holding locks) and closes the socket mid-way. */
    private static void vanishMidResponse(Random random) throws IOException {
        try (Socket s = open()) {
            InputStream in = new BufferedInputStream(s.getInputStream());
            OutputStream out = new BufferedOutputStream(s.getOutputStream());
            var login = ClientLogin.login(new ConnectionStreams(in, out),
                    LoginRequest.of("fuzz", Credential.password("fz")).withDatabase("f"));
            PacketWriter w = new PacketWriter(out);
            PacketReader r = new PacketReader(in);
            if (random.nextBoolean()) {
                exchange(r, w, login.capabilities(), new ComQuery("START TRANSACTION".getBytes(StandardCharsets.UTF_8)).encode());
                exchange(r, w, login.capabilities(),
                        new ComQuery("SELECT * FROM t WHERE id < 10 FOR UPDATE".getBytes(StandardCharsets.UTF_8)).encode());
            }
            w.write(0, new ComQuery("SELECT a.*, b.* FROM t a JOIN t b ON b.id <= 20".getBytes(StandardCharsets.UTF_8)).encode());
            w.flush();
            in.readNBytes(random.nextInt(5000));
            s.setSoLinger(true, 0); // reset, like a crashed client
        }
    }

    private static com.wolfscale.mysql.response.ResponseSummary exchange(PacketReader r, PacketWriter w, long caps,
            byte[] command) throws IOException {
        w.write(0, command);
        w.flush();
        ResponseTracker t = ResponseTracker.forCommand(command[0] & 0xFF, caps);
        while (!t.isComplete()) {
            t.accept(r.read(1 << 26).payload());
        }
        return t.summary();
    }

    private static byte[] prepare(String sql) {
        byte[] text = sql.getBytes(StandardCharsets.UTF_8);
        byte[] p = new byte[text.length + 1];
        p[0] = Command.COM_STMT_PREPARE;
        System.arraycopy(text, 0, p, 1, text.length);
        return p;
    }

    private static void mutate(Random random, byte[] payload) {
        for (int i = 0; i < 1 + random.nextInt(4) && payload.length > 0; i++) {
            payload[random.nextInt(payload.length)] ^= (byte) (1 << random.nextInt(8));
        }
    }

    /** Reads until the proxy closes or goes quiet. */
    private static void drain(InputStream in) throws IOException {
        byte[] buf = new byte[8192];
        try {
            while (in.read(buf) >= 0) {
                // discard
            }
        } catch (java.net.SocketTimeoutException quiet) {
            // the proxy waits for more: our close ends it
        }
    }

    /** Reads what arrives for a moment after a command. */
    private static void drainOne(InputStream in) throws IOException {
        byte[] buf = new byte[8192];
        try {
            Thread.sleep(5);
            while (in.available() > 0 && in.read(buf) >= 0) {
                // discard
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static int fuzzConnectionsOnServer() throws Exception {
        try (Connection c = DB.get(0).connect(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM information_schema.processlist WHERE user = 'fuzz'")) {
            rs.next();
            return rs.getInt(1);
        }
    }
}
