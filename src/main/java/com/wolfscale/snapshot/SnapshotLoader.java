package com.wolfscale.snapshot;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * Loads a snapshot ({@link SnapshotFormat}) from a stream into a database, statement by statement, with
 * binary logging off: it never holds more than a statement per connection in memory. The caller empties the target
 * first and records the position only when this returns (a snapshot without its end line is refused:
 * the stream broke, and the database holds a part of it).
 */
public final class SnapshotLoader {

    /** Told as the load goes on (from the loading thread). */
    public interface Progress {
        void loaded(long bytes, long statements, int tables, String table);
    }

    /** Raised when the stream is not a complete snapshot; the database holds part of it. */
    public static final class IncompleteException extends IOException {
        public IncompleteException(String message) {
            super(message);
        }
    }

    private SnapshotLoader() {
    }

    /** @return the snapshot's header (its log position) once every statement ran and the end line was seen */
    public static SnapshotFormat.Header load(InputStream in, Connection conn, Progress progress)
            throws IOException, SQLException {
        return load(in, conn, null, 0, progress);
    }

    /**
     * Loads with {@code inserters} more connections from {@code more} running the row statements in
     * parallel ({@link ParallelInserts}); everything else runs on {@code conn}, alone.
     */
    public static SnapshotFormat.Header load(InputStream in, Connection conn, ParallelInserts.ConnectionSource more,
                                             int inserters, Progress progress) throws IOException, SQLException {
        try (ParallelInserts parallel = inserters > 0 ? new ParallelInserts(more, inserters) : null) {
            return load(in, conn, parallel, progress);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("loading the snapshot was interrupted", e);
        }
    }

    private static SnapshotFormat.Header load(InputStream in, Connection conn, ParallelInserts parallel,
                                              Progress progress) throws IOException, SQLException, InterruptedException {
        CountingInput counted = new CountingInput(in);
        BufferedReader reader = new BufferedReader(new InputStreamReader(counted, StandardCharsets.UTF_8), 1 << 16);
        String first = reader.readLine();
        SnapshotFormat.Header header = SnapshotFormat.parseHeader(first == null ? "" : first).orElseThrow(() ->
                new IncompleteException("not a WolfScale snapshot: the first line is " + describe(first)));
        try (Statement s = conn.createStatement()) {
            // the text is SQL as the server reads it: the driver must not scan (or rewrite) it for JDBC
            // escapes — a megabyte statement per call made that scan the loader's main cost
            s.setEscapeProcessing(false);
            s.execute("SET SESSION sql_log_bin = 0");
            String delimiter = ";";
            StringBuilder pending = new StringBuilder();
            long statements = 0;
            int tables = 0;
            String table = "";
            String line;
            while ((line = reader.readLine()) != null) {
                if (pending.isEmpty()) {
                    if (line.startsWith(SnapshotFormat.END)) {
                        if (parallel != null) {
                            parallel.drain();
                        }
                        checkEnd(header, line, tables);
                        progress.loaded(counted.count(), statements, tables, table);
                        return header;
                    }
                    if (line.startsWith("-- table ")) {
                        tables++;
                        table = line.substring("-- table ".length());
                        progress.loaded(counted.count(), statements, tables, table);
                    }
                    if (line.isEmpty() || line.startsWith("-- ")) {
                        continue;
                    }
                    if (line.startsWith("DELIMITER ")) {
                        delimiter = line.substring("DELIMITER ".length()).trim();
                        continue;
                    }
                } else {
                    pending.append('\n');
                }
                pending.append(line);
                if (endsWith(pending, delimiter)) {
                    pending.setLength(pending.length() - delimiter.length());
                    if (parallel != null && startsWith(pending, "INSERT INTO ")) {
                        parallel.submit(pending.toString(), table);
                    } else {
                        if (parallel != null) {
                            parallel.drain(); // DDL and the rest run alone, after the rows before them
                        }
                        execute(s, pending, table);
                    }
                    pending.setLength(0);
                    statements++;
                    if (statements % 64 == 0) {
                        progress.loaded(counted.count(), statements, tables, table);
                    }
                }
            }
        }
        throw new IncompleteException("the snapshot of " + header.node() + " at LSN " + header.position().lsn()
                + " ended after " + counted.count() + " bytes without its end line: the source stopped or the "
                + "connection broke; run the migration again");
    }

    /**
     * Drops every user database (not the system ones, not {@code wolfscale}) with binary logging off: a
     * snapshot loads into an empty server. Returns the databases dropped.
     */
    public static java.util.List<String> emptyTarget(Connection conn) throws SQLException {
        java.util.List<String> dropped = new java.util.ArrayList<>();
        try (Statement s = conn.createStatement()) {
            s.execute("SET SESSION sql_log_bin = 0");
            java.util.List<String> schemas = new java.util.ArrayList<>();
            try (java.sql.ResultSet rs = s.executeQuery("SELECT SCHEMA_NAME FROM information_schema.SCHEMATA")) {
                while (rs.next()) {
                    schemas.add(rs.getString(1));
                }
            }
            for (String schema : schemas) {
                if (!SnapshotWriter.SYSTEM_SCHEMAS.contains(schema.toLowerCase(java.util.Locale.ROOT))) {
                    s.execute("DROP DATABASE " + SqlText.quote(schema));
                    dropped.add(schema);
                }
            }
        }
        return dropped;
    }

    private static void execute(Statement s, StringBuilder sql, String table) throws SQLException {
        try {
            s.execute(sql.toString());
        } catch (SQLException e) {
            throw new SQLException("loading the snapshot failed at " + (table.isEmpty() ? "its start" : table) + ": "
                    + e.getMessage() + " (statement begins: " + sql.substring(0, Math.min(200, sql.length())) + ")",
                    e.getSQLState(), e.getErrorCode(), e);
        }
    }

    private static void checkEnd(SnapshotFormat.Header header, String line, int tables) throws IncompleteException {
        var fields = SnapshotFormat.fields(line.substring(SnapshotFormat.END.length()));
        if (!line.endsWith(" " + SnapshotFormat.COMPLETE)) {
            throw new IncompleteException("the snapshot's end line is cut short ('" + line + "'): run the migration again");
        }
        if (!String.valueOf(header.position().lsn().value()).equals(fields.get("lsn"))
                || !String.valueOf(tables).equals(fields.get("tables"))) {
            throw new IncompleteException("the snapshot's end line (" + line + ") does not match what was loaded (LSN "
                    + header.position().lsn() + ", " + tables + " tables): not one snapshot");
        }
    }

    private static boolean startsWith(StringBuilder b, String prefix) {
        return b.length() >= prefix.length() && b.substring(0, prefix.length()).equals(prefix);
    }

    private static boolean endsWith(StringBuilder b, String suffix) {
        int n = b.length();
        int m = suffix.length();
        return n >= m && b.substring(n - m).equals(suffix);
    }

    private static String describe(String line) {
        return line == null ? "missing (empty stream)" : "'" + line.substring(0, Math.min(80, line.length())) + "'";
    }

    /** Counts the bytes read through it. */
    private static final class CountingInput extends java.io.FilterInputStream {
        private long count;

        CountingInput(InputStream in) {
            super(in);
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) {
                count++;
            }
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = super.read(b, off, len);
            if (n > 0) {
                count += n;
            }
            return n;
        }

        long count() {
            return count;
        }
    }
}
