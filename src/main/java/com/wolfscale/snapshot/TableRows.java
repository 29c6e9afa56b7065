package com.wolfscale.snapshot;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;

/**
 * Turns a table's rows into multi-row INSERT statements of about {@value #STATEMENT_BYTES} bytes each
 * (a row larger than that gets a statement of its own), one statement per line.
 */
final class TableRows {

    static final int STATEMENT_BYTES = 1 << 20;

    private final CountingOutput out;
    private final byte[] prefix;
    private final List<SnapshotColumn> columns;
    private final SqlBytes statement = new SqlBytes(STATEMENT_BYTES + 4096);
    private long count;
    private int inStatement;

    TableRows(CountingOutput out, String table, List<SnapshotColumn> columns) {
        this.out = out;
        this.prefix = ("INSERT INTO " + table + " (" + SnapshotColumn.selectList(columns) + ") VALUES ")
                .getBytes(StandardCharsets.UTF_8);
        this.columns = columns;
    }

    void add(ResultSet rs) throws SQLException, IOException {
        int mark = statement.length();
        if (inStatement == 0) {
            statement.append(prefix);
        } else {
            statement.append(',');
        }
        statement.append('(');
        for (int i = 0; i < columns.size(); i++) {
            if (i > 0) {
                statement.append(',');
            }
            SnapshotColumn.Kind kind = columns.get(i).kind();
            // the driver decodes numbers and temporal values only as text (they are ASCII: a cheap copy)
            byte[] v;
            if (kind == SnapshotColumn.Kind.NUMBER || kind == SnapshotColumn.Kind.PLAIN) {
                String plain = rs.getString(i + 1);
                v = plain == null ? null : plain.getBytes(StandardCharsets.UTF_8);
            } else {
                v = rs.getBytes(i + 1);
            }
            value(statement, kind, v);
        }
        statement.append(')');
        inStatement++;
        count++;
        if (statement.length() >= STATEMENT_BYTES) {
            if (inStatement > 1 && mark > 0) { // this row made it too big: flush the rest without it
                byte[] row = statement.copy(mark + 1, statement.length());
                statement.setLength(mark);
                flushStatement();
                statement.append(prefix).append(row);
                inStatement = 1;
            }
            flushStatement();
        }
    }

    void finish() throws IOException {
        if (inStatement > 0) {
            flushStatement();
        }
    }

    long count() {
        return count;
    }

    private void flushStatement() throws IOException {
        statement.append(';');
        out.line(statement.array(), statement.length());
        statement.setLength(0);
        inStatement = 0;
    }

    private final java.nio.charset.CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);

    /**
     * One value as the server sent it (text protocol, binary results): numbers as printed, temporal and
     * other plain values quoted, UTF-8 text escaped, anything else (and text that is not valid UTF-8) in hex.
     */
    void value(SqlBytes b, SnapshotColumn.Kind kind, byte[] v) {
        if (v == null) {
            b.appendNull();
            return;
        }
        switch (kind) {
            case NUMBER -> b.append(v);
            case PLAIN -> b.appendEscaped(v);
            case TEXT -> {
                if (utf8(v)) {
                    b.appendEscaped(v);
                } else {
                    b.appendHex(v);
                }
            }
            case BYTES -> b.appendHex(v);
        }
    }

    /** Whether the value is valid UTF-8 (ASCII checked without a decoder). */
    private boolean utf8(byte[] v) {
        for (byte x : v) {
            if (x < 0) {
                try {
                    decoder.decode(ByteBuffer.wrap(v));
                    return true;
                } catch (CharacterCodingException e) {
                    return false;
                }
            }
        }
        return true;
    }
}
