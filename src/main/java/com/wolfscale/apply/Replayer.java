package com.wolfscale.apply;

import com.wolfscale.changelog.TransactionRecord;
import com.wolfscale.mysql.binlog.BinlogEvent;
import com.wolfscale.mysql.binlog.BinlogStatement;
import com.wolfscale.mysql.binlog.EventType;
import com.wolfscale.mysql.binlog.Gtid;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;

/**
 * Turns transaction records into {@code BINLOG} statements on one connection, following the rules of
 * spikes.md §1: the FORMAT_DESCRIPTION event goes first on every connection (and again when the source's
 * changes); every statement carries the table maps its rows events use; statements are kept under the
 * size the server accepts. Not thread-safe: used by the apply thread.
 */
final class Replayer {

    /** Errors that mean "this DDL already took effect" — accepted only when re-running an interrupted record. */
    static final Set<Integer> ALREADY_DONE = Set.of(1007, 1008, 1049, 1050, 1051, 1060, 1061, 1091, 1146, 1304,
            1305, 1359, 1360, 1396, 1537, 1539, 1826, 4088, 4089);

    private final Connection conn;
    private final int maxStatementBytes;
    private byte[] sentFormat;
    private long localServerId = -1;

    Replayer(Connection conn, int maxStatementBytes) {
        this.conn = conn;
        this.maxStatementBytes = maxStatementBytes;
    }

    static boolean isTransient(SQLException e) {
        int code = e.getErrorCode();
        String state = e.getSQLState() == null ? "" : e.getSQLState();
        return code == 1213 || code == 1205 || code == 1927 || code == 2006 || code == 2013 || state.startsWith("08")
                || e instanceof SQLTransientException || e instanceof SQLRecoverableException;
    }

    /**
     * Replays the rows of these transactions; {@code prefix} (statements ending in "; ") is sent in front of
     * the first BINLOG statement, in the same round trip.
     */
    void replayRows(List<ApplyLoop.Item> items, String prefix) throws SQLException {
        String first = prefix;
        List<BinlogEvent> pending = new ArrayList<>();
        long bytes = 0;
        for (ApplyLoop.Item item : items) {
            TransactionRecord tx = item.tx();
            ensureFormat(tx);
            List<BinlogEvent> events = events(tx);
            long size = events.stream().mapToLong(e -> e.bytes().length).sum();
            if (!pending.isEmpty() && (bytes + size) * 4 / 3 > maxStatementBytes) {
                execute(first, pending);
                first = "";
                pending.clear();
                bytes = 0;
            }
            pending.addAll(events);
            bytes += size;
        }
        if (!pending.isEmpty()) {
            execute(first, pending);
        }
    }

    /** Runs one statement without a result set (transaction control). */
    void run(String sql) throws SQLException {
        try (Statement s = conn.createStatement()) {
            s.execute(sql);
        }
    }

    /**
     * Replays a record holding statements (DDL): each statement with its context events on its own, then
     * any rows in one transaction. When {@code resumed}, errors meaning "already done" are accepted.
     */
    void replayStatements(ApplyLoop.Item item, boolean resumed) throws SQLException {
        TransactionRecord tx = item.tx();
        ensureFormat(tx);
        List<BinlogEvent> context = new ArrayList<>();
        List<BinlogEvent> rows = new ArrayList<>();
        for (BinlogEvent e : events(tx)) {
            int type = e.type();
            if (type == EventType.QUERY) {
                context.add(e);
                runStatement(context, resumed);
                context.clear();
            } else if (type == EventType.INTVAR || type == EventType.RAND || type == EventType.USER_VAR) {
                context.add(e);
            } else {
                rows.add(e);
            }
        }
        if (!rows.isEmpty()) {
            conn.setAutoCommit(false);
            try {
                execute(rows);
                conn.commit();
            } catch (SQLException e) {
                conn.rollback();
                throw e;
            } finally {
                conn.setAutoCommit(true);
            }
        }
    }

    private void runStatement(List<BinlogEvent> events, boolean resumed) throws SQLException {
        try {
            execute(events);
        } catch (SQLException e) {
            if (!(resumed && ALREADY_DONE.contains(e.getErrorCode()))) {
                throw e;
            }
        }
    }

    /**
     * True if this transaction came from this node's own binlog: its GTID carries this server's id and is
     * not beyond this server's binlog position in that domain (applied transactions are not binlogged on
     * a follower, so its binlog holds only what it wrote as leader).
     */
    boolean inOwnBinlog(TransactionRecord tx) throws SQLException {
        if (localServerId < 0) {
            try (Statement s = conn.createStatement(); ResultSet rs = s.executeQuery("SELECT @@server_id")) {
                rs.next();
                localServerId = rs.getLong(1);
            }
        }
        if (tx.gtid().serverId() != localServerId) {
            return false;
        }
        try (Statement s = conn.createStatement(); ResultSet rs = s.executeQuery("SELECT @@gtid_binlog_pos")) {
            rs.next();
            for (Gtid g : Gtid.parseList(rs.getString(1) == null ? "" : rs.getString(1))) {
                if (g.domainId() == tx.gtid().domainId() && g.serverId() == localServerId) {
                    return Long.compareUnsigned(tx.gtid().sequence(), g.sequence()) <= 0;
                }
            }
        }
        return false;
    }

    private void ensureFormat(TransactionRecord tx) throws SQLException {
        byte[] fde = tx.formatDescription();
        if (fde.length > 0 && (sentFormat == null || !Arrays.equals(sentFormat, fde))) {
            execute(List.of(BinlogEvent.of(fde, tx.checksummed())));
            sentFormat = fde;
        }
    }

    private static List<BinlogEvent> events(TransactionRecord tx) {
        List<BinlogEvent> out = new ArrayList<>(tx.events().size());
        for (byte[] e : tx.events()) {
            out.add(BinlogEvent.of(e, tx.checksummed()));
        }
        return out;
    }

    private void execute(List<BinlogEvent> events) throws SQLException {
        execute("", events);
    }

    private void execute(String prefix, List<BinlogEvent> events) throws SQLException {
        try (Statement s = conn.createStatement()) {
            s.execute(prefix + BinlogStatement.of(events));
        }
    }
}
