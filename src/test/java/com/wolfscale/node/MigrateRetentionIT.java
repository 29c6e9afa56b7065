package com.wolfscale.node;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.wolfscale.testkit.HttpCalls;
import com.wolfscale.testkit.NodeProcess;
import com.wolfscale.testkit.TestCluster;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Issue #6: WAL retention with a size cap removes records a stopped follower still needs; when it comes
 * back it cannot catch up from the log, is NEEDS_MIGRATION, and {@code auto_migrate} brings it back by
 * itself from a snapshot — real servers, real node processes, real segment files.
 */
class MigrateRetentionIT {

    /** 1 MiB segments, at most 2 MiB of log kept: 5 MiB of incompressible rows push the old ones out. */
    @RegisterExtension
    static final TestCluster CLUSTER = TestCluster.of(3, toml -> toml
            .replace("segment_size_mb = 8", "segment_size_mb = 1\nmax_size_mb = 2")
            .replace("[cluster]\n", "[cluster]\nauto_migrate = true\n"));

    static final int ROWS = 40;
    static final int ROW_BYTES = 128 * 1024;

    @Test
    void aFollowerBehindRetentionIsMigratedAutomatically() throws Exception {
        NodeProcess a = CLUSTER.awaitLeader(Duration.ofSeconds(30));
        TestCluster.appExecute(a, "CREATE DATABASE rt", "CREATE TABLE rt.blobs (k INT PRIMARY KEY, b MEDIUMBLOB)");
        CLUSTER.awaitConverged("rt", Duration.ofSeconds(20));
        NodeProcess c = CLUSTER.node('c');
        c.kill();

        Random random = new Random(42);
        try (Connection conn = TestCluster.app(a);
             PreparedStatement ps = conn.prepareStatement("INSERT INTO rt.blobs VALUES (?, ?)")) {
            for (int k = 0; k < ROWS; k++) {
                byte[] b = new byte[ROW_BYTES];
                random.nextBytes(b); // incompressible: LZ4 cannot shrink the log below the cap
                ps.setInt(1, k);
                ps.setBytes(2, b);
                ps.executeUpdate();
            }
        }
        awaitLog(a, "WAL retention removed", Duration.ofSeconds(40));

        c.start();
        awaitLog(c, "auto_migrate", Duration.ofSeconds(60));
        JsonNode migration = awaitMigrationDone(c, Duration.ofSeconds(120));
        assertThat(migration.path("lsn").asLong()).as("the snapshot is tied to a log position").isPositive();
        CLUSTER.awaitConverged("rt", Duration.ofSeconds(60));
        try (Connection conn = TestCluster.app(c); Statement s = conn.createStatement();
             ResultSet rs = s.executeQuery("SELECT COUNT(*), SUM(LENGTH(b)) FROM rt.blobs")) {
            rs.next();
            assertThat(rs.getInt(1)).isEqualTo(ROWS);
            assertThat(rs.getLong(2)).isEqualTo((long) ROWS * ROW_BYTES);
        }
        // and it follows the log again: a write after the migration reaches it
        TestCluster.appExecute(CLUSTER.awaitLeader(Duration.ofSeconds(30)), "INSERT INTO rt.blobs VALUES (-1, NULL)");
        CLUSTER.awaitConverged("rt", Duration.ofSeconds(30));
    }

    static void awaitLog(NodeProcess n, String text, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (n.logTail(2000).contains(text)) {
                return;
            }
            Thread.sleep(500);
        }
        throw new AssertionError(n.id() + " never logged '" + text + "':\n" + n.logTail(60));
    }

    private static JsonNode awaitMigrationDone(NodeProcess n, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        HttpCalls.Answer last = null;
        while (System.nanoTime() < deadline) {
            try {
                last = HttpCalls.get(n.apiUrl() + "/admin/migrate");
                if (last.status() == 200 && "DONE".equals(last.json().path("state").asText())) {
                    return last.json();
                }
            } catch (java.io.IOException e) {
                // the API restarts with the node
            }
            Thread.sleep(500);
        }
        throw new AssertionError(n.id() + " never finished a migration: " + last + "\n" + n.logTail(60));
    }
}
