package com.wolfscale.proxy.conformance;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.SQLWarning;
import java.sql.Statement;
import java.util.HexFormat;

/** Writes down everything a JDBC client sees, as text, so two runs can be compared exactly. */
final class JdbcObservation {

    private final StringBuilder out = new StringBuilder();

    JdbcObservation note(String line) {
        out.append(line).append('\n');
        return this;
    }

    /** Executes each statement and records its results, update counts, generated keys, warnings or error. */
    JdbcObservation run(Connection c, String... sqls) {
        for (String sql : sqls) {
            note("> " + (sql.length() > 120 ? sql.substring(0, 120) + "... (" + sql.length() + " chars)" : sql));
            try (Statement s = c.createStatement()) {
                boolean isResult = s.execute(sql, Statement.RETURN_GENERATED_KEYS);
                results(s, isResult);
                warnings(s.getWarnings());
                if (!isResult) {
                    try (ResultSet keys = s.getGeneratedKeys()) {
                        note("keys:");
                        rows(keys);
                    }
                }
            } catch (SQLException e) {
                error(e);
            }
            status(c);
        }
        return this;
    }

    void results(Statement s, boolean isResult) throws SQLException {
        int guard = 0;
        while (guard++ < 100) {
            if (isResult) {
                try (ResultSet rs = s.getResultSet()) {
                    resultSet(rs);
                }
            } else {
                int count = s.getUpdateCount();
                if (count == -1) {
                    return;
                }
                note("update count " + count);
            }
            isResult = s.getMoreResults();
        }
    }

    JdbcObservation resultSet(ResultSet rs) throws SQLException {
        ResultSetMetaData md = rs.getMetaData();
        StringBuilder cols = new StringBuilder("columns:");
        for (int i = 1; i <= md.getColumnCount(); i++) {
            cols.append(" [").append(md.getColumnLabel(i)).append('|').append(md.getColumnName(i)).append('|')
                    .append(md.getTableName(i)).append('|').append(md.getCatalogName(i)).append('|')
                    .append(md.getColumnTypeName(i)).append('|').append(md.getColumnType(i)).append('|')
                    .append(md.getPrecision(i)).append('|').append(md.getScale(i)).append('|')
                    .append(md.isNullable(i)).append('|').append(md.isSigned(i)).append('|')
                    .append(md.getColumnDisplaySize(i)).append(']');
        }
        note(cols.toString());
        rows(rs);
        return this;
    }

    void rows(ResultSet rs) throws SQLException {
        int columns = rs.getMetaData().getColumnCount();
        while (rs.next()) {
            StringBuilder row = new StringBuilder("row:");
            for (int i = 1; i <= columns; i++) {
                row.append(" ").append(value(rs, i));
            }
            note(row.toString());
        }
    }

    private static String value(ResultSet rs, int i) {
        try {
            byte[] bytes = rs.getBytes(i);
            if (bytes == null) {
                return "NULL";
            }
            String hex = bytes.length > 64 ? bytes.length + " bytes, md5 " + md5(bytes) : HexFormat.of().formatHex(bytes);
            Object o;
            try {
                o = rs.getObject(i);
            } catch (SQLException e) {
                o = "getObject failed: " + e.getSQLState() + " " + e.getMessage();
            }
            String text = o == null ? "null" : o.getClass().getSimpleName() + ":" + abbreviate(String.valueOf(
                    o instanceof byte[] b ? HexFormat.of().formatHex(b) : o));
            return "{" + hex + " " + text + "}";
        } catch (SQLException e) {
            return "{error " + e.getSQLState() + " " + e.getMessage() + "}";
        }
    }

    private static String abbreviate(String s) {
        return s.length() > 200 ? s.length() + " chars, hash " + s.hashCode() : s;
    }

    static String md5(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(java.security.MessageDigest.getInstance("MD5").digest(bytes));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    JdbcObservation warnings(SQLWarning w) {
        for (; w != null; w = w.getNextWarning()) {
            note("warning " + w.getErrorCode() + " " + w.getSQLState() + " " + w.getMessage());
        }
        return this;
    }

    JdbcObservation error(SQLException e) {
        note("error " + e.getErrorCode() + " " + e.getSQLState() + " " + e.getClass().getSimpleName() + " "
                + firstLine(e.getMessage()));
        return this;
    }

    private static String firstLine(String s) {
        if (s == null) {
            return "";
        }
        int nl = s.indexOf('\n');
        String line = nl < 0 ? s : s.substring(0, nl);
        // drivers add the connection's host and port to some messages
        return line.replaceAll("127\\.0\\.0\\.1:\\d+", "<address>").replaceAll("address=\\(host=[^)]*\\)\\(port=\\d+\\)",
                "<address>");
    }

    /** MariaDB Connector/J exposes the server status flags of the last response. */
    JdbcObservation status(Connection c) {
        try {
            if (c.isWrapperFor(org.mariadb.jdbc.Connection.class)) {
                int status = c.unwrap(org.mariadb.jdbc.Connection.class).getContext().getServerStatus();
                note("status " + Integer.toHexString(status));
            } else {
                note("autocommit " + c.getAutoCommit());
            }
        } catch (SQLException e) {
            error(e);
        }
        return this;
    }

    @Override
    public String toString() {
        return out.toString();
    }
}
