package com.wolfscale.node;

import static org.assertj.core.api.Assertions.assertThat;

import com.wolfscale.testkit.NodeProcess;
import com.wolfscale.testkit.TestCluster;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Issue #5, values and determinism: whatever is written to the leader's MariaDB arrives byte-identical on
 * every follower — every column type, and statements whose results a statement replay would get wrong.
 */
class CaptureApplyIT {

    @RegisterExtension
    static final TestCluster CLUSTER = TestCluster.of(3);

    static NodeProcess leader;

    @BeforeAll
    static void leader() throws Exception {
        leader = CLUSTER.awaitLeader(Duration.ofSeconds(30));
    }

    @Test
    void everyColumnTypeArrivesIdentical() throws Exception {
        TestCluster.appExecute(leader, "CREATE DATABASE types CHARACTER SET utf8mb4",
                "CREATE TABLE types.t (id INT PRIMARY KEY, js JSON, geo GEOMETRY, pt POINT, bits BIT(13), bit64 BIT(64),"
                        + " en ENUM('a','b','c'), st SET('x','y','z'), dec65 DECIMAL(65,30), dtm6 DATETIME(6),"
                        + " ts6 TIMESTAMP(6) NULL DEFAULT NULL, dt DATE, dtm DATETIME, tm6 TIME(6), yr YEAR, f FLOAT,"
                        + " d DOUBLE, ubi BIGINT UNSIGNED, emoji VARCHAR(50) CHARACTER SET utf8mb4, lat VARCHAR(20)"
                        + " CHARACTER SET latin1, bin VARBINARY(16), blb LONGBLOB, txt MEDIUMTEXT, uid UUID, ip INET6,"
                        + " gv INT AS (id * 2) VIRTUAL, gs VARCHAR(60) AS (UPPER(emoji)) STORED) ENGINE=InnoDB",
                "CREATE TABLE types.nopk (a INT, b VARCHAR(10), c DOUBLE) ENGINE=InnoDB");
        try (Connection c = TestCluster.app(leader); Statement s = c.createStatement()) {
            s.execute("SET SESSION sql_mode = ''"); // zero dates need a permissive sql_mode
            s.execute("INSERT INTO types.t (id, js, geo, pt, bits, bit64, en, st, dec65, dtm6, ts6, dt, dtm, tm6, yr, f,"
                    + " d, ubi, emoji, lat, bin, txt, uid, ip) VALUES (1, '{\"a\": [1, {\"b\": null}], \"e\": \"😀\"}',"
                    + " ST_GeomFromText('POLYGON((0 0,1 0,1 1,0 0))'), POINT(1.5, -2), b'1010101010101', b'1', 'b',"
                    + " 'x,z', 12345.678901234567890123456789012345, '2024-02-29 12:34:56.654321',"
                    + " '2038-01-19 03:14:07.999999', '0000-00-00', '0000-00-00 00:00:00', '-12:34:56.789012', 2024,"
                    + " 1.25, -2.5e300, 18446744073709551615, 'wolf 🐺 rocket 🚀', 'café', x'00FF00FF',"
                    + " REPEAT('ü', 1000), '123e4567-e89b-12d3-a456-426614174000', '2001:db8::1')");
            s.execute("INSERT INTO types.t (id, dec65, dtm6, tm6) VALUES (2,"
                    + " -99999999999999999999999999999999999.999999999999999999999999999999,"
                    + " '9999-12-31 23:59:59.999999', '-838:59:59')");
            s.execute("INSERT INTO types.nopk VALUES (1, 'one', 1.5), (1, 'one', 1.5), (2, NULL, -0.0)");
            s.execute("UPDATE types.nopk SET b = 'uno' WHERE a = 1");
        }
        byte[] blob = new byte[16 << 20];
        new java.util.Random(7).nextBytes(blob);
        try (Connection c = TestCluster.app(leader);
             PreparedStatement ps = c.prepareStatement("INSERT INTO types.t (id, blb) VALUES (3, ?)")) {
            ps.setBytes(1, blob);
            ps.executeUpdate();
        }
        CLUSTER.awaitConverged("types", Duration.ofSeconds(60));
        List<List<String>> expected = rows(leader, "SELECT * FROM types.t ORDER BY id");
        for (NodeProcess n : CLUSTER.nodes()) {
            assertThat(rows(n, "SELECT * FROM types.t ORDER BY id")).as(n.id()).isEqualTo(expected);
            assertThat(rows(n, "SELECT a, b, HEX(c) FROM types.nopk ORDER BY a, b")).as(n.id())
                    .isEqualTo(rows(leader, "SELECT a, b, HEX(c) FROM types.nopk ORDER BY a, b"));
        }
    }

    @Test
    void nonDeterministicStatementsGiveTheLeadersResults() throws Exception {
        TestCluster.appExecute(leader, "CREATE DATABASE nd",
                "CREATE TABLE nd.t (id INT AUTO_INCREMENT PRIMARY KEY, at DATETIME(6), u VARCHAR(40), r DOUBLE,"
                        + " s DATETIME(6), who INT, flag INT DEFAULT 0) ENGINE=InnoDB",
                "CREATE TABLE nd.audit (id INT AUTO_INCREMENT PRIMARY KEY, t_id INT, note VARCHAR(40)) ENGINE=InnoDB",
                "CREATE TRIGGER nd.t_ai AFTER INSERT ON nd.t FOR EACH ROW INSERT INTO nd.audit (t_id, note)"
                        + " VALUES (NEW.id, UUID())",
                "CREATE PROCEDURE nd.p(n INT) BEGIN DECLARE i INT DEFAULT 0; WHILE i < n DO"
                        + " INSERT INTO nd.t (at, u, r, s, who) VALUES (NOW(6), UUID(), RAND(), SYSDATE(6), -1);"
                        + " SET i = i + 1; END WHILE; END");
        try (ExecutorService pool = Executors.newFixedThreadPool(8)) {
            List<Future<?>> sessions = new ArrayList<>();
            for (int w = 0; w < 8; w++) {
                int who = w;
                sessions.add(pool.submit(() -> {
                    try (Connection c = TestCluster.app(leader); Statement s = c.createStatement()) {
                        for (int i = 0; i < 25; i++) {
                            s.execute("INSERT INTO nd.t (at, u, r, s, who) VALUES (NOW(6), UUID(), RAND(), SYSDATE(6), "
                                    + who + ")");
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> f : sessions) {
                f.get();
            }
        }
        TestCluster.appExecute(leader, "UPDATE nd.t SET flag = 1 LIMIT 17", "CALL nd.p(5)",
                "INSERT INTO nd.t (at, u, r, s, who) SELECT at, UUID(), RAND(), NOW(6), who FROM nd.t WHERE who = 3",
                "CREATE TABLE nd.copy SELECT id, u, RAND() AS r2 FROM nd.t WHERE who < 2",
                "DELETE FROM nd.t WHERE who = 7 LIMIT 3");
        try (Connection c = TestCluster.app(leader); Statement s = c.createStatement()) {
            s.execute("CREATE TEMPORARY TABLE nd.tmp (x INT)");
            s.execute("INSERT INTO nd.tmp VALUES (41), (42)");
            s.execute("INSERT INTO nd.t (at, u, r, s, who) SELECT NOW(6), UUID(), RAND(), NOW(6), x FROM nd.tmp");
            c.setAutoCommit(false);
            s.execute("INSERT INTO nd.t (at, u, r, s, who) VALUES (NOW(6), UUID(), RAND(), NOW(6), 100)");
            s.execute("SAVEPOINT sp");
            s.execute("INSERT INTO nd.t (at, u, r, s, who) VALUES (NOW(6), UUID(), RAND(), NOW(6), 101)");
            s.execute("ROLLBACK TO SAVEPOINT sp");
            s.execute("UPDATE nd.t SET flag = 2 WHERE who = 100");
            c.commit();
            s.execute("INSERT INTO nd.t (at, u, r, s, who) VALUES (NOW(6), UUID(), RAND(), NOW(6), 200)");
            c.rollback();
        }
        CLUSTER.awaitConverged("nd", Duration.ofSeconds(30));
        for (String table : List.of("t", "audit", "copy")) {
            List<List<String>> expected = rows(leader, "SELECT * FROM nd." + table + " ORDER BY id");
            for (NodeProcess n : CLUSTER.nodes()) {
                assertThat(rows(n, "SELECT * FROM nd." + table + " ORDER BY id")).as(n.id() + " nd." + table)
                        .isEqualTo(expected);
            }
        }
        assertThat(rows(leader, "SELECT COUNT(*) FROM nd.t WHERE who IN (101, 200)")).containsExactly(List.of("0"));
    }

    @Test
    void ddlOfEveryKindIsApplied() throws Exception {
        TestCluster.appExecute(leader, "CREATE DATABASE ddl", "CREATE TABLE ddl.a (id INT PRIMARY KEY, v INT)",
                "ALTER TABLE ddl.a ADD COLUMN w VARCHAR(10) DEFAULT 'x'", "CREATE INDEX ix_v ON ddl.a (v)",
                "INSERT INTO ddl.a (id, v) VALUES (1, 1), (2, 2)", "RENAME TABLE ddl.a TO ddl.b",
                "CREATE VIEW ddl.vw AS SELECT id FROM ddl.b", "CREATE TABLE ddl.gone (x INT)", "DROP TABLE ddl.gone",
                "CREATE FUNCTION ddl.twice(x INT) RETURNS INT DETERMINISTIC RETURN x * 2",
                "ALTER TABLE ddl.b MODIFY v BIGINT", "TRUNCATE TABLE ddl.b", "INSERT INTO ddl.b (id, v) VALUES (9, 9)");
        CLUSTER.awaitConverged("ddl", Duration.ofSeconds(30));
        for (NodeProcess n : CLUSTER.nodes()) {
            assertThat(rows(n, "SHOW CREATE TABLE ddl.b")).as(n.id()).isEqualTo(rows(leader, "SHOW CREATE TABLE ddl.b"));
            assertThat(rows(n, "SELECT ddl.twice(21)")).as(n.id()).containsExactly(List.of("42"));
            assertThat(rows(n, "SELECT * FROM ddl.vw")).as(n.id()).containsExactly(List.of("9"));
        }
    }

    /** Every value of every row as hex of its bytes: exact, whatever the type. */
    static List<List<String>> rows(NodeProcess n, String sql) throws Exception {
        List<List<String>> out = new ArrayList<>();
        try (Connection c = n.db().connect(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            ResultSetMetaData md = rs.getMetaData();
            while (rs.next()) {
                List<String> row = new ArrayList<>();
                for (int i = 1; i <= md.getColumnCount(); i++) {
                    int type = md.getColumnType(i);
                    boolean binary = type == java.sql.Types.BINARY || type == java.sql.Types.VARBINARY
                            || type == java.sql.Types.LONGVARBINARY || type == java.sql.Types.BLOB;
                    if (!binary) {
                        row.add(String.valueOf(rs.getString(i)));
                        continue;
                    }
                    byte[] b = rs.getBytes(i);
                    row.add(b == null ? "NULL" : b.length > 64 ? "len=" + b.length + ",hash=" + Arrays.hashCode(b)
                            : java.util.HexFormat.of().formatHex(b));
                }
                out.add(row);
            }
        }
        return out;
    }
}
