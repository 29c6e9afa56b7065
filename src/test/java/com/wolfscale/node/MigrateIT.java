package com.wolfscale.node;

import static org.assertj.core.api.Assertions.assertThat;

import com.wolfscale.cli.Wolfctl;
import com.wolfscale.testkit.HttpCalls;
import com.wolfscale.testkit.NodeProcess;
import com.wolfscale.testkit.TestCluster;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;
import picocli.CommandLine;

/**
 * Issue #6, migration with real servers and node processes: a fourth node joins a running cluster under a
 * write load by {@code wolfctl migrate} (the leader's commits never wait a second), and an old leader whose
 * un-acknowledged DDL cannot be rolled back becomes NEEDS_MIGRATION and is brought back by migrate.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class MigrateIT {

    @RegisterExtension
    static final TestCluster CLUSTER = TestCluster.of(4).startingOnly(3);

    static final Set<Long> acknowledged = ConcurrentHashMap.newKeySet();

    @Test
    @Order(1)
    void aFourthNodeJoinsUnderWriteLoadByMigration() throws Exception {
        NodeProcess a = CLUSTER.awaitLeader(Duration.ofSeconds(30));
        TestCluster.appExecute(a, "CREATE DATABASE mg", "CREATE TABLE mg.t (k BIGINT PRIMARY KEY, v VARCHAR(100), "
                + "b BLOB) ENGINE=InnoDB", "INSERT INTO mg.t SELECT seq, CONCAT('row ', seq), REPEAT('x', 500) "
                + "FROM mg.seq_1_to_20000");
        AtomicBoolean stop = new AtomicBoolean();
        AtomicLong slowestCommitNanos = new AtomicLong();
        Thread writer = Thread.ofPlatform().start(() -> write(a, stop, slowestCommitNanos));
        try {
            Thread.sleep(500);
            NodeProcess d = CLUSTER.node('d');
            d.start();
            d.awaitApi(Duration.ofSeconds(60));
            slowestCommitNanos.set(0); // measure from the migration on
            Run run = wolfctl("-e", d.apiUrl(), "migrate", "--from", "node-b");
            assertThat(run.exit()).as(run.out() + run.err()).isZero();
            assertThat(run.out()).contains("migration from node-b done");
            Thread.sleep(500);
        } finally {
            stop.set(true);
            writer.join(30_000);
        }
        assertThat(slowestCommitNanos.get() / 1_000_000).as("the slowest leader commit during the migration (ms)")
                .isLessThan(1000);
        CLUSTER.awaitConverged("mg", Duration.ofSeconds(60));
        assertAcknowledgedEverywhere();
    }

    @Test
    @Order(2)
    void anOldLeadersErrantDdlMakesItNeedMigrationAndMigrateRepairsIt() throws Exception {
        NodeProcess a = CLUSTER.awaitLeader(Duration.ofSeconds(60));
        // a's process dies; the DDL is then written to a's binlog and waits for an ACK no capture will give
        // (freezing the followers instead would race: what they had buffered may rightly commit on thaw)
        a.kill();
        CompletableFuture<Void> ddl = CompletableFuture.runAsync(() -> {
            try {
                TestCluster.appExecute(a, "CREATE TABLE mg.errant (x INT)");
            } catch (SQLException e) {
                // killed: the client never hears OK
            }
        });
        CLUSTER.awaitLeader("node-b", Duration.ofSeconds(30));
        Thread.sleep(500);
        a.start();
        a.awaitApi(Duration.ofSeconds(60));
        HttpCalls.Answer status = awaitStatus(a, "NeedsMigration", Duration.ofSeconds(60));
        assertThat(status.json().toString()).contains("cannot be rolled back").contains("statements");
        ddl.get();

        Run run = wolfctl("-e", a.apiUrl(), "migrate", "--from", "node-c");
        assertThat(run.exit()).as(run.out() + run.err() + "\n" + a.logTail(40)).isZero();
        CLUSTER.awaitLeader("node-a", Duration.ofSeconds(60)); // caught up, eligible again, failback
        TestCluster.appExecute(a, "INSERT INTO mg.t VALUES (-1, 'after', NULL)");
        CLUSTER.awaitConverged("mg", Duration.ofSeconds(60));
        try (Connection c = TestCluster.app(a); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(
                "SELECT COUNT(*) FROM information_schema.TABLES WHERE TABLE_SCHEMA = 'mg' AND TABLE_NAME = 'errant'")) {
            rs.next();
            assertThat(rs.getInt(1)).as("the errant table is gone with the migration").isZero();
        }
        assertAcknowledgedEverywhere();
    }

    private static void write(NodeProcess leader, AtomicBoolean stop, AtomicLong slowest) {
        long k = 1_000_000;
        try (Connection c = TestCluster.app(leader);
             PreparedStatement ps = c.prepareStatement("INSERT INTO mg.t VALUES (?, 'during', NULL)")) {
            while (!stop.get()) {
                ps.setLong(1, ++k);
                long t0 = System.nanoTime();
                ps.executeUpdate();
                slowest.accumulateAndGet(System.nanoTime() - t0, Math::max);
                acknowledged.add(k);
                Thread.sleep(5);
            }
        } catch (SQLException | InterruptedException e) {
            throw new IllegalStateException("the write load on the leader failed: " + e, e);
        }
    }

    private static void assertAcknowledgedEverywhere() throws SQLException {
        for (NodeProcess n : CLUSTER.nodes()) {
            try (Connection c = TestCluster.app(n); Statement s = c.createStatement();
                 ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM mg.t WHERE k > 1000000")) {
                rs.next();
                assertThat(rs.getLong(1)).as(n.id()).isEqualTo(acknowledged.size());
            }
        }
    }

    static HttpCalls.Answer awaitStatus(NodeProcess n, String status, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        HttpCalls.Answer last = null;
        while (System.nanoTime() < deadline) {
            last = HttpCalls.get(n.apiUrl() + "/cluster/nodes/" + n.id());
            // a node that needs migration never stays leader (it hands over), and only a follower is migrated
            if (last.status() == 200 && status.equals(last.json().path("status").asText())
                    && !"Leader".equals(last.json().path("role").asText())) {
                return HttpCalls.get(n.apiUrl() + "/status");
            }
            Thread.sleep(300);
        }
        throw new AssertionError(n.id() + " never showed " + status + ": " + last + "\n" + n.logTail(40));
    }

    record Run(int exit, String out, String err) { }

    static Run wolfctl(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cl = Wolfctl.commandLine(new Wolfctl(Map.of("WOLFSCALE_API_TOKEN", TestCluster.API_TOKEN)));
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        int exit = cl.execute(args);
        return new Run(exit, out.toString(), err.toString());
    }
}
