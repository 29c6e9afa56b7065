package com.wolfscale.snapshot;

import com.wolfscale.apply.AppliedPosition;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Writes a logical snapshot of a database as SQL text, from a connection that already holds a consistent
 * snapshot (REPEATABLE READ, {@code START TRANSACTION WITH CONSISTENT SNAPSHOT}) taken at a known log
 * position. Streams: one table's rows at a time, fetched with a streaming result set, never the whole
 * database in memory. The format ({@link SnapshotFormat}) is plain SQL that the {@code mariadb} client can
 * also load.
 *
 * <p>What is included: every user database (not {@code mysql}, {@code sys}, {@code information_schema},
 * {@code performance_schema}, {@code wolfscale}) with its tables, rows, views, routines, triggers and
 * events, then the accounts (except the system ones and {@code skipUsers}) with their grants.
 */
public final class SnapshotWriter {

    static final Set<String> SYSTEM_SCHEMAS = Set.of("mysql", "sys", "information_schema", "performance_schema",
            "wolfscale");
    static final Set<String> SYSTEM_USERS = Set.of("root", "mariadb.sys", "PUBLIC", "");

    /** What was written. */
    public record Stats(int tables, long rows, long bytes) { }

    private final Connection conn;
    private final CountingOutput out;
    private int tables;
    private long rows;

    private SnapshotWriter(Connection conn, OutputStream out) {
        this.conn = conn;
        this.out = new CountingOutput(out);
    }

    /**
     * @param conn      inside a consistent snapshot; its {@code character_set_results} is set to binary here
     * @param position  the log position the snapshot holds
     * @param skipUsers accounts not to copy (e.g. the node's own administrative account)
     */
    public static Stats write(Connection conn, AppliedPosition position, String node, Set<String> skipUsers,
                              OutputStream out) throws SQLException, IOException {
        SnapshotWriter w = new SnapshotWriter(conn, out);
        try (Statement s = conn.createStatement()) {
            s.execute("SET SESSION character_set_results = binary"); // values as stored, no conversion
            s.execute("SET SESSION time_zone = '+00:00'");
        }
        w.out.line(SnapshotFormat.header(node, position));
        w.out.line(SnapshotFormat.SESSION_SETTINGS);
        List<String> schemas = w.schemas();
        for (String schema : schemas) {
            w.schema(schema);
        }
        for (String schema : schemas) {
            w.objects(schema);
        }
        w.accounts(skipUsers);
        w.out.line(SnapshotFormat.trailer(position, w.tables, w.rows));
        w.out.flush();
        return new Stats(w.tables, w.rows, w.out.count());
    }

    private List<String> schemas() throws SQLException {
        List<String> out = new ArrayList<>();
        for (String s : strings("SELECT SCHEMA_NAME FROM information_schema.SCHEMATA ORDER BY SCHEMA_NAME")) {
            if (!SYSTEM_SCHEMAS.contains(s.toLowerCase(java.util.Locale.ROOT))) {
                out.add(s);
            }
        }
        return out;
    }

    private void schema(String schema) throws SQLException, IOException {
        String q = SqlText.quote(schema);
        out.line("-- database " + q);
        out.line(single("SHOW CREATE DATABASE " + q, 2).replaceFirst("(?i)^CREATE DATABASE", "CREATE DATABASE IF NOT EXISTS")
                + ";");
        out.line("USE " + q + ";");
        for (String table : strings("SELECT TABLE_NAME FROM information_schema.TABLES WHERE TABLE_SCHEMA = "
                + SqlText.string(schema) + " AND TABLE_TYPE IN ('BASE TABLE', 'SEQUENCE') ORDER BY TABLE_NAME")) {
            table(schema, table);
        }
    }

    private void table(String schema, String table) throws SQLException, IOException {
        String name = SqlText.quote(schema) + "." + SqlText.quote(table);
        out.line("-- table " + name);
        out.line(single("SHOW CREATE TABLE " + name, 2) + ";");
        List<SnapshotColumn> columns = SnapshotColumn.of(conn, schema, table);
        if (columns.isEmpty()) {
            tables++;
            return;
        }
        TableRows rowsOut = new TableRows(out, name, columns);
        try (Statement s = conn.createStatement(ResultSet.TYPE_FORWARD_ONLY, ResultSet.CONCUR_READ_ONLY)) {
            s.setFetchSize(1000); // Connector/J 3 streams in chunks of this many rows: never the whole table in memory
            try (ResultSet rs = s.executeQuery("SELECT " + SnapshotColumn.selectList(columns) + " FROM " + name)) {
                while (rs.next()) {
                    rowsOut.add(rs);
                }
            }
        }
        rowsOut.finish();
        rows += rowsOut.count();
        tables++;
    }

    /** Views, routines, triggers and events: after every table, so that they find what they refer to. */
    private void objects(String schema) throws SQLException, IOException {
        String q = SqlText.string(schema);
        out.line("USE " + SqlText.quote(schema) + ";");
        for (String view : strings("SELECT TABLE_NAME FROM information_schema.VIEWS WHERE TABLE_SCHEMA = " + q
                + " ORDER BY TABLE_NAME")) {
            String ddl = single("SHOW CREATE VIEW " + SqlText.quote(schema) + "." + SqlText.quote(view), 2);
            out.line(ddl.replaceFirst("(?i)^CREATE ", "CREATE OR REPLACE ") + ";");
        }
        for (String kind : List.of("PROCEDURE", "FUNCTION")) {
            for (String routine : strings("SELECT ROUTINE_NAME FROM information_schema.ROUTINES WHERE ROUTINE_SCHEMA = "
                    + q + " AND ROUTINE_TYPE = '" + kind + "' ORDER BY ROUTINE_NAME")) {
                block(single("SHOW CREATE " + kind + " " + SqlText.quote(schema) + "." + SqlText.quote(routine), 3));
            }
        }
        for (String trigger : strings("SELECT TRIGGER_NAME FROM information_schema.TRIGGERS WHERE TRIGGER_SCHEMA = "
                + q + " ORDER BY ACTION_ORDER")) {
            block(single("SHOW CREATE TRIGGER " + SqlText.quote(schema) + "." + SqlText.quote(trigger), 3));
        }
        for (String event : strings("SELECT EVENT_NAME FROM information_schema.EVENTS WHERE EVENT_SCHEMA = " + q
                + " ORDER BY EVENT_NAME")) {
            block(single("SHOW CREATE EVENT " + SqlText.quote(schema) + "." + SqlText.quote(event), 4));
        }
    }

    private void accounts(Set<String> skipUsers) throws SQLException, IOException {
        List<String[]> users = new ArrayList<>();
        try (Statement s = conn.createStatement(); ResultSet rs = s.executeQuery(
                "SELECT User, Host FROM mysql.user WHERE is_role = 'N' ORDER BY User, Host")) {
            while (rs.next()) {
                String user = new String(rs.getBytes(1), StandardCharsets.UTF_8);
                if (!SYSTEM_USERS.contains(user) && !skipUsers.contains(user)) {
                    users.add(new String[] {user, new String(rs.getBytes(2), StandardCharsets.UTF_8)});
                }
            }
        }
        out.line("-- accounts");
        for (String[] u : users) {
            String account = SqlText.string(u[0]) + "@" + SqlText.string(u[1]);
            out.line(single("SHOW CREATE USER " + account, 1).replaceFirst("(?i)^CREATE USER", "CREATE OR REPLACE USER")
                    + ";");
            for (String grant : strings("SHOW GRANTS FOR " + account)) {
                out.line(grant + ";");
            }
        }
    }

    /** A statement whose body may hold semicolons and newlines. */
    private void block(String ddl) throws IOException {
        out.line("DELIMITER " + SnapshotFormat.BLOCK_DELIMITER);
        out.line(ddl + SnapshotFormat.BLOCK_DELIMITER);
        out.line("DELIMITER ;");
    }

    private List<String> strings(String sql) throws SQLException {
        List<String> out = new ArrayList<>();
        try (Statement s = conn.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            while (rs.next()) {
                out.add(new String(rs.getBytes(1), StandardCharsets.UTF_8));
            }
        }
        return out;
    }

    private String single(String sql, int column) throws SQLException {
        try (Statement s = conn.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            if (!rs.next()) {
                throw new SQLException("no answer to " + sql);
            }
            return new String(rs.getBytes(column), StandardCharsets.UTF_8);
        }
    }
}
