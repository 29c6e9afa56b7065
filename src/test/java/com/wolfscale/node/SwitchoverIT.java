package com.wolfscale.node;

import static org.assertj.core.api.Assertions.assertThat;

import com.wolfscale.testkit.AckedWriter;
import com.wolfscale.testkit.HttpCalls;
import com.wolfscale.testkit.NodeProcess;
import com.wolfscale.testkit.TestCluster;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * An operator's switchover ({@code POST /admin/promote}) while a client writes through a follower's proxy:
 * the named node leads, no write fails (commits in flight on the old leader finish before the successor
 * stands; writes its database refuses meanwhile wait for the successor), and every acknowledged write is on
 * the new leader. Failback is off, so the cluster stays where the operator put it.
 */
class SwitchoverIT {

    @RegisterExtension
    static final TestCluster CLUSTER = TestCluster.of(3, toml -> toml.replace("[cluster]\n",
            "[cluster]\nfailback = false\n"));

    @Test
    void aSwitchoverUnderWriteLoadFailsNoWrite() throws Exception {
        GracefulShutdownIT.createAppTable(CLUSTER);
        NodeProcess a = CLUSTER.awaitLeader("node-a", Duration.ofSeconds(60));
        NodeProcess b = CLUSTER.node('b');
        NodeProcess c = CLUSTER.node('c');
        try (AckedWriter writer = AckedWriter.start("SwitchoverIT", c)) {
            writer.awaitAcks(20);
            long at = System.nanoTime();
            HttpCalls.Answer promoted = HttpCalls.post(a.apiUrl() + "/admin/promote", "{\"node\": \"node-b\"}",
                    TestCluster.API_TOKEN);
            assertThat(promoted.status()).as(promoted.toString()).isEqualTo(200);
            assertThat(CLUSTER.awaitLeader("node-b", Duration.ofSeconds(30)).id()).isEqualTo("node-b");
            writer.awaitAcks(writer.acks().size() + 20);
            writer.close();

            assertThat(writer.missingOn(b)).as("acknowledged writes missing on the new leader").isEmpty();
            assertThat(writer.failures()).as("writes that failed around the switchover").isEmpty();
            System.out.printf("SwitchoverIT: longest gap between acknowledged writes around the switchover %d ms, "
                    + "%d writes acknowledged%n", writer.longestGapMs(at), writer.acks().size());
        }
    }
}
