package com.wolfscale.capture;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * Keeps a node's MariaDB semi-sync settings consistent with its role. On the leader (with quorum
 * durability) commits wait, after the binlog sync (AFTER_SYNC), for WolfScale's acknowledgement, with
 * no timeout in practice and even when no replica is connected — MariaDB must never silently fall back to
 * asynchronous commits. Everywhere else the master side is off. Semi-sync is switched on only after the
 * capture reader is connected (otherwise every commit, set-up DDL included, would wait for nobody).
 */
public final class SemiSyncSettings {

    /** ~31 years: "never" for practical purposes, and accepted by MariaDB 10.11. */
    static final long NEVER_MS = 1_000_000_000_000L;

    private SemiSyncSettings() {
    }

    /** The wait settings; they apply to commits from now on. */
    public static void prepareLeader(Connection c) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute("SET GLOBAL rpl_semi_sync_master_wait_point = AFTER_SYNC");
            s.execute("SET GLOBAL rpl_semi_sync_master_timeout = " + NEVER_MS);
            s.execute("SET GLOBAL rpl_semi_sync_master_wait_no_slave = ON");
            s.execute("SET GLOBAL rpl_semi_sync_slave_enabled = OFF");
        }
    }

    /** Turns the master side on; call once the capture reader is connected. */
    public static void enable(Connection c) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute("SET GLOBAL rpl_semi_sync_master_enabled = ON");
        }
    }

    public static void disable(Connection c) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute("SET GLOBAL rpl_semi_sync_master_enabled = OFF");
        }
    }

    /** What MariaDB reports: whether commits currently wait for an acknowledgement, and its replicas. */
    public record Status(boolean enabled, boolean active, long clients, long noTx) { }

    public static Status status(Connection c) throws SQLException {
        boolean enabled;
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT @@global.rpl_semi_sync_master_enabled")) {
            rs.next();
            enabled = rs.getBoolean(1);
        }
        boolean active = false;
        long clients = 0;
        long noTx = 0;
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(
                "SHOW GLOBAL STATUS WHERE Variable_name IN ('Rpl_semi_sync_master_status',"
                        + "'Rpl_semi_sync_master_clients','Rpl_semi_sync_master_no_tx')")) {
            while (rs.next()) {
                switch (rs.getString(1).toLowerCase(java.util.Locale.ROOT)) {
                    case "rpl_semi_sync_master_status" -> active = rs.getString(2).equalsIgnoreCase("ON");
                    case "rpl_semi_sync_master_clients" -> clients = rs.getLong(2);
                    default -> noTx = rs.getLong(2);
                }
            }
        }
        return new Status(enabled, active, clients, noTx);
    }
}
