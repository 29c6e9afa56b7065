package com.wolfscale.snapshot;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * One column a snapshot copies, and how its values are written: numbers as the server prints them,
 * temporal values and UTF-8 text as escaped string literals, everything else (binary strings, BIT,
 * spatial, text in other character sets) as hexadecimal literals of the stored bytes. Generated columns
 * are left out: the target computes them.
 */
record SnapshotColumn(String name, Kind kind) {

    /** NUMBER unquoted, PLAIN quoted ASCII (temporal, UUID, INET), TEXT quoted UTF-8, BYTES hexadecimal. */
    enum Kind { NUMBER, PLAIN, TEXT, BYTES }

    static final Set<String> NUMBERS = Set.of("tinyint", "smallint", "mediumint", "int", "bigint", "decimal", "float",
            "double", "year");
    static final Set<String> PLAIN = Set.of("date", "datetime", "timestamp", "time", "inet4", "inet6", "uuid");
    static final Set<String> TEXT_TYPES = Set.of("char", "varchar", "tinytext", "text", "mediumtext", "longtext", "enum",
            "set", "json");
    static final Set<String> UTF8 = Set.of("utf8mb4", "utf8mb3", "utf8", "ascii");

    static List<SnapshotColumn> of(Connection c, String schema, String table) throws SQLException {
        List<SnapshotColumn> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT COLUMN_NAME, DATA_TYPE, CHARACTER_SET_NAME, IS_GENERATED "
                + "FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = ? AND TABLE_NAME = ? ORDER BY ORDINAL_POSITION")) {
            ps.setString(1, schema);
            ps.setString(2, table);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    if ("ALWAYS".equalsIgnoreCase(text(rs, 4))) {
                        continue;
                    }
                    out.add(new SnapshotColumn(text(rs, 1), kindOf(text(rs, 2), text(rs, 3))));
                }
            }
        }
        return out;
    }

    static Kind kindOf(String dataType, String charset) {
        String t = dataType.toLowerCase(Locale.ROOT);
        if (NUMBERS.contains(t)) {
            return Kind.NUMBER;
        }
        if (PLAIN.contains(t)) {
            return Kind.PLAIN;
        }
        boolean textual = charset == null || UTF8.contains(charset.toLowerCase(Locale.ROOT));
        return TEXT_TYPES.contains(t) && textual ? Kind.TEXT : Kind.BYTES;
    }

    static String selectList(List<SnapshotColumn> columns) {
        StringBuilder b = new StringBuilder();
        for (SnapshotColumn c : columns) {
            b.append(b.isEmpty() ? "" : ", ").append(SqlText.quote(c.name()));
        }
        return b.toString();
    }

    private static String text(ResultSet rs, int i) throws SQLException {
        byte[] b = rs.getBytes(i);
        return b == null ? null : new String(b, java.nio.charset.StandardCharsets.UTF_8);
    }
}
