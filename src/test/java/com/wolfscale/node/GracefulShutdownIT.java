package com.wolfscale.node;

import static org.assertj.core.api.Assertions.assertThat;

import com.wolfscale.testkit.NodeProcess;
import com.wolfscale.testkit.TestCluster;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * SIGTERM on the leader while a client writes through a follower's proxy: the leader hands over to the
 * expected successor (next-lowest id) before it exits, no write fails, every acknowledged write is on the new
 * leader, and writes go on. The outage is measured and logged, not asserted (the machine is shared).
 */
class GracefulShutdownIT {

    static final java.util.concurrent.atomic.AtomicInteger READ_ONLY_REFUSALS = new java.util.concurrent.atomic.AtomicInteger();
    static final List<String> FAILED_WRITES = new CopyOnWriteArrayList<>();

    @RegisterExtension
    static final TestCluster CLUSTER = TestCluster.of(3);

    /** One acknowledged insert: its id and when the acknowledgement came. */
    record Ack(int id, long atNanos) { }

    @Test
    void aStoppedLeaderHandsOverAndNoAcknowledgedWriteIsLost() throws Exception {
        createTable();
        CLUSTER.awaitConverged("app", Duration.ofSeconds(30));
        NodeProcess b = CLUSTER.node('b');
        NodeProcess c = CLUSTER.node('c');

        List<Ack> acks = new CopyOnWriteArrayList<>();
        AtomicBoolean writing = new AtomicBoolean(true);
        Thread writer = Thread.ofPlatform().name("writer").start(() -> write(c, acks, writing));
        awaitAcks(acks, 20);
        NodeProcess a = CLUSTER.awaitLeader("node-a", Duration.ofSeconds(60)); // the node to stop leads now

        long stopAt = System.nanoTime();
        System.out.printf("GracefulShutdownIT: SIGTERM to node-a at %d ms%n", stopAt / 1_000_000 % 1_000_000);
        a.stop(); // SIGTERM, waits for the process to exit
        long exitedAt = System.nanoTime();
        NodeProcess leader = CLUSTER.awaitLeader("node-b", Duration.ofSeconds(30));
        int before = acks.size();
        awaitAcks(acks, before + 20);
        writing.set(false);
        writer.join(30_000);

        assertThat(leader.id()).isEqualTo("node-b");
        assertThat(Files.readString(a.dir().resolve("node.log"), StandardCharsets.UTF_8))
                .contains("handing leadership to node-b")
                .containsPattern("node-b leads epoch \\S+ after a \\d+ ms handover");
        assertThat(missingOn(b, acks)).as("acknowledged writes missing on the new leader").isEmpty();
        long afterStop = acks.stream().filter(k -> k.atNanos() > exitedAt).count();
        assertThat(afterStop).as("writes acknowledged after the old leader exited").isGreaterThanOrEqualTo(20);
        assertThat(READ_ONLY_REFUSALS.get()).as("writes refused as read-only during the handover (the proxy holds "
                + "them for the next leader)").isZero();
        // a planned handover fails no write: commits in flight finish before the successor stands, writes the
        // old leader's database refuses meanwhile wait for the successor, and the old proxy serves them before it
        // closes (before these, every run failed one write with an unknown outcome)
        assertThat(FAILED_WRITES).as("writes that failed around the handover").isEmpty();
        System.out.printf("GracefulShutdownIT: stop took %d ms, longest gap between acknowledged writes around it "
                + "%d ms, %d writes acknowledged%n", (exitedAt - stopAt) / 1_000_000, longestGapMs(acks, stopAt),
                acks.size());
    }

    /** On a loaded machine the first leader may step down again right after opening: retry until it holds. */
    private static void createTable() throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        while (true) {
            try {
                TestCluster.appExecute(CLUSTER.awaitLeader(Duration.ofSeconds(60)), "CREATE DATABASE IF NOT EXISTS app",
                        "CREATE TABLE IF NOT EXISTS app.t (id INT PRIMARY KEY)");
                return;
            } catch (SQLException e) {
                if (System.nanoTime() > deadline) {
                    throw e;
                }
                Thread.sleep(500);
            }
        }
    }

    /** Inserts ids 1, 2, ... through the node's proxy; an id whose outcome is unknown is retried (a duplicate means it was written). */
    private static void write(NodeProcess via, List<Ack> acks, AtomicBoolean writing) {
        int next = 1;
        Connection conn = null;
        while (writing.get()) {
            try {
                if (conn == null) {
                    conn = DriverManager.getConnection(via.proxyJdbcUrl() + "?connectTimeout=5000&socketTimeout=30000",
                            "app", "app");
                }
                try (PreparedStatement ps = conn.prepareStatement("INSERT INTO app.t (id) VALUES (?)")) {
                    ps.setInt(1, next);
                    ps.executeUpdate();
                }
                acks.add(new Ack(next++, System.nanoTime()));
            } catch (SQLException e) {
                if (e.getErrorCode() == 1062) { // an earlier attempt was written after all: it is not acknowledged
                    next++;
                    continue;
                }
                if (e.getErrorCode() == 1290) {
                    READ_ONLY_REFUSALS.incrementAndGet();
                }
                FAILED_WRITES.add(next + ": " + e.getMessage());
                System.out.printf("GracefulShutdownIT: write %d failed at %d ms: %s%n", next,
                        System.nanoTime() / 1_000_000 % 1_000_000, e.getMessage());
                close(conn);
                conn = null;
                sleep(50);
            }
        }
        close(conn);
    }

    private static List<Integer> missingOn(NodeProcess node, List<Ack> acks) throws SQLException {
        java.util.Set<Integer> present = new java.util.HashSet<>();
        try (Connection c = node.db().connect(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT id FROM app.t")) {
            while (rs.next()) {
                present.add(rs.getInt(1));
            }
        }
        return acks.stream().map(Ack::id).filter(id -> !present.contains(id)).toList();
    }

    private static long longestGapMs(List<Ack> acks, long around) {
        long longest = 0;
        for (int i = 1; i < acks.size(); i++) {
            if (acks.get(i).atNanos() > around) {
                longest = Math.max(longest, acks.get(i).atNanos() - acks.get(i - 1).atNanos());
            }
        }
        return longest / 1_000_000;
    }

    private static void awaitAcks(List<Ack> acks, int count) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (acks.size() < count) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("only " + acks.size() + " of " + count + " writes acknowledged within 60 s");
            }
            Thread.sleep(20);
        }
    }

    private static void close(Connection c) {
        try {
            if (c != null) {
                c.close();
            }
        } catch (SQLException ignored) {
            // broken anyway
        }
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
