package com.wolfscale.apply;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.wolfscale.capture.BinlogScanner;
import com.wolfscale.capture.DatabaseAddress;
import com.wolfscale.changelog.TransactionRecord;
import com.wolfscale.mysql.binlog.Gtid;
import com.wolfscale.sandbox.MariaDbInstance;
import com.wolfscale.sandbox.MariaDbOptions;
import com.wolfscale.testkit.MariaDbServers;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Rolling transactions back from their binlog row images on a real MariaDB: a mixed workload over many
 * column types, tables with and without a primary key, a primary key change and a row changed twice in
 * one transaction is undone to the exact checksums from before; a row changed since, DDL and a
 * non-transactional table are refused with the data untouched.
 */
class TransactionUndoIT {

    @RegisterExtension
    static final MariaDbServers DB = MariaDbServers.of(1, MariaDbOptions.defaults());

    static final String[] TABLES = {"u.pk", "u.nopk", "u.child"};

    @Test
    void undoesAMixedWorkloadNewestFirstToTheExactFormerState() throws Exception {
        MariaDbInstance m = DB.get(0);
        m.execute("CREATE DATABASE IF NOT EXISTS u",
                "CREATE TABLE u.pk (id INT PRIMARY KEY, v INT, s VARCHAR(40) CHARACTER SET utf8mb4, "
                        + "d DECIMAL(65,30), dt DATETIME(6), j JSON, b BLOB, f FLOAT, e ENUM('x','y','z'), bt BIT(5), "
                        + "g INT AS (v * 2) VIRTUAL, pt POINT) ENGINE=InnoDB",
                "CREATE TABLE u.nopk (a INT, b VARCHAR(10)) ENGINE=InnoDB",
                "CREATE TABLE u.child (id INT PRIMARY KEY, pk_id INT, FOREIGN KEY (pk_id) REFERENCES u.pk (id)) ENGINE=InnoDB",
                "INSERT INTO u.pk (id, v, s, d, dt, j, b, f, e, bt, pt) VALUES "
                        + "(1, 10, 'één 🐺', 1.000000000000000000000000000001, '2020-01-01 00:00:00.123456', "
                        + "'{\"a\": 1}', x'00ff', 1.5, 'y', b'10101', POINT(1, 2)), (2, 20, NULL, NULL, NULL, NULL, NULL, "
                        + "NULL, NULL, NULL, NULL)",
                "INSERT INTO u.nopk VALUES (1, 'a'), (1, 'a'), (2, 'b')",
                "INSERT INTO u.child VALUES (1, 1)");
        List<String> before = checksums(m);
        List<Gtid> start = Gtid.parseList(single(m, "SELECT @@gtid_binlog_pos"));
        try (Connection c = m.connect(); Statement s = c.createStatement()) {
            s.execute("INSERT INTO u.pk (id, v, s) VALUES (3, 30, 'three')");
            c.setAutoCommit(false);
            s.execute("UPDATE u.pk SET v = v + 1, s = 'changed twice' WHERE id = 1");
            s.execute("UPDATE u.pk SET v = v + 1, j = '{\"b\": [1, 2]}' WHERE id = 1");
            s.execute("DELETE FROM u.nopk WHERE a = 1 LIMIT 1");
            s.execute("INSERT INTO u.nopk VALUES (2, 'b')");
            c.commit();
            s.execute("UPDATE u.pk SET id = id + 100 WHERE id IN (2, 3)"); // primary key change, several rows
            s.execute("DELETE FROM u.child");
            s.execute("INSERT INTO u.child VALUES (7, 102)");
            c.commit();
            c.setAutoCommit(true);
            s.execute("DELETE FROM u.pk WHERE id = 1");
        }
        assertThat(checksums(m)).isNotEqualTo(before);
        String afterWorkload = single(m, "SELECT @@gtid_binlog_pos");
        List<TransactionRecord> txs = new ArrayList<>(BinlogScanner.scan(address(m), 9101, start, 64 << 20));
        assertThat(txs).hasSize(4);
        Collections.reverse(txs);
        try (Connection c = m.connect()) {
            TransactionUndo undo = new TransactionUndo(c);
            for (TransactionRecord tx : txs) {
                undo.undo(tx, conn -> { });
            }
        }
        assertThat(checksums(m)).isEqualTo(before);
        assertThat(single(m, "SELECT @@gtid_binlog_pos")).as("the undo itself is not binlogged").isEqualTo(afterWorkload);
    }

    @Test
    void refusesARowChangedSinceAndLeavesEverythingAsItWas() throws Exception {
        MariaDbInstance m = DB.get(0);
        m.execute("CREATE DATABASE IF NOT EXISTS r", "CREATE TABLE r.t (id INT PRIMARY KEY, v INT) ENGINE=InnoDB",
                "CREATE TABLE r.m (id INT PRIMARY KEY) ENGINE=MyISAM");
        List<Gtid> start = Gtid.parseList(single(m, "SELECT @@gtid_binlog_pos"));
        m.execute("INSERT INTO r.t VALUES (1, 1), (2, 2)");
        try (Connection c = m.connect(); Statement s = c.createStatement()) {
            s.execute("SET SESSION sql_log_bin = 0");
            s.execute("UPDATE r.t SET v = 99 WHERE id = 2"); // out of band, after the transaction
        }
        String changed = single(m, "CHECKSUM TABLE r.t", 2);
        TransactionRecord insert = BinlogScanner.scan(address(m), 9102, start, 64 << 20).get(0);
        try (Connection c = m.connect()) {
            TransactionUndo undo = new TransactionUndo(c);
            assertThatThrownBy(() -> undo.undo(insert, conn -> conn.createStatement().execute("DELETE FROM r.m")))
                    .isInstanceOf(TransactionUndo.RefusedException.class).hasMessageContaining("r.t changed after");
        }
        assertThat(single(m, "CHECKSUM TABLE r.t", 2)).isEqualTo(changed);

        List<Gtid> next = Gtid.parseList(single(m, "SELECT @@gtid_binlog_pos"));
        m.execute("ALTER TABLE r.t ADD COLUMN w INT", "INSERT INTO r.m VALUES (1)");
        List<TransactionRecord> later = BinlogScanner.scan(address(m), 9103, next, 64 << 20);
        try (Connection c = m.connect()) {
            TransactionUndo undo = new TransactionUndo(c);
            assertThatThrownBy(() -> undo.precheck(later.get(0))).isInstanceOf(TransactionUndo.RefusedException.class)
                    .hasMessageContaining("statements");
            assertThatThrownBy(() -> undo.precheck(later.get(1))).isInstanceOf(TransactionUndo.RefusedException.class)
                    .hasMessageContaining("non-transactional MyISAM");
        }
    }

    static DatabaseAddress address(MariaDbInstance m) {
        return new DatabaseAddress(m.host(), m.port(), "root", "");
    }

    static List<String> checksums(MariaDbInstance m) throws SQLException {
        List<String> out = new ArrayList<>();
        for (String t : TABLES) {
            out.add(single(m, "CHECKSUM TABLE " + t, 2));
        }
        return out;
    }

    static String single(MariaDbInstance m, String sql) throws SQLException {
        return single(m, sql, 1);
    }

    static String single(MariaDbInstance m, String sql, int column) throws SQLException {
        try (Connection c = m.connect(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getString(column);
        }
    }
}
