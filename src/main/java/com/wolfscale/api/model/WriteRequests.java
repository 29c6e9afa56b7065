package com.wolfscale.api.model;

import java.util.List;
import java.util.Map;

/**
 * The bodies of {@code POST /write/*}, with the original's field names. Values are JSON scalars (objects
 * and arrays are stored as JSON text); {@code database} (new) defaults to {@code [database] database}.
 */
public final class WriteRequests {

    private WriteRequests() {
    }

    /** {@code INSERT INTO table (cols) VALUES (?, ...)}. */
    public record Insert(String table, Map<String, Object> values, String database) { }

    /** {@code UPDATE table SET ... WHERE key = ? AND ...}; {@code where_key} must not be empty. */
    public record Update(String table, Map<String, Object> set, Map<String, Object> whereKey, String database) { }

    /** {@code DELETE FROM table WHERE key = ? AND ...}; {@code where_key} must not be empty. */
    public record Delete(String table, Map<String, Object> whereKey, String database) { }

    /**
     * {@code INSERT ... ON DUPLICATE KEY UPDATE col = VALUES(col)} for {@code update_columns} (default: every
     * column in {@code values}).
     */
    public record Upsert(String table, Map<String, Object> values, List<String> updateColumns, String database) { }

    /** A DDL statement (CREATE, ALTER, DROP, RENAME, TRUNCATE); {@code table} is informational. */
    public record Ddl(String ddl, String table, String database) { }
}
