package com.wolfscale.node;

import static org.assertj.core.api.Assertions.assertThat;

import com.wolfscale.testkit.HttpCalls;
import com.wolfscale.testkit.NodeProcess;
import com.wolfscale.testkit.TestCluster;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
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
        for (int i = 3; i < 40; i++) {
            TestCluster.appExecute(leader, "INSERT INTO app.t VALUES (" + i + ", 'v')");
        }
        CLUSTER.awaitConverged("app", Duration.ofSeconds(20));
        long commit = HttpCalls.get(leader.apiUrl() + "/status").json().path("commit_lsn").asLong();
        assertThat(commit).isPositive();
        for (NodeProcess n : CLUSTER.nodes()) {
            // the leader defers the position of its own records while they keep coming; idle, it is written
            assertThat(awaitStoredPosition(n, commit, Duration.ofSeconds(10))).as("%s: wolfscale.applied_position",
                    n.id()).isEqualTo(commit);
        }
    }

    private static long awaitStoredPosition(NodeProcess n, long lsn, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        long stored;
        do {
            try (Connection c = n.db().connect(); Statement s = c.createStatement();
                 ResultSet rs = s.executeQuery("SELECT lsn FROM wolfscale.applied_position WHERE stream = 1")) {
                rs.next();
                stored = rs.getLong(1);
            }
            if (stored >= lsn) {
                return stored;
            }
            Thread.sleep(100);
        } while (System.nanoTime() < deadline);
        return stored;
    }
}
