package com.wolfscale.node;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.wolfscale.api.ApiException;
import com.wolfscale.api.ApiJson;
import com.wolfscale.capture.DatabaseAddress;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.SQLTimeoutException;
import java.sql.Statement;
import java.sql.Types;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;

/**
 * Runs the API's statements on this node's own MariaDB with the {@code [database]} account, each on a new
 * connection (so no session state leaks between callers and {@code @@last_gtid} belongs to this one
 * statement). Writes go through the binlog like any client's, so capture replicates them; reads run in a
 * read-only transaction.
 */
final class ApiStatementRunner {

    /** What a committed write reports: rows, insert id, and the GTID MariaDB gave it ("" if nothing changed). */
    record Written(long affectedRows, long lastInsertId, String gtid) { }

    /** A read's rows (at most the cap) and whether there were more. */
    record Read(List<Map<String, Object>> rows, boolean truncated) { }

    /** Thrown when the node stopped being the writable leader before COMMIT; nothing was committed. */
    static final class LostLeadership extends Exception {
        LostLeadership() {
            super("this node stopped being the writable leader before COMMIT; the transaction was rolled back");
        }
    }

    /** Longest a write may take, COMMIT included (with quorum durability COMMIT waits for the cluster). */
    static final int WRITE_TIMEOUT_MS = 25_000;

    private final DatabaseAddress db;

    ApiStatementRunner(DatabaseAddress db) {
        this.db = db;
    }

    /**
     * Runs one statement in its own transaction and commits it if {@code stillWritable} holds just before
     * COMMIT (the window in which a deposed leader could commit is that check's; with quorum durability
     * such a commit waits for an acknowledgement that never comes and its session is killed).
     */
    Written write(String sql, List<Object> params, String database, BooleanSupplier stillWritable)
            throws SQLException, LostLeadership {
        try (Connection c = connect(database, WRITE_TIMEOUT_MS)) {
            c.setAutoCommit(false);
            long affected;
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                bind(ps, params);
                affected = ps.execute() ? 0 : Math.max(0, ps.getLargeUpdateCount());
            }
            long insertId = longOf(c, "SELECT LAST_INSERT_ID()");
            if (!stillWritable.getAsBoolean()) {
                c.rollback();
                throw new LostLeadership();
            }
            c.commit();
            String gtid = stringOf(c, "SELECT @@session.last_gtid");
            return new Written(affected, insertId, gtid == null ? "" : gtid);
        } catch (SQLTimeoutException e) {
            throw outcomeUnknown(e);
        } catch (SQLException e) {
            if (e.getMessage() != null && e.getMessage().contains("Read timed out")) {
                throw outcomeUnknown(e);
            }
            throw e;
        }
    }

    /** Runs a read in a read-only transaction; at most {@code maxRows} rows are returned. */
    Read read(String sql, List<Object> params, String database, int maxRows) throws SQLException {
        try (Connection c = connect(database, WRITE_TIMEOUT_MS)) {
            try (Statement s = c.createStatement()) {
                s.execute("START TRANSACTION READ ONLY");
            }
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                bind(ps, params);
                ps.setMaxRows(maxRows + 1);
                List<Map<String, Object>> rows = new ArrayList<>();
                boolean truncated = false;
                if (ps.execute()) {
                    try (ResultSet rs = ps.getResultSet()) {
                        ResultSetMetaData md = rs.getMetaData();
                        while (rs.next()) {
                            if (rows.size() == maxRows) {
                                truncated = true;
                                break;
                            }
                            rows.add(row(rs, md));
                        }
                    }
                }
                return new Read(rows, truncated);
            } finally {
                try (Statement s = c.createStatement()) {
                    s.execute("ROLLBACK");
                }
            }
        }
    }

    private Connection connect(String database, int timeoutMs) throws SQLException {
        Connection c = DriverManager.getConnection(db.jdbcUrl().replace("socketTimeout=0", "socketTimeout=" + timeoutMs),
                db.user(), db.password());
        if (database != null && !database.isBlank()) {
            try (Statement s = c.createStatement()) {
                s.execute("USE " + WriteStatements.quote(database));
            } catch (SQLException | RuntimeException e) {
                c.close();
                throw e;
            }
        }
        return c;
    }

    private static ApiException outcomeUnknown(SQLException e) {
        return new ApiException(504, "COMMIT_OUTCOME_UNKNOWN", "the statement did not finish within "
                + WRITE_TIMEOUT_MS / 1000 + " s (" + e.getMessage() + "); if it reached COMMIT it commits once the "
                + "cluster holds it (quorum lost?): check GET /status and the data before retrying");
    }

    static void bind(PreparedStatement ps, List<Object> params) throws SQLException {
        if (params == null) {
            return;
        }
        for (int i = 0; i < params.size(); i++) {
            Object v = params.get(i);
            switch (v) {
                case null -> ps.setNull(i + 1, Types.NULL);
                case BigInteger b -> ps.setBigDecimal(i + 1, new BigDecimal(b));
                case String s -> ps.setString(i + 1, s);
                case Number n -> ps.setObject(i + 1, n);
                case Boolean b -> ps.setBoolean(i + 1, b);
                default -> ps.setString(i + 1, json(v)); // objects and arrays: stored as JSON text
            }
        }
    }

    private static String json(Object v) {
        try {
            return ApiJson.strict().writeValueAsString(v);
        } catch (JsonProcessingException e) {
            throw ApiException.badRequest("BAD_VALUE", "cannot store value as JSON: " + e.getOriginalMessage());
        }
    }

    private static Map<String, Object> row(ResultSet rs, ResultSetMetaData md) throws SQLException {
        Map<String, Object> row = new LinkedHashMap<>();
        for (int i = 1; i <= md.getColumnCount(); i++) {
            Object v = rs.getObject(i);
            row.put(md.getColumnLabel(i), switch (v) {
                case null -> null;
                case Number n -> n;
                case Boolean b -> b;
                case String s -> s;
                case byte[] bytes -> Base64.getEncoder().encodeToString(bytes);
                default -> v.toString(); // dates, times, spatial: their SQL text form
            });
        }
        return row;
    }

    private static long longOf(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            return rs.next() ? rs.getLong(1) : 0;
        }
    }

    private static String stringOf(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            return rs.next() ? rs.getString(1) : null;
        }
    }
}
