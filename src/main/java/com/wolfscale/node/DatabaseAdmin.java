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
     * Tries to fence this database ({@code read_only=ON}: no more writes from ordinary accounts). A commit
     * waiting for a semi-sync acknowledgement blocks that; such a database is fenced anyway (nothing can
     * commit without WolfScale's acknowledgement), and the attempt is repeated once the waiting commits
     * were released or killed.
     *
     * @return true when read_only is ON now
     */
    public boolean tryReadOnly() throws SQLException {
        try {
            execute("SET SESSION lock_wait_timeout = 1");
            execute("SET GLOBAL read_only = ON");
            return true;
        } catch (SQLException e) {
            if (e.getErrorCode() == 1205) {
                return false;
            }
            throw e;
        }
    }

    /** Sessions whose commit waits for a semi-sync acknowledgement. */
    public int waitingForAck() throws SQLException {
        return Integer.parseInt(string("SELECT COUNT(*) FROM information_schema.PROCESSLIST "
                + "WHERE STATE LIKE 'Waiting for semi-sync ACK%'"));
    }

    /**
     * Kills the sessions still waiting for an acknowledgement the cluster will never give: their
     * transactions then commit locally without it (the clients get a lost connection, never an OK) and are
     * errant, for the rejoin repair to roll back.
     */
    public int killWaitingForAck() throws SQLException {
        List<Long> ids = with(c -> {
            List<Long> out = new ArrayList<>();
            try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(
                    "SELECT ID FROM information_schema.PROCESSLIST WHERE STATE LIKE 'Waiting for semi-sync ACK%'")) {
                while (rs.next()) {
                    out.add(rs.getLong(1));
                }
            }
            return out;
        });
        for (long id : ids) {
            try {
                execute("KILL CONNECTION " + id);
            } catch (SQLException e) {
                if (e.getErrorCode() != 1094) { // unknown thread: already gone
                    throw e;
                }
            }
        }
        return ids.size();
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
}
