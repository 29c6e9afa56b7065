package com.wolfscale.apply;

import com.wolfscale.changelog.TableChange;
import com.wolfscale.changelog.TransactionRecord;
import com.wolfscale.mysql.binlog.BinlogEvent;
import com.wolfscale.mysql.binlog.BinlogStatement;
import com.wolfscale.mysql.binlog.FormatDescriptionEvent;
import com.wolfscale.mysql.binlog.rows.RowUndoSteps;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Rolls back one transaction from the before-images of its row events, on a connection with binary
 * logging off (the rejoin repair of a deposed leader's un-acknowledged tail). Newest change first, each
 * row is first checked to still hold the after-image the transaction left (written into an empty probe
 * table {@code wolfscale.undo_probe_N} and compared column by column, byte for byte), then undone with a one-row
 * inverted event; the whole transaction is undone in one database transaction, together with the
 * caller's bookkeeping, or not at all.
 *
 * <p>Refused (nothing changed): statement-format events (DDL), a table that no longer exists or is not
 * transactional, a row that changed since. Not thread-safe: one connection, one thread.
 */
public final class TransactionUndo {

    /** Engines whose changes a database transaction can roll back. */
    static final Set<String> TRANSACTIONAL = Set.of("INNODB", "ROCKSDB");
    static final String PROBE_SCHEMA = "wolfscale";

    /** Why a transaction cannot be rolled back safely; the database is unchanged. */
    public static final class RefusedException extends Exception {
        public RefusedException(String message) {
            super(message);
        }
    }

    /** Bookkeeping done in the undo's own database transaction (e.g. recording it as rolled back). */
    @FunctionalInterface
    public interface InTransaction {
        void run(Connection c) throws SQLException;
    }

    private final Connection conn;
    private final Map<String, String> probes = new HashMap<>();
    private byte[] sentFormat;

    /** @param conn a connection of an account that may set {@code sql_log_bin} (binary logging is turned off) */
    public TransactionUndo(Connection conn) throws SQLException {
        this.conn = conn;
        try (Statement s = conn.createStatement()) {
            s.execute("SET SESSION sql_log_bin = 0");
        }
    }

    /** What can be refused without touching data: statements, missing or non-transactional tables. */
    public void precheck(TransactionRecord tx) throws RefusedException, SQLException {
        if (tx.hasStatements()) {
            throw new RefusedException("transaction " + tx.gtid() + " contains statements (DDL or statement-format "
                    + "DML), which cannot be undone from row images");
        }
        for (TableChange t : tx.tables()) {
            String engine = engine(t.schema(), t.table());
            if (engine == null) {
                throw new RefusedException("transaction " + tx.gtid() + " changed " + t.schema() + "." + t.table()
                        + ", which no longer exists");
            }
            if (!TRANSACTIONAL.contains(engine.toUpperCase(Locale.ROOT))) {
                throw new RefusedException("transaction " + tx.gtid() + " changed " + t.schema() + "." + t.table()
                        + ", a non-transactional " + engine + " table");
            }
        }
    }

    /**
     * Undoes the transaction and runs {@code bookkeeping}, then commits; on any refusal or error rolls
     * everything back.
     */
    public void undo(TransactionRecord tx, InTransaction bookkeeping) throws RefusedException, SQLException {
        precheck(tx);
        FormatDescriptionEvent fde = FormatDescriptionEvent.decode(BinlogEvent.of(tx.formatDescription(), tx.checksummed()));
        List<BinlogEvent> events = new ArrayList<>();
        for (byte[] e : tx.events()) {
            events.add(BinlogEvent.of(e, tx.checksummed()));
        }
        List<RowUndoSteps.Step> steps = RowUndoSteps.of(events, fde, PROBE_SCHEMA, this::probeName);
        ensureFormat(tx);
        try {
            for (RowUndoSteps.Step s : steps) {
                createProbe(s.schema(), s.table());
            }
            undoInOneTransaction(tx, steps, bookkeeping);
        } finally {
            dropProbes();
        }
    }

    private void undoInOneTransaction(TransactionRecord tx, List<RowUndoSteps.Step> steps, InTransaction bookkeeping)
            throws RefusedException, SQLException {
        conn.setAutoCommit(false);
        boolean done = false;
        try {
            for (RowUndoSteps.Step s : steps) {
                if (s.probe().isPresent() && !stillHolds(s)) {
                    throw new RefusedException("a row of " + s.schema() + "." + s.table() + " changed after transaction "
                            + tx.gtid() + " wrote it: undoing the transaction would lose that change");
                }
                try {
                    execute(s.undo());
                } catch (SQLException e) {
                    if (e.getErrorCode() == 1032 || e.getErrorCode() == 1062) {
                        throw new RefusedException("a row of " + s.schema() + "." + s.table() + " changed after "
                                + "transaction " + tx.gtid() + " (" + e.getMessage() + ")");
                    }
                    throw e;
                }
            }
            bookkeeping.run(conn);
            conn.commit();
            done = true;
        } finally {
            if (!done) {
                conn.rollback();
            }
            conn.setAutoCommit(true);
        }
    }

    /** Writes the after-image into the empty probe and looks for an identical row in the real table. */
    private boolean stillHolds(RowUndoSteps.Step s) throws SQLException {
        String probe = probeName(s.schema(), s.table());
        try (Statement st = conn.createStatement()) {
            st.execute("DELETE FROM " + quote(PROBE_SCHEMA) + "." + quote(probe));
        }
        execute(s.probe().get());
        StringBuilder on = new StringBuilder();
        for (String column : columns(s.schema(), s.table())) {
            on.append(on.isEmpty() ? "" : " AND ").append("BINARY t.").append(quote(column)).append(" <=> BINARY p.")
                    .append(quote(column));
        }
        String sql = "SELECT 1 FROM " + quote(s.schema()) + "." + quote(s.table()) + " t JOIN " + quote(PROBE_SCHEMA)
                + "." + quote(probe) + " p ON " + on + " LIMIT 1";
        try (Statement st = conn.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            return rs.next();
        }
    }

    private String probeName(String schema, String table) {
        return probes.computeIfAbsent(schema + "." + table, k -> "undo_probe_" + (probes.size() + 1));
    }

    /**
     * A real (not temporary) table: the row applier behind {@code BINLOG} does not see temporary tables.
     * Created and dropped outside the undo's transaction (DDL commits), never binlogged.
     */
    private void createProbe(String schema, String table) throws SQLException {
        String probe = quote(PROBE_SCHEMA) + "." + quote(probeName(schema, table));
        try (Statement st = conn.createStatement()) {
            st.execute("CREATE DATABASE IF NOT EXISTS " + quote(PROBE_SCHEMA));
            st.execute("DROP TABLE IF EXISTS " + probe);
            st.execute("CREATE TABLE " + probe + " LIKE " + quote(schema) + "." + quote(table));
        }
    }

    private void dropProbes() throws SQLException {
        try (Statement st = conn.createStatement()) {
            for (String probe : probes.values()) {
                st.execute("DROP TABLE IF EXISTS " + quote(PROBE_SCHEMA) + "." + quote(probe));
            }
        }
        probes.clear();
    }

    private List<String> columns(String schema, String table) throws SQLException {
        List<String> out = new ArrayList<>();
        try (PreparedStatement ps = conn.prepareStatement("SELECT COLUMN_NAME FROM information_schema.COLUMNS "
                + "WHERE TABLE_SCHEMA = ? AND TABLE_NAME = ? ORDER BY ORDINAL_POSITION")) {
            ps.setString(1, schema);
            ps.setString(2, table);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(rs.getString(1));
                }
            }
        }
        return out;
    }

    private String engine(String schema, String table) throws SQLException {
        try (PreparedStatement ps = conn.prepareStatement(
                "SELECT ENGINE FROM information_schema.TABLES WHERE TABLE_SCHEMA = ? AND TABLE_NAME = ?")) {
            ps.setString(1, schema);
            ps.setString(2, table);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getString(1) : null;
            }
        }
    }

    private void ensureFormat(TransactionRecord tx) throws SQLException {
        byte[] fde = tx.formatDescription();
        if (sentFormat == null || !java.util.Arrays.equals(sentFormat, fde)) {
            execute(List.of(BinlogEvent.of(fde, tx.checksummed())));
            sentFormat = fde;
        }
    }

    private void execute(List<BinlogEvent> events) throws SQLException {
        try (Statement s = conn.createStatement()) {
            s.execute(BinlogStatement.of(events));
        }
    }

    static String quote(String identifier) {
        return "`" + identifier.replace("`", "``") + "`";
    }
}
