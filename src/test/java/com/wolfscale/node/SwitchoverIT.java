package com.wolfscale.node;

import static org.assertj.core.api.Assertions.assertThat;

import com.wolfscale.testkit.AckedWriter;
import com.wolfscale.testkit.HttpCalls;
import com.wolfscale.testkit.NodeProcess;
import com.wolfscale.testkit.TestCluster;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
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
        // without failback the first leader stays, and which node that is can depend on start-up timing (node-b
        // and node-c may elect one of them before node-a connects): switch over from whichever node leads to
        // another one, writing through the third
        GracefulShutdownIT.createAppTable(CLUSTER, null);
        NodeProcess leader = CLUSTER.awaitLeader(null, Duration.ofSeconds(60));
        List<NodeProcess> others = new ArrayList<>(CLUSTER.nodes());
        others.remove(leader);
        NodeProcess target = others.get(0);
        NodeProcess via = others.get(1);
        try (AckedWriter writer = AckedWriter.start("SwitchoverIT", via)) {
            writer.awaitAcks(20);
            long at = System.nanoTime();
            HttpCalls.Answer promoted = HttpCalls.post(leader.apiUrl() + "/admin/promote",
                    "{\"node\": \"" + target.id() + "\"}", TestCluster.API_TOKEN);
            assertThat(promoted.status()).as(promoted.toString()).isEqualTo(200);
            assertThat(CLUSTER.awaitLeader(target.id(), Duration.ofSeconds(30)).id()).isEqualTo(target.id());
            writer.awaitAcks(writer.acks().size() + 20);
            writer.close();

            assertThat(writer.missingOn(target)).as("acknowledged writes missing on the new leader").isEmpty();
            assertThat(writer.failures()).as("writes that failed around the switchover").isEmpty();
            System.out.printf("SwitchoverIT: longest gap between acknowledged writes around the switchover %d ms, "
                    + "%d writes acknowledged%n", writer.longestGapMs(at), writer.acks().size());
        }
    }
}
