package com.wolfscale.apply;

import com.wolfscale.common.Lsn;
import com.wolfscale.mysql.binlog.Gtid;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The rejoin repair's bookkeeping inside the node's own MariaDB (schema {@code wolfscale}, InnoDB, never
 * binlogged):
 *
 * <pre>
 * wolfscale.repair_checkpoint  one row: binlog_after (GTID list) — every transaction of this server's
 *                              binlog up to it is resolved (kept by the cluster or rolled back);
 *                              wal_lsn — the commit index then: any later capture lands above it
 * wolfscale.rolled_back        one row per transaction rolled back: gtid (key), binlog file and end
 *                              position, when, tables and rows touched, the file its events were saved to
 * </pre>
 *
 * A rolled-back transaction's row is written in the same database transaction as its undo, so a crash
 * between two undos resumes where it stopped.
 */
public final class RepairLedger {

    static final String CHECKPOINT = AppliedPositionStore.SCHEMA + ".repair_checkpoint";
    public static final String ROLLED_BACK = AppliedPositionStore.SCHEMA + ".rolled_back";

    /** Where the repair stands: own binlog resolved up to {@code binlogAfter}; WAL scanned from {@code walLsn}. */
    public record Checkpoint(List<Gtid> binlogAfter, Lsn walLsn) { }

    /** One transaction rolled back. */
    public record Entry(String gtid, String binlogFile, long binlogEndPosition, Instant at, String tables, long rows,
                        String savedTo) { }

    private RepairLedger() {
    }

    /** Creates the tables if missing. The session must have {@code sql_log_bin=0}. */
    public static void ensure(Connection c) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE IF NOT EXISTS " + AppliedPositionStore.SCHEMA);
            s.execute("CREATE TABLE IF NOT EXISTS " + CHECKPOINT + " (id TINYINT UNSIGNED NOT NULL PRIMARY KEY, "
                    + "binlog_after TEXT NOT NULL, wal_lsn BIGINT UNSIGNED NOT NULL, updated_at TIMESTAMP(6) NOT NULL "
                    + "DEFAULT CURRENT_TIMESTAMP(6) ON UPDATE CURRENT_TIMESTAMP(6)) ENGINE=InnoDB");
            s.execute("CREATE TABLE IF NOT EXISTS " + ROLLED_BACK + " (gtid VARCHAR(64) NOT NULL PRIMARY KEY, "
                    + "binlog_file VARCHAR(512) NOT NULL, binlog_end_position BIGINT UNSIGNED NOT NULL, "
                    + "rolled_back_at TIMESTAMP(6) NOT NULL, tables_touched TEXT NOT NULL, row_count BIGINT UNSIGNED NOT NULL, "
                    + "saved_to VARCHAR(1024) NOT NULL) ENGINE=InnoDB");
        }
    }

    public static Optional<Checkpoint> checkpoint(Connection c) throws SQLException {
        try (Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT binlog_after, wal_lsn FROM " + CHECKPOINT + " WHERE id = 1")) {
            if (!rs.next()) {
                return Optional.empty();
            }
            return Optional.of(new Checkpoint(Gtid.parseList(rs.getString(1)), Lsn.of(rs.getLong(2))));
        }
    }

    public static void writeCheckpoint(Connection c, Checkpoint cp) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO " + CHECKPOINT + " (id, binlog_after, wal_lsn) "
                + "VALUES (1, ?, ?) ON DUPLICATE KEY UPDATE binlog_after = VALUES(binlog_after), wal_lsn = VALUES(wal_lsn)")) {
            ps.setString(1, Gtid.formatList(cp.binlogAfter()));
            ps.setLong(2, cp.walLsn().value());
            ps.executeUpdate();
        }
    }

    /** Part of the undo's transaction. */
    public static void record(Connection c, Entry e) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO " + ROLLED_BACK + " (gtid, binlog_file, "
                + "binlog_end_position, rolled_back_at, tables_touched, row_count, saved_to) VALUES (?, ?, ?, ?, ?, ?, ?)")) {
            ps.setString(1, e.gtid());
            ps.setString(2, e.binlogFile());
            ps.setLong(3, e.binlogEndPosition());
            ps.setTimestamp(4, Timestamp.from(e.at()));
            ps.setString(5, e.tables());
            ps.setLong(6, e.rows());
            ps.setString(7, e.savedTo());
            ps.executeUpdate();
        }
    }

    public static Set<String> rolledBackGtids(Connection c) throws SQLException {
        Set<String> out = new HashSet<>();
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT gtid FROM " + ROLLED_BACK)) {
            while (rs.next()) {
                out.add(rs.getString(1));
            }
        }
        return out;
    }

    /** The most recent entries, newest first. */
    public static List<Entry> recent(Connection c, int limit) throws SQLException {
        List<Entry> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT gtid, binlog_file, binlog_end_position, rolled_back_at, "
                + "tables_touched, row_count, saved_to FROM " + ROLLED_BACK + " ORDER BY rolled_back_at DESC LIMIT ?")) {
            ps.setInt(1, limit);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new Entry(rs.getString(1), rs.getString(2), rs.getLong(3), rs.getTimestamp(4).toInstant(),
                            rs.getString(5), rs.getLong(6), rs.getString(7)));
                }
            }
        }
        return out;
    }
}
