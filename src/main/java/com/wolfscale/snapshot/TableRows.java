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
    private final String prefix;
    private final List<SnapshotColumn> columns;
    private final StringBuilder statement = new StringBuilder(STATEMENT_BYTES + 4096);
    private long count;
    private int inStatement;

    TableRows(CountingOutput out, String table, List<SnapshotColumn> columns) {
        this.out = out;
        this.prefix = "INSERT INTO " + table + " (" + SnapshotColumn.selectList(columns) + ") VALUES ";
        this.columns = columns;
    }

    void add(ResultSet rs) throws SQLException, IOException {
        int mark = statement.length();
        statement.append(inStatement == 0 ? prefix : ",").append('(');
        for (int i = 0; i < columns.size(); i++) {
            if (i > 0) {
                statement.append(',');
            }
            SnapshotColumn.Kind kind = columns.get(i).kind();
            if (kind == SnapshotColumn.Kind.NUMBER || kind == SnapshotColumn.Kind.PLAIN) {
                String v = rs.getString(i + 1);
                if (v == null) {
                    statement.append("NULL");
                } else if (kind == SnapshotColumn.Kind.NUMBER) {
                    statement.append(v);
                } else {
                    SqlText.appendEscaped(statement, v);
                }
            } else {
                value(statement, kind, rs.getBytes(i + 1));
            }
        }
        statement.append(')');
        inStatement++;
        count++;
        if (statement.length() >= STATEMENT_BYTES) {
            if (inStatement > 1 && mark > 0) { // this row made it too big: flush the rest without it
                String row = statement.substring(mark + 1);
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
        out.line(statement);
        statement.setLength(0);
        inStatement = 0;
    }

    private final java.nio.charset.CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);

    void value(StringBuilder b, SnapshotColumn.Kind kind, byte[] v) {
        if (v == null) {
            b.append("NULL");
            return;
        }
        switch (kind) {
            case NUMBER, PLAIN -> throw new IllegalArgumentException(kind + " values are read as strings");
            case TEXT -> {
                String text = utf8(v);
                if (text == null) {
                    SqlText.appendHex(b, v);
                } else {
                    SqlText.appendEscaped(b, text);
                }
            }
            case BYTES -> SqlText.appendHex(b, v);
        }
    }

    /** The value as a string when it is valid UTF-8, else null (then it goes out as hex). */
    private String utf8(byte[] v) {
        boolean ascii = true;
        for (byte x : v) {
            if (x < 0) {
                ascii = false;
                break;
            }
        }
        if (ascii) {
            return new String(v, StandardCharsets.ISO_8859_1);
        }
        try {
            return decoder.decode(ByteBuffer.wrap(v)).toString();
        } catch (CharacterCodingException e) {
            return null;
        }
    }
}
