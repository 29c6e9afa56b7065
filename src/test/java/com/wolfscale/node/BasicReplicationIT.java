package com.wolfscale.node;

import static org.assertj.core.api.Assertions.assertThat;

import com.wolfscale.testkit.NodeProcess;
import com.wolfscale.testkit.TestCluster;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Three node processes: the lowest id leads, writes on its MariaDB reach every follower. */
class BasicReplicationIT {

    @RegisterExtension
    static final TestCluster CLUSTER = TestCluster.of(3);

    @Test
    void writesOnTheLeaderReachEveryFollower() throws Exception {
        NodeProcess leader = CLUSTER.awaitLeader(Duration.ofSeconds(30));
        assertThat(leader.id()).isEqualTo("node-a");
        TestCluster.appExecute(leader, "CREATE DATABASE app", "CREATE TABLE app.t (id INT PRIMARY KEY, v VARCHAR(20))",
                "INSERT INTO app.t VALUES (1, 'one'), (2, 'two')", "UPDATE app.t SET v = 'TWO' WHERE id = 2");
        CLUSTER.awaitConverged("app", Duration.ofSeconds(20));
    }
}
