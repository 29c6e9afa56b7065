package com.wolfscale.node;

import com.wolfscale.api.ApiException;
import com.wolfscale.api.model.WriteRequests;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Builds the SQL of the typed write endpoints: identifiers quoted with backticks (a backtick inside a
 * name doubled), every value a {@code ?} bound by the driver — never spliced into the text (the original's
 * renderer did not escape backslashes or backticks, §7.D6).
 */
final class WriteStatements {

    /** A statement and the values of its placeholders, in order. */
    record Statement(String sql, List<Object> params) { }

    private static final Pattern DDL = Pattern.compile("^\\s*(CREATE|ALTER|DROP|RENAME|TRUNCATE)\\b",
            Pattern.CASE_INSENSITIVE);

    private WriteStatements() {
    }

    static Statement insert(WriteRequests.Insert r, Optional<String> defaultDb) {
        Map<String, Object> values = nonEmpty(r.values(), "values");
        List<Object> params = new ArrayList<>(values.values());
        return new Statement("INSERT INTO " + table(r.table(), r.database(), defaultDb) + " (" + columns(values)
                + ") VALUES (" + placeholders(values.size()) + ")", params);
    }

    static Statement update(WriteRequests.Update r, Optional<String> defaultDb) {
        Map<String, Object> set = nonEmpty(r.set(), "set");
        Map<String, Object> where = nonEmpty(r.whereKey(), "where_key");
        List<Object> params = new ArrayList<>(set.values());
        params.addAll(where.values());
        List<String> assignments = new ArrayList<>();
        set.keySet().forEach(c -> assignments.add(quote(c) + " = ?"));
        return new Statement("UPDATE " + table(r.table(), r.database(), defaultDb) + " SET "
                + String.join(", ", assignments) + " WHERE " + matching(where), params);
    }

    static Statement delete(WriteRequests.Delete r, Optional<String> defaultDb) {
        Map<String, Object> where = nonEmpty(r.whereKey(), "where_key");
        return new Statement("DELETE FROM " + table(r.table(), r.database(), defaultDb) + " WHERE " + matching(where),
                new ArrayList<>(where.values()));
    }

    static Statement upsert(WriteRequests.Upsert r, Optional<String> defaultDb) {
        Map<String, Object> values = nonEmpty(r.values(), "values");
        List<String> update = r.updateColumns() == null || r.updateColumns().isEmpty()
                ? List.copyOf(values.keySet()) : r.updateColumns();
        List<String> assignments = new ArrayList<>();
        for (String c : update) {
            if (!values.containsKey(c)) {
                throw ApiException.badRequest("BAD_WRITE", "update_columns names " + c
                        + ", which is not in values: list only columns that values sets");
            }
            assignments.add(quote(c) + " = VALUES(" + quote(c) + ")");
        }
        return new Statement("INSERT INTO " + table(r.table(), r.database(), defaultDb) + " (" + columns(values)
                + ") VALUES (" + placeholders(values.size()) + ") ON DUPLICATE KEY UPDATE "
                + String.join(", ", assignments), new ArrayList<>(values.values()));
    }

    /** DDL is SQL by nature: it is run as given, after checking that it is DDL. */
    static Statement ddl(WriteRequests.Ddl r) {
        if (r.ddl() == null || !DDL.matcher(r.ddl()).find()) {
            throw ApiException.badRequest("NOT_DDL", "ddl must be a CREATE, ALTER, DROP, RENAME or TRUNCATE statement; "
                    + "use POST /sql for anything else");
        }
        return new Statement(r.ddl(), List.of());
    }

    /** {@code `name`}, with backticks inside doubled; refuses empty names and NUL. */
    static String quote(String identifier) {
        if (identifier == null || identifier.isBlank() || identifier.indexOf('\0') >= 0 || identifier.length() > 64) {
            throw ApiException.badRequest("BAD_IDENTIFIER", "not a valid table or column name: "
                    + (identifier == null ? "(missing)" : "'" + identifier + "'") + " (1-64 characters, no NUL)");
        }
        return "`" + identifier.replace("`", "``") + "`";
    }

    private static String table(String table, String database, Optional<String> defaultDb) {
        String db = database != null ? database : defaultDb.orElseThrow(() -> ApiException.badRequest("NO_DATABASE",
                "name the database: add \"database\" to the body, or set [database] database in the node's config"));
        return quote(db) + "." + quote(table);
    }

    private static String columns(Map<String, Object> values) {
        List<String> cols = new ArrayList<>();
        values.keySet().forEach(c -> cols.add(quote(c)));
        return String.join(", ", cols);
    }

    /** Null-safe equality ({@code <=>}), so a key value of null matches NULL as the caller meant. */
    private static String matching(Map<String, Object> where) {
        List<String> parts = new ArrayList<>();
        where.keySet().forEach(c -> parts.add(quote(c) + " <=> ?"));
        return String.join(" AND ", parts);
    }

    private static String placeholders(int n) {
        return String.join(", ", java.util.Collections.nCopies(n, "?"));
    }

    private static Map<String, Object> nonEmpty(Map<String, Object> m, String field) {
        if (m == null || m.isEmpty()) {
            throw ApiException.badRequest("BAD_WRITE", field + " must name at least one column"
                    + (field.equals("where_key") ? " (a write without a key would change every row; use POST /sql for that)" : ""));
        }
        return m;
    }

    /** Whether a statement only reads (served by whichever node is asked, in a read-only transaction). */
    static boolean isRead(String sql) {
        String s = stripLeadingComments(sql).toUpperCase(Locale.ROOT);
        for (String kw : List.of("SELECT", "SHOW", "DESCRIBE", "DESC", "EXPLAIN", "WITH")) {
            if (s.startsWith(kw) && (s.length() == kw.length() || !Character.isLetterOrDigit(s.charAt(kw.length())))) {
                return true;
            }
        }
        return false;
    }

    private static String stripLeadingComments(String sql) {
        String s = sql.stripLeading();
        while (true) {
            if (s.startsWith("/*") && !s.startsWith("/*!")) {
                int end = s.indexOf("*/");
                s = end < 0 ? "" : s.substring(end + 2).stripLeading();
            } else if (s.startsWith("--") || s.startsWith("#")) {
                int end = s.indexOf('\n');
                s = end < 0 ? "" : s.substring(end + 1).stripLeading();
            } else if (s.startsWith("(")) {
                s = s.substring(1).stripLeading();
            } else {
                return s;
            }
        }
    }
}
