package com.wolfscale.node;

import static org.assertj.core.api.Assertions.assertThat;

import com.wolfscale.testkit.NodeProcess;
import com.wolfscale.testkit.TestCluster;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Issue #6 ("NEEDS_MIGRATION ... when it joins a cluster with data it does not have"), the most common way
 * to adopt WolfScale: a cluster built around a database that already holds data. The first node starts
 * with {@code --bootstrap} and its data becomes the log's base; an empty node cannot replay the log from
 * the start (it would miss the base) and a node holding other data cannot either (two histories): both
 * are NEEDS_MIGRATION and {@code auto_migrate} clones them. Real servers and node processes.
 */
class ExistingDataIT {

    @RegisterExtension
    static final TestCluster CLUSTER = TestCluster.of(3, toml -> toml.replace("[cluster]\n",
            "[cluster]\nauto_migrate = true\n")).startingOnly(0);

    @Test
    void aClusterBuiltAroundExistingDataClonesItToTheOtherNodes() throws Exception {
        NodeProcess a = CLUSTER.node('a');
        NodeProcess c = CLUSTER.node('c');
        a.db().execute("CREATE DATABASE legacy", "CREATE TABLE legacy.orders (id INT PRIMARY KEY, v VARCHAR(20))",
                "INSERT INTO legacy.orders SELECT seq, CONCAT('order ', seq) FROM legacy.seq_1_to_500");
        c.db().execute("CREATE DATABASE other", "CREATE TABLE other.junk (x INT)", "INSERT INTO other.junk VALUES (1)");

        a.start("--bootstrap");
        Thread.sleep(3000); // --bootstrap listens for an existing cluster first, then leads alone
        CLUSTER.node('b').start();
        c.start();
        MigrateRetentionIT.awaitLog(CLUSTER.node('b'), "auto_migrate", Duration.ofSeconds(60));
        MigrateRetentionIT.awaitLog(c, "auto_migrate", Duration.ofSeconds(60));
        assertThat(c.logTail(2000)).contains("never been part of this cluster");

        CLUSTER.awaitConverged("legacy", Duration.ofSeconds(120));
        for (NodeProcess n : CLUSTER.nodes()) {
            try (Connection conn = n.db().connect(); Statement s = conn.createStatement();
                 ResultSet rs = s.executeQuery("SELECT COUNT(*), (SELECT COUNT(*) FROM information_schema.SCHEMATA "
                         + "WHERE SCHEMA_NAME = 'other') FROM legacy.orders")) {
                rs.next();
                assertThat(rs.getInt(1)).as(n.id() + ": the base").isEqualTo(500);
                assertThat(rs.getInt(2)).as(n.id() + ": node-c's foreign data was replaced").isZero();
            }
        }
        TestCluster.appExecute(CLUSTER.awaitLeader(Duration.ofSeconds(30)), "INSERT INTO legacy.orders VALUES (501, 'after')");
        CLUSTER.awaitConverged("legacy", Duration.ofSeconds(30));
    }
}
