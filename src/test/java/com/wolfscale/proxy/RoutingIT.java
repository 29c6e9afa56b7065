package com.wolfscale.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.wolfscale.config.CausalReads;
import com.wolfscale.config.HostPort;
import com.wolfscale.sandbox.MariaDbInstance;
import com.wolfscale.testkit.MariaDbServers;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Routing between a leader and a follower: two real MariaDB servers with native GTID replication from
 * server 0 (the leader) to server 1 (the follower), a proxy on each, and a {@link TestCluster} per node
 * whose positions are GTID sequence numbers. Replication is stopped and started to make the follower
 * stale on purpose.
 */
class RoutingIT {

    @RegisterExtension
    static final MariaDbServers DB = MariaDbServers.of(2);

    private static MariaDbInstance leaderDb;
    private static MariaDbInstance followerDb;
    private static HostPort leaderAddress;
    private static ProxyServer leaderProxy;
    private static TestCluster followerCluster;
    private static ProxyServer followerProxy;
    private static final List<ProxyServer> extra = new ArrayList<>();

    @BeforeAll
    static void replicate() throws Exception {
        leaderDb = DB.get(0);
        followerDb = DB.get(1);
        leaderAddress = TestProxies.hostPort(leaderDb);
        followerDb.execute("CHANGE MASTER TO MASTER_HOST='127.0.0.1', MASTER_PORT=" + leaderDb.port()
                + ", MASTER_USER='root', MASTER_PASSWORD='', MASTER_USE_GTID=slave_pos", "START SLAVE");
        leaderDb.execute("CREATE USER app@'%' IDENTIFIED BY 'pw'", "GRANT ALL ON *.* TO app@'%'",
                "CREATE DATABASE r", "CREATE TABLE r.t (id INT PRIMARY KEY AUTO_INCREMENT, v VARCHAR(20) UNIQUE)");
        awaitReplicated();
        leaderProxy = TestProxies.start(TestCluster.leader(leaderAddress));
        followerCluster = new TestCluster(TestProxies.hostPort(followerDb),
                new LeaderRoute.RemoteLeader(leaderProxy.address()), leaderAddress);
        followerProxy = TestProxies.start(TestProxies.config().withCausalReads(CausalReads.SESSION, Duration.ofMillis(200)),
                followerCluster);
    }

    @AfterAll
    static void stop() {
        extra.forEach(ProxyServer::close);
        if (followerProxy != null) {
            followerProxy.close();
        }
        if (leaderProxy != null) {
            leaderProxy.close();
        }
    }

    @AfterEach
    void resume() throws Exception {
        followerDb.execute("START SLAVE");
        followerCluster.route(new LeaderRoute.RemoteLeader(leaderProxy.address()));
        awaitReplicated();
    }

    @Test
    void writesThroughTheFollowerRunOnTheLeaderWithRealResults() throws Exception {
        try (Connection c = connect(followerProxy); Statement s = c.createStatement()) {
            s.executeUpdate("INSERT INTO t (v) VALUES ('w1'), ('w2')", Statement.RETURN_GENERATED_KEYS);
            long first;
            try (ResultSet keys = s.getGeneratedKeys()) {
                keys.next();
                first = keys.getLong(1);
            }
            assertThat(s.getUpdateCount()).isEqualTo(2);
            assertThat(scalar(s, "SELECT LAST_INSERT_ID()")).isEqualTo(String.valueOf(first));
            assertThatThrownBy(() -> s.executeUpdate("INSERT INTO t (v) VALUES ('w1')"))
                    .isInstanceOfSatisfying(SQLException.class, e -> {
                        assertThat(e.getErrorCode()).isEqualTo(1062);
                        assertThat(e.getSQLState()).isEqualTo("23000");
                    });
            assertThat(s.executeUpdate("UPDATE t SET v = CONCAT(v, '!') WHERE v LIKE 'w%'")).isEqualTo(2);
            try (Connection d = leaderDb.connect(); Statement ds = d.createStatement()) {
                assertThat(scalar(ds, "SELECT COUNT(*) FROM r.t WHERE v IN ('w1!', 'w2!')")).isEqualTo("2");
                assertThat(scalar(ds, "SELECT COUNT(*) FROM information_schema.processlist WHERE user = 'app'"))
                        .as("the leader sees the client's own account").isNotEqualTo("0");
            }
        }
    }

    @Test
    void readsStayLocalWhenCaughtUpAndSeeTheSessionsOwnWrites() throws Exception {
        try (Connection c = connect(followerProxy); Statement s = c.createStatement()) {
            assertThat(scalar(s, "SELECT @@server_id")).as("a read with nothing to wait for is local")
                    .isEqualTo(String.valueOf(followerDb.serverId()));
            followerDb.execute("STOP SLAVE SQL_THREAD");
            s.executeUpdate("INSERT INTO t (v) VALUES ('causal')");
            assertThat(scalar(s, "SELECT CONCAT(@@server_id, ':', COUNT(*)) FROM t WHERE v = 'causal'"))
                    .as("the follower lags: the read waits, then goes to the leader and sees the write")
                    .isEqualTo(leaderDb.serverId() + ":1");
            followerDb.execute("START SLAVE SQL_THREAD");
            Awaitility.await().atMost(Duration.ofSeconds(10)).until(() ->
                    scalar(s, "SELECT CONCAT(@@server_id, ':', COUNT(*)) FROM t WHERE v = 'causal'")
                            .equals(followerDb.serverId() + ":1"));
        }
    }

    @Test
    void globalModeReadsAtTheLeadersCommitIndexAndNoneModeDoesNot() throws Exception {
        ProxyServer global = extra(CausalReads.GLOBAL);
        ProxyServer none = extra(CausalReads.NONE);
        followerDb.execute("STOP SLAVE SQL_THREAD");
        leaderDb.execute("INSERT INTO r.t (v) VALUES ('global')");
        try (Connection g = connect(global); Statement gs = g.createStatement();
             Connection n = connect(none); Statement ns = n.createStatement()) {
            assertThat(scalar(gs, "SELECT CONCAT(@@server_id, ':', COUNT(*)) FROM t WHERE v = 'global'"))
                    .isEqualTo(leaderDb.serverId() + ":1");
            assertThat(scalar(ns, "SELECT CONCAT(@@server_id, ':', COUNT(*)) FROM t WHERE v = 'global'"))
                    .as("none: whatever the follower has").isEqualTo(followerDb.serverId() + ":0");
        }
    }

    @Test
    void aPositionFromOneConnectionKeepsCausalityOnAnother() throws Exception {
        followerDb.execute("STOP SLAVE SQL_THREAD");
        String lsn;
        try (Connection writer = connect(followerProxy); Statement w = writer.createStatement()) {
            w.executeUpdate("INSERT INTO t (v) VALUES ('hinted')");
            lsn = scalar(w, "SELECT @wolfscale_last_lsn");
        }
        assertThat(Long.parseLong(lsn)).isPositive();
        try (Connection reader = connect(followerProxy); Statement r = reader.createStatement()) {
            String query = "SELECT CONCAT(@@server_id, ':', COUNT(*)) FROM t WHERE v = 'hinted'";
            assertThat(scalar(r, query)).as("no hint: local and stale").isEqualTo(followerDb.serverId() + ":0");
            assertThat(scalar(r, "/* wolfscale:min_lsn=" + lsn + " */ " + query)).isEqualTo(leaderDb.serverId() + ":1");
        }
        try (Connection reader = connect(followerProxy); Statement r = reader.createStatement()) {
            r.execute("SET @wolfscale_min_lsn = " + lsn);
            assertThat(scalar(r, "SELECT CONCAT(@@server_id, ':', COUNT(*)) FROM t WHERE v = 'hinted'"))
                    .isEqualTo(leaderDb.serverId() + ":1");
            assertThat(scalar(r, "SELECT @wolfscale_last_lsn")).isEqualTo(lsn);
        }
    }

    @Test
    void leaderBoundStatementsWaitForANewLeader() throws Exception {
        try (Connection c = connect(followerProxy); Statement s = c.createStatement()) {
            followerCluster.route(new LeaderRoute.NoLeader("election running"));
            CompletableFuture<Integer> insert = CompletableFuture.supplyAsync(() -> {
                try {
                    return s.executeUpdate("INSERT INTO t (v) VALUES ('after failover')");
                } catch (SQLException e) {
                    throw new IllegalStateException(e);
                }
            });
            Thread.sleep(600);
            assertThat(insert).isNotDone();
            ProxyServer newLeader = TestProxies.leaderOf(leaderDb);
            extra.add(newLeader);
            followerCluster.route(new LeaderRoute.RemoteLeader(newLeader.address()));
            assertThat(insert.get(10, TimeUnit.SECONDS)).isEqualTo(1);
        }
    }

    @Test
    void noLeaderWithinTheFailoverWaitIsARetryableError() throws Exception {
        TestCluster cluster = new TestCluster(TestProxies.hostPort(followerDb), new LeaderRoute.NoLeader("no quorum"),
                leaderAddress);
        ProxyConfig base = TestProxies.config();
        ProxyServer proxy = TestProxies.start(base.withTimeouts(new ProxyConfig.Timeouts(Duration.ofSeconds(10),
                Duration.ofHours(1), Duration.ofMillis(50), Duration.ofMillis(300))), cluster);
        extra.add(proxy);
        try (Connection c = connect(proxy); Statement s = c.createStatement()) {
            assertThat(scalar(s, "SELECT COUNT(*) >= 0 FROM t")).as("reads still work locally").isEqualTo("1");
            assertThatThrownBy(() -> s.executeUpdate("INSERT INTO t (v) VALUES ('nowhere')"))
                    .isInstanceOfSatisfying(SQLException.class, e -> {
                        assertThat(e.getErrorCode()).isEqualTo(1205);
                        assertThat(e.getMessage()).contains("no leader within 300 ms").contains("no quorum");
                    });
        }
    }

    @Test
    void aLeaderChangeCutsAnOpenTransactionWithARetryableError() throws Exception {
        try (Connection c = connect(followerProxy); Statement s = c.createStatement()) {
            c.setAutoCommit(false);
            s.executeUpdate("INSERT INTO t (v) VALUES ('cut')");
            ProxyServer newLeader = TestProxies.leaderOf(leaderDb);
            extra.add(newLeader);
            followerCluster.route(new LeaderRoute.RemoteLeader(newLeader.address()));
            assertThatThrownBy(() -> s.executeUpdate("INSERT INTO t (v) VALUES ('cut2')"))
                    .isInstanceOfSatisfying(SQLException.class, e -> {
                        assertThat(e.getErrorCode()).isEqualTo(1213);
                        assertThat(e.getSQLState()).isEqualTo("40001");
                    });
            c.rollback();
            c.setAutoCommit(true);
            assertThat(s.executeUpdate("INSERT INTO t (v) VALUES ('after cut')")).isEqualTo(1);
            assertThat(scalar(s, "SELECT COUNT(*) FROM t WHERE v LIKE 'cut%'")).as("the cut transaction rolled back")
                    .isEqualTo("0");
        }
    }

    @Test
    void sessionStateIsReplayedOnLazilyOpenedAndNewLeaderConnections() throws Exception {
        try (Connection c = connect(followerProxy); Statement s = c.createStatement()) {
            s.execute("SET SESSION sql_mode = 'ANSI_QUOTES'");
            s.execute("SET @v = 42");
            s.execute("SET NAMES utf8mb4 COLLATE utf8mb4_bin");
            String check = "SELECT CONCAT(@@sql_mode, '|', @v, '|', @@collation_connection, '|', DATABASE()) FROM t LIMIT 1 "
                    + "FOR UPDATE"; // a locking read: runs on the leader connection
            s.executeUpdate("INSERT INTO t (v) VALUES (CONCAT('replay', @v))"); // opens the leader connection
            assertThat(scalar(s, check)).isEqualTo("ANSI_QUOTES|42|utf8mb4_bin|r");
            assertThat(scalar(s, "SELECT COUNT(*) FROM t WHERE v = 'replay42'")).isEqualTo("1");
            ProxyServer newLeader = TestProxies.leaderOf(leaderDb);
            extra.add(newLeader);
            followerCluster.route(new LeaderRoute.RemoteLeader(newLeader.address()));
            assertThat(scalar(s, check)).as("replayed on the new leader's connection")
                    .isEqualTo("ANSI_QUOTES|42|utf8mb4_bin|r");
        }
    }

    @Test
    void aCommitWhoseAnswerIsLostIsAnUnknownOutcomeNeverReplayed() throws Exception {
        ProxyServer doomed = TestProxies.leaderOf(leaderDb);
        followerCluster.route(new LeaderRoute.RemoteLeader(doomed.address()));
        try (Connection c = connect(followerProxy); Statement s = c.createStatement()) {
            c.setAutoCommit(false);
            s.executeUpdate("INSERT INTO t (v) VALUES ('in doubt')");
            leaderDb.freeze(); // the COMMIT reaches the leader's proxy, which waits for its frozen database
            try {
                CompletableFuture<SQLException> commit = CompletableFuture.supplyAsync(() -> {
                    try {
                        c.commit();
                        return null;
                    } catch (SQLException e) {
                        return e;
                    }
                });
                Thread.sleep(500);
                doomed.close(); // the leader is lost before it answers
                SQLException e = commit.get(10, TimeUnit.SECONDS);
                assertThat((Throwable) e).isNotNull();
                assertThat(e.getErrorCode()).isEqualTo(1180);
                assertThat(e.getSQLState()).isEqualTo("08007");
                assertThat(e.getMessage()).contains("unknown outcome");
            } finally {
                leaderDb.thaw();
            }
        }
    }

    @Test
    void temporaryTablesKeepTheSessionOnTheLeader() throws Exception {
        try (Connection c = connect(followerProxy); Statement s = c.createStatement()) {
            s.execute("CREATE TEMPORARY TABLE tmp (a INT)");
            s.execute("INSERT INTO tmp VALUES (1), (2)");
            assertThat(scalar(s, "SELECT CONCAT(@@server_id, ':', SUM(a)) FROM tmp"))
                    .as("a read of a temporary table runs where the table lives").isEqualTo(leaderDb.serverId() + ":3");
        }
    }

    @Test
    void preparedStatementsMoveBetweenConnectionsAndSurviveALeaderChange() throws Exception {
        try (Connection c = DriverManager.getConnection(TestProxies.jdbc(followerProxy, "r") + "?useServerPrepStmts=true",
                "app", "pw");
             java.sql.PreparedStatement insert = c.prepareStatement("INSERT INTO t (v) VALUES (?)");
             java.sql.PreparedStatement read = c.prepareStatement("SELECT CONCAT(@@server_id, ':', COUNT(*)) FROM t WHERE v = ?")) {
            insert.setString(1, "ps1");
            assertThat(insert.executeUpdate()).isEqualTo(1);
            read.setString(1, "ps1");
            try (ResultSet rs = read.executeQuery()) {
                rs.next();
                assertThat(rs.getString(1)).endsWith(":1");
            }
            ProxyServer newLeader = TestProxies.leaderOf(leaderDb);
            extra.add(newLeader);
            followerCluster.route(new LeaderRoute.RemoteLeader(newLeader.address()));
            insert.setString(1, "ps2");
            assertThat(insert.executeUpdate()).as("prepared again on the new leader's connection").isEqualTo(1);
            read.setString(1, "ps2");
            try (ResultSet rs = read.executeQuery()) {
                rs.next();
                assertThat(rs.getString(1)).endsWith(":1");
            }
        }
    }

    private static ProxyServer extra(CausalReads mode) throws Exception {
        TestCluster cluster = new TestCluster(TestProxies.hostPort(followerDb),
                new LeaderRoute.RemoteLeader(leaderProxy.address()), leaderAddress);
        ProxyServer p = TestProxies.start(TestProxies.config().withCausalReads(mode, Duration.ofMillis(100)), cluster);
        extra.add(p);
        return p;
    }

    private static Connection connect(ProxyServer proxy) throws SQLException {
        return DriverManager.getConnection(TestProxies.jdbc(proxy, "r"), "app", "pw");
    }

    private static String scalar(Statement s, String sql) throws SQLException {
        try (ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getString(1);
        }
    }

    private static void awaitReplicated() {
        Awaitility.await().atMost(Duration.ofSeconds(20)).until(() ->
                TestCluster.sequence(TestProxies.hostPort(followerDb), "@@gtid_slave_pos")
                        >= TestCluster.sequence(leaderAddress, "@@gtid_binlog_pos"));
    }
}
