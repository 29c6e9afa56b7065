package com.wolfscale.node;

import com.wolfscale.capture.DatabaseAddress;
import com.wolfscale.mysql.binlog.Gtid;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * The node's administrative connection to its own MariaDB: health checks, fencing ({@code read_only}),
 * positions. Reconnects on demand. Thread-safe by serialising every use.
 */
public final class DatabaseAdmin implements AutoCloseable {

    private final DatabaseAddress db;
    private Connection conn;
    /** Connections of this node that a fence must not kill (e.g. the pending read_only statement's). */
    private final java.util.Set<Long> ownConnections = java.util.concurrent.ConcurrentHashMap.newKeySet();

    public DatabaseAdmin(DatabaseAddress db) {
        this.db = db;
    }

    public DatabaseAddress address() {
        return db;
    }

    /** A new connection (the caller closes it), with binary logging off for the session. */
    public Connection open() throws SQLException {
        Connection c = DriverManager.getConnection(db.jdbcUrl() + "&socketTimeout=10000", db.user(), db.password());
        try (Statement s = c.createStatement()) {
            s.execute("SET SESSION sql_log_bin = 0");
        }
        return c;
    }

    public synchronized <T> T with(SqlFunction<T> f) throws SQLException {
        try {
            if (conn == null || conn.isClosed()) {
                conn = open();
            }
            return f.apply(conn);
        } catch (SQLException e) {
            closeQuietly();
            throw e;
        }
    }

    /** A function over a connection that may throw. */
    public interface SqlFunction<T> {
        T apply(Connection c) throws SQLException;
    }

    /** A cheap liveness probe with a short timeout. */
    public boolean ping() {
        try {
            return with(c -> c.isValid(2));
        } catch (SQLException e) {
            return false;
        }
    }

    public String string(String sql) throws SQLException {
        return with(c -> {
            try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
                return rs.next() ? rs.getString(1) : null;
            }
        });
    }

    public void execute(String sql) throws SQLException {
        with(c -> {
            try (Statement s = c.createStatement()) {
                s.execute(sql);
            }
            return null;
        });
    }

    public List<Gtid> binlogPosition() throws SQLException {
        String pos = string("SELECT @@gtid_binlog_pos");
        return pos == null ? List.of() : Gtid.parseList(pos);
    }

    public long serverId() throws SQLException {
        return Long.parseLong(string("SELECT @@server_id"));
    }

    public boolean readOnly() throws SQLException {
        return "1".equals(string("SELECT @@global.read_only"));
    }

    /**
     * Starts {@code SET GLOBAL read_only = ON} on a connection of its own and returns at once: the
     * statement waits behind commits still waiting for a semi-sync acknowledgement, and while it waits
     * it already holds new writes back (the pending global read lock goes before them), so a client whose
     * commit is released or killed cannot slip another transaction in.
     */
    public java.util.concurrent.CompletableFuture<Void> readOnlyAsync() {
        java.util.concurrent.CompletableFuture<Void> done = new java.util.concurrent.CompletableFuture<>();
        Thread.ofVirtual().name("fence-read-only").start(() -> {
            long id = -1;
            try (Connection c = open(); Statement s = c.createStatement()) {
                id = connectionId(s);
                ownConnections.add(id);
                s.execute("SET SESSION lock_wait_timeout = 31536000");
                s.execute("SET GLOBAL read_only = ON");
                done.complete(null);
            } catch (SQLException | RuntimeException e) {
                done.completeExceptionally(e);
            } finally {
                ownConnections.remove(id);
            }
        });
        return done;
    }

    private static long connectionId(Statement s) throws SQLException {
        try (ResultSet rs = s.executeQuery("SELECT CONNECTION_ID()")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /** Sessions whose commit waits for a semi-sync acknowledgement. */
    public int waitingForAck() throws SQLException {
        return Integer.parseInt(string("SELECT COUNT(*) FROM information_schema.PROCESSLIST "
                + "WHERE STATE LIKE 'Waiting for semi-sync ACK%'"));
    }

    /**
     * Ends every client session of a deposed leader's database whose commit the cluster did not keep,
     * making sure none of them receives an OK. Only the leader of a binlog group commit shows as waiting
     * for the acknowledgement; the other members of its group wait behind it and commit with it. Killing
     * the waiter alone would let them return OK for transactions the cluster never had, so every other
     * client connection is killed first (a killed connection's socket is shut at once: no OK can follow),
     * then the waiters. Replication threads and this node's own connections stay.
     *
     * @return the sessions killed
     */
    public int killClientsOfDeposedLeader() throws SQLException {
        List<long[]> sessions = with(c -> {
            List<long[]> out = new ArrayList<>();
            try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(
                    "SELECT ID, STATE LIKE 'Waiting for semi-sync ACK%' FROM information_schema.PROCESSLIST "
                            + "WHERE ID <> CONNECTION_ID() AND COMMAND NOT IN ('Binlog Dump', 'Binlog Dump GTID', 'Daemon') "
                            + "AND USER NOT IN ('system user', 'event_scheduler', 'unauthenticated user')")) {
                while (rs.next()) {
                    out.add(new long[] {rs.getLong(1), rs.getLong(2)});
                }
            }
            return out;
        });
        int killed = 0;
        for (int waiting = 0; waiting <= 1; waiting++) {
            for (long[] session : sessions) {
                if (session[1] == waiting && !ownConnections.contains(session[0])) {
                    kill(session[0]);
                    killed++;
                }
            }
        }
        return killed;
    }

    private void kill(long id) throws SQLException {
        try {
            execute("KILL CONNECTION " + id);
        } catch (SQLException e) {
            if (e.getErrorCode() != 1094) { // unknown thread: already gone
                throw e;
            }
        }
    }

    private void closeQuietly() {
        if (conn != null) {
            try {
                conn.close();
            } catch (SQLException ignored) {
                // broken anyway
            }
            conn = null;
        }
    }

    @Override
    public synchronized void close() {
        closeQuietly();
    }

    /** Tables outside the system schemas and WolfScale's own: does this server hold application data? */
    static long userTables(java.sql.Connection c) throws SQLException {
        try (java.sql.Statement s = c.createStatement(); java.sql.ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM "
                + "information_schema.TABLES WHERE TABLE_SCHEMA NOT IN ('mysql', 'sys', 'information_schema', "
                + "'performance_schema', 'wolfscale')")) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
