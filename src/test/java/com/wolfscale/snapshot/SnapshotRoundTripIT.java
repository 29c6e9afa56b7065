package com.wolfscale.snapshot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.wolfscale.apply.AppliedPosition;
import com.wolfscale.common.Epoch;
import com.wolfscale.common.Lsn;
import com.wolfscale.sandbox.MariaDbInstance;
import com.wolfscale.sandbox.MariaDbOptions;
import com.wolfscale.testkit.MariaDbServers;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Arrays;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A snapshot written from one real MariaDB and loaded into another gives identical tables (CHECKSUM
 * TABLE over every column type, character sets, zero dates, large rows, generated and invisible
 * columns), the same views, routines, triggers, events and accounts, and the position it was taken at.
 */
class SnapshotRoundTripIT {

    @RegisterExtension
    static final MariaDbServers DB = MariaDbServers.of(2, MariaDbOptions.defaults().withSettings(
            "max_allowed_packet=64M", "log_bin_trust_function_creators=ON"));

    static final AppliedPosition AT = new AppliedPosition(Epoch.of(3L << 16 | 7), Lsn.of(4242), "0-1-99", Lsn.ZERO);

    @Test
    void aSnapshotLoadsIntoAnotherServerIdentically() throws Exception {
        MariaDbInstance source = DB.get(0);
        MariaDbInstance target = DB.get(1);
        source.execute("CREATE DATABASE s1", "CREATE DATABASE `s 2` CHARACTER SET latin1",
                "CREATE TABLE s1.types (id INT PRIMARY KEY AUTO_INCREMENT, ti TINYINT UNSIGNED, bi BIGINT, "
                        + "d DECIMAL(65,30), f FLOAT, db DOUBLE, bt BIT(13), dt DATETIME(6), ts TIMESTAMP(6) NULL, "
                        + "dd DATE, tm TIME(3), y YEAR, c CHAR(5), vc VARCHAR(100), tx TEXT, bl LONGBLOB, vb VARBINARY(20), "
                        + "e ENUM('a','b','c'), st SET('x','y'), j JSON, g POINT, u UUID, ip INET6, "
                        + "gen INT AS (ti * 2) VIRTUAL, pers VARCHAR(200) AS (CONCAT(vc, '!')) PERSISTENT, "
                        + "hid INT INVISIBLE DEFAULT 7) ENGINE=InnoDB",
                "CREATE TABLE `s 2`.`latin ``t`` x` (k INT PRIMARY KEY, l VARCHAR(20) CHARACTER SET latin1, "
                        + "n VARCHAR(20) CHARACTER SET utf8mb4) ENGINE=InnoDB",
                "CREATE TABLE s1.empty (x INT) ENGINE=InnoDB",
                "CREATE TABLE s1.nopk (a INT, b VARCHAR(10)) ENGINE=InnoDB",
                "CREATE VIEW s1.v AS SELECT id, vc FROM s1.types WHERE id < 3",
                "CREATE PROCEDURE s1.p(IN x INT) BEGIN\n  SELECT x; -- a comment; with semicolons\n  SELECT 'a;b';\nEND",
                "CREATE TRIGGER s1.t_ins BEFORE INSERT ON s1.nopk FOR EACH ROW SET NEW.b = CONCAT(NEW.b, ';')",
                "CREATE EVENT s1.ev ON SCHEDULE EVERY 1 DAY DISABLE DO DELETE FROM s1.empty",
                "CREATE USER 'snapapp'@'127.0.0.1' IDENTIFIED BY 'pw;with\\'quote'",
                "GRANT SELECT, INSERT ON s1.* TO 'snapapp'@'127.0.0.1'");
        try (Connection c = source.connect(); Statement s = c.createStatement()) {
            s.execute("SET SESSION sql_mode = ''");
            s.execute("INSERT INTO s1.types (ti, bi, d, f, db, bt, dt, ts, dd, tm, y, c, vc, tx, bl, vb, e, st, j, g, u, ip) "
                    + "VALUES (255, -9223372036854775808, 12345678901234567890.123456789012345678901234567891, 1.1, "
                    + "2.718281828459045, b'1010101010101', '0000-00-00 00:00:00', '2020-02-29 23:59:59.999999', "
                    + "'0000-00-00', '-838:59:59.999', 1901, 'ab', 'quote '' back\\\\ nl\\n cr\\r tab\\t nul\\0 🐺', "
                    + "REPEAT('é', 5000), x'00ff0a0d27', x'000102', 'c', 'x,y', '{\"k\": [1, \"two\"]}', POINT(1.5, -2), "
                    + "'12345678-1234-1234-1234-123456789abc', '::ffff:1.2.3.4')");
            s.execute("INSERT INTO s1.types (ti, vc) VALUES (NULL, NULL), (1, '')");
            s.execute("INSERT INTO s1.types (bl) VALUES (REPEAT(x'ab', 3 * 1024 * 1024))"); // a row above 1 MiB
            s.execute("INSERT INTO s1.types (vc) SELECT CONCAT('row-', seq) FROM s1.seq_1_to_3000");
            s.execute("INSERT INTO `s 2`.`latin ``t`` x` VALUES (1, 'caf\u00e9 \u00a3', 'caf\u00e9 \u20ac')");
            s.execute("INSERT INTO s1.nopk VALUES (1, 'a'), (1, 'a'), (2, NULL)");
        }
        byte[] dump = write(source);
        String text = new String(dump, java.nio.charset.StandardCharsets.UTF_8);
        assertThat(text).startsWith("-- wolfscale-snapshot v1 node=node-x epoch=" + AT.epoch().value() + " lsn=4242 ");
        assertThat(text).doesNotContain("snapapp_skip").containsPattern("wolfscale-snapshot-end lsn=4242 tables=\\d+ rows=\\d+ complete\n$");

        SnapshotFormat.Header h;
        String targetBinlog = single(target, "SELECT @@gtid_binlog_pos", 1);
        try (Connection c = target.connect()) {
            SnapshotLoader.emptyTarget(c);
            h = SnapshotLoader.load(new ByteArrayInputStream(dump), c, (b, s, t, n) -> { });
        }
        assertThat(single(target, "SELECT @@gtid_binlog_pos", 1)).as("loaded with binary logging off: "
                + binlogEvents(target)).isEqualTo(targetBinlog);
        assertThat(h.position()).isEqualTo(AT);
        assertThat(h.node()).isEqualTo("node-x");
        for (String table : new String[] {"s1.types", "`s 2`.`latin ``t`` x`", "s1.empty", "s1.nopk"}) {
            assertThat(single(target, "CHECKSUM TABLE " + table + " EXTENDED", 2)).as(table)
                    .isEqualTo(single(source, "CHECKSUM TABLE " + table + " EXTENDED", 2));
        }
        // again with the rows loaded by three connections at once, as a migration does
        try (Connection c = target.connect()) {
            SnapshotLoader.emptyTarget(c);
            SnapshotLoader.load(new ByteArrayInputStream(dump), c, target::connect, 3, (b, s, t, n) -> { });
        }
        assertThat(single(target, "SELECT @@gtid_binlog_pos", 1)).as("parallel: binary logging off too")
                .isEqualTo(targetBinlog);
        for (String table : new String[] {"s1.types", "`s 2`.`latin ``t`` x`", "s1.empty", "s1.nopk"}) {
            assertThat(single(target, "CHECKSUM TABLE " + table + " EXTENDED", 2)).as("parallel load: " + table)
                    .isEqualTo(single(source, "CHECKSUM TABLE " + table + " EXTENDED", 2));
        }
        assertThat(single(target, "SELECT SUM(hid) FROM s1.types", 1)).isEqualTo(single(source, "SELECT SUM(hid) FROM s1.types", 1));
        assertThat(single(target, "SELECT COUNT(*) FROM s1.v", 1)).isEqualTo("2");
        try (Connection c = target.connect(); Statement s = c.createStatement()) {
            s.execute("CALL s1.p(5)");
            s.execute("INSERT INTO s1.nopk VALUES (3, 'z')");
        }
        assertThat(single(target, "SELECT b FROM s1.nopk WHERE a = 3", 1)).as("the trigger came along").isEqualTo("z;");
        assertThat(single(target, "SELECT COUNT(*) FROM information_schema.EVENTS WHERE EVENT_NAME = 'ev'", 1)).isEqualTo("1");
        try (Connection app = java.sql.DriverManager.getConnection(target.jdbcUrl(), "snapapp", "pw;with'quote");
             Statement s = app.createStatement(); ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM s1.types")) {
            rs.next();
            assertThat(rs.getLong(1)).as("the account and its grants came along").isEqualTo(3004);
        }

    }

    @Test
    void aSnapshotCutShortIsRefused() throws Exception {
        MariaDbInstance source = DB.get(0);
        source.execute("CREATE DATABASE IF NOT EXISTS cut", "CREATE TABLE IF NOT EXISTS cut.t (x INT)",
                "INSERT INTO cut.t VALUES (1), (2)");
        byte[] dump = write(source);
        byte[] cut = Arrays.copyOf(dump, dump.length - 10);
        try (Connection c = DB.get(1).connect()) {
            SnapshotLoader.emptyTarget(c);
            assertThatThrownBy(() -> SnapshotLoader.load(new ByteArrayInputStream(cut), c, (b, s, t, n) -> { }))
                    .isInstanceOf(SnapshotLoader.IncompleteException.class).hasMessageContaining("cut short");
            byte[] noEnd = Arrays.copyOf(dump, new String(dump, java.nio.charset.StandardCharsets.UTF_8)
                    .lastIndexOf("-- wolfscale-snapshot-end"));
            SnapshotLoader.emptyTarget(c);
            assertThatThrownBy(() -> SnapshotLoader.load(new ByteArrayInputStream(noEnd), c, (b, s, t, n) -> { }))
                    .isInstanceOf(SnapshotLoader.IncompleteException.class).hasMessageContaining("without its end line");
            assertThatThrownBy(() -> SnapshotLoader.load(new ByteArrayInputStream("SELECT 1;\n".getBytes()), c,
                    (b, s, t, n) -> { })).hasMessageContaining("not a WolfScale snapshot");
        }
    }

    private static byte[] write(MariaDbInstance source) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (Connection c = source.connect(); Statement s = c.createStatement()) {
            s.execute("SET SESSION TRANSACTION ISOLATION LEVEL REPEATABLE READ");
            s.execute("START TRANSACTION WITH CONSISTENT SNAPSHOT");
            SnapshotWriter.write(c, AT, "node-x", Set.of("snapapp_skip"), out);
            s.execute("COMMIT");
        }
        return out.toByteArray();
    }

    static String binlogEvents(MariaDbInstance m) throws SQLException {
        StringBuilder b = new StringBuilder();
        try (Connection c = m.connect(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SHOW BINLOG EVENTS")) {
            while (rs.next()) {
                b.append(rs.getString("Event_type")).append(": ").append(rs.getString("Info")).append("; ");
            }
        }
        return b.toString();
    }

    static String single(MariaDbInstance m, String sql, int column) throws SQLException {
        try (Connection c = m.connect(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getString(column);
        }
    }
}
