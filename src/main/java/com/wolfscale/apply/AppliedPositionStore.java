package com.wolfscale.apply;

import com.wolfscale.common.Epoch;
import com.wolfscale.common.Lsn;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * The applied position inside the node's own MariaDB ({@code wolfscale.applied_position}, InnoDB, one
 * row), written in the same transaction as the changes it accounts for, so a crash at any point neither
 * loses nor repeats a transaction (MariaDB's own {@code gtid_slave_pos} works the same way). The schema is
 * created with binary logging off on every node: it is never replicated.
 */
public final class AppliedPositionStore {

    static final String SCHEMA = "wolfscale";
    static final String TABLE = SCHEMA + ".applied_position";

    private AppliedPositionStore() {
    }

    /** Creates the schema and row if missing. The session must have {@code sql_log_bin=0}. */
    public static void ensure(Connection c) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE IF NOT EXISTS " + SCHEMA);
            s.execute("CREATE TABLE IF NOT EXISTS " + TABLE + " (stream TINYINT UNSIGNED NOT NULL PRIMARY KEY, "
                    + "epoch BIGINT UNSIGNED NOT NULL, lsn BIGINT UNSIGNED NOT NULL, gtid VARCHAR(64) NOT NULL, "
                    + "ddl_pending BIGINT UNSIGNED NOT NULL DEFAULT 0, applied_at TIMESTAMP(6) NOT NULL "
                    + "DEFAULT CURRENT_TIMESTAMP(6) ON UPDATE CURRENT_TIMESTAMP(6)) ENGINE=InnoDB");
            s.execute("INSERT IGNORE INTO " + TABLE + " (stream, epoch, lsn, gtid) VALUES (1, 0, 0, '')");
        }
    }

    public static AppliedPosition read(Connection c) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(
                "SELECT epoch, lsn, gtid, ddl_pending FROM " + TABLE + " WHERE stream = 1")) {
            if (!rs.next()) {
                return AppliedPosition.NONE;
            }
            return new AppliedPosition(Epoch.of(rs.getLong(1)), Lsn.of(rs.getLong(2)), rs.getString(3), Lsn.of(rs.getLong(4)));
        }
    }

    /** Records the position; part of the caller's transaction (autocommit off) unless autocommit is on. */
    public static void write(Connection c, Epoch epoch, Lsn lsn, String gtid) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "UPDATE " + TABLE + " SET epoch = ?, lsn = ?, gtid = ?, ddl_pending = 0 WHERE stream = 1")) {
            ps.setLong(1, epoch.value());
            ps.setLong(2, lsn.value());
            ps.setString(3, gtid);
            ps.executeUpdate();
        }
    }

    /**
     * The same update as {@link #write}, as SQL text to send together with other statements. The GTID is a
     * MariaDB GTID list ({@code domain-server-seq}, comma-separated) or empty; anything else is refused.
     */
    public static String updateStatement(Epoch epoch, Lsn lsn, String gtid) {
        if (!gtid.matches("[0-9,-]*")) {
            throw new IllegalArgumentException("not a GTID: " + gtid);
        }
        return "UPDATE " + TABLE + " SET epoch = " + epoch.value() + ", lsn = " + lsn.value() + ", gtid = '" + gtid
                + "', ddl_pending = 0 WHERE stream = 1";
    }

    /** Marks a statement record as started, in its own committed transaction, before its DDL runs. */
    public static void markPending(Connection c, Lsn lsn) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE " + TABLE + " SET ddl_pending = ? WHERE stream = 1")) {
            ps.setLong(1, lsn.value());
            ps.executeUpdate();
        }
    }

    /** Moves the position back (rejoin repair rolled transactions back, or a migration restored a snapshot). */
    public static void reset(Connection c, AppliedPosition p) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "UPDATE " + TABLE + " SET epoch = ?, lsn = ?, gtid = ?, ddl_pending = ? WHERE stream = 1")) {
            ps.setLong(1, p.epoch().value());
            ps.setLong(2, p.lsn().value());
            ps.setString(3, p.gtid());
            ps.setLong(4, p.ddlPending().value());
            ps.executeUpdate();
        }
    }
}
