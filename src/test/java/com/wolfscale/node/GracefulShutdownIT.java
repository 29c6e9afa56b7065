package com.wolfscale.node;

import static org.assertj.core.api.Assertions.assertThat;

import com.wolfscale.testkit.AckedWriter;
import com.wolfscale.testkit.NodeProcess;
import com.wolfscale.testkit.TestCluster;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.sql.SQLException;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * SIGTERM on the leader while a client writes through a follower's proxy: the leader hands over to the
 * expected successor (next-lowest id) before it exits, no write fails, every acknowledged write is on the new
 * leader, and writes go on. The outage is measured and logged, not asserted (the machine is shared).
 */
class GracefulShutdownIT {

    @RegisterExtension
    static final TestCluster CLUSTER = TestCluster.of(3);

    @Test
    void aStoppedLeaderHandsOverAndNoAcknowledgedWriteIsLost() throws Exception {
        createAppTable(CLUSTER);
        NodeProcess b = CLUSTER.node('b');
        NodeProcess c = CLUSTER.node('c');

        long stopAt;
        long exitedAt;
        NodeProcess a;
        NodeProcess leader;
        try (AckedWriter writer = AckedWriter.start("GracefulShutdownIT", c)) {
            writer.awaitAcks(20);
            a = CLUSTER.awaitLeader("node-a", Duration.ofSeconds(60)); // the node to stop leads now
            stopAt = System.nanoTime();
            System.out.printf("GracefulShutdownIT: SIGTERM to node-a at %d ms%n", stopAt / 1_000_000 % 1_000_000);
            a.stop(); // SIGTERM, waits for the process to exit
            exitedAt = System.nanoTime();
            leader = CLUSTER.awaitLeader("node-b", Duration.ofSeconds(30));
            writer.awaitAcks(writer.acks().size() + 20);
            writer.close();

            assertThat(leader.id()).isEqualTo("node-b");
            assertThat(Files.readString(a.dir().resolve("node.log"), StandardCharsets.UTF_8))
                    .contains("handing leadership to node-b")
                    .containsPattern("node-b leads epoch \\S+ after a \\d+ ms handover");
            assertThat(writer.missingOn(b)).as("acknowledged writes missing on the new leader").isEmpty();
            long afterStop = writer.acks().stream().filter(k -> k.atNanos() > exitedAt).count();
            assertThat(afterStop).as("writes acknowledged after the old leader exited").isGreaterThanOrEqualTo(20);
            // a planned handover fails no write: commits in flight finish before the successor stands, writes the
            // old leader's database refuses meanwhile (1290) wait for the successor, and the old proxy serves
            // them before it closes (before these, every run failed one write with an unknown outcome)
            assertThat(writer.failures()).as("writes that failed around the handover").isEmpty();
            System.out.printf("GracefulShutdownIT: stop took %d ms, longest gap between acknowledged writes around "
                    + "it %d ms, %d writes acknowledged%n", (exitedAt - stopAt) / 1_000_000,
                    writer.longestGapMs(stopAt), writer.acks().size());
        }
    }

    /** Creates app.t; on a loaded machine the first leader may step down again right after opening: retry. */
    static void createAppTable(TestCluster cluster) throws Exception {
        createAppTable(cluster, cluster.nodes().get(0).id());
    }

    /** @param leaderId the node expected to lead, or null for whichever does (a cluster without failback) */
    static void createAppTable(TestCluster cluster, String leaderId) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        while (true) {
            try {
                TestCluster.appExecute(cluster.awaitLeader(leaderId, Duration.ofSeconds(60)),
                        "CREATE DATABASE IF NOT EXISTS app",
                        "CREATE TABLE IF NOT EXISTS app.t (id INT PRIMARY KEY)");
                break;
            } catch (SQLException e) {
                if (System.nanoTime() > deadline) {
                    throw e;
                }
                Thread.sleep(500);
            }
        }
        cluster.awaitConverged("app", Duration.ofSeconds(30));
    }
}
