package com.wolfscale.mysql.binlog.rows;

import com.wolfscale.mysql.ColumnType;
import com.wolfscale.mysql.PayloadReader;
import com.wolfscale.mysql.binlog.BinlogEvent;
import com.wolfscale.mysql.binlog.EventType;
import com.wolfscale.mysql.binlog.FormatDescriptionEvent;
import com.wolfscale.mysql.ProtocolException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * TABLE_MAP (type 19): binds a table id to a table and describes its columns, so that the following rows
 * events can be read. It lives only until the end of the statement (STMT_END_F); a {@code BINLOG} replay
 * must carry it in the same statement as its rows events.
 *
 * <pre>
 * size      | field                | notes
 * ----------+----------------------+----------------------------------------------------------------
 * 6         | table id             | 4 bytes when the FDE's post-header length for TABLE_MAP is 6
 * 2         | flags                |
 * 1 + n + 1 | schema name          | length byte, name, NUL
 * 1 + n + 1 | table name           | length byte, name, NUL
 * lenenc    | column count         |
 * n         | column types         | one {@link ColumnType} byte per column
 * lenenc    | metadata length      |
 * m         | metadata             | per column, see {@link ColumnFormat}
 * (n+7)/8   | nullability bitmap   | bit i (LSB first) = column i may be NULL
 * rest      | optional metadata    | {@link TableMapMetadata}
 * </pre>
 *
 * @param tableId    the id rows events refer to
 * @param flags      table map flags
 * @param schema     database name
 * @param table      table name
 * @param types      column types (as logged: ENUM/SET appear as STRING)
 * @param metadata   per-column metadata ({@link ColumnFormat})
 * @param nullable   nullability bitmap
 * @param optional   optional metadata, {@link TableMapMetadata#EMPTY} when absent
 */
public record TableMapEvent(long tableId, int flags, String schema, String table, int[] types, int[] metadata,
        byte[] nullable, TableMapMetadata optional) {

    public int columnCount() {
        return types.length;
    }

    public boolean isNullable(int column) {
        return (nullable[column / 8] & (1 << (column % 8))) != 0;
    }

    /** The column's real type: ENUM and SET instead of STRING. */
    public int realType(int column) {
        return ColumnFormat.realType(types[column], metadata[column]);
    }

    public static TableMapEvent decode(BinlogEvent event, FormatDescriptionEvent fde) {
        if (event.type() != EventType.TABLE_MAP) {
            throw new ProtocolException("not a TABLE_MAP event: " + event.header());
        }
        PayloadReader r = event.body();
        long tableId = fde.postHeaderLength(EventType.TABLE_MAP) == 6 ? r.u32() : r.u48();
        int flags = r.u16();
        String schema = r.fixedString(r.u8());
        r.skip(1);
        String table = r.fixedString(r.u8());
        r.skip(1);
        long count = r.lenencInt();
        if (count > r.remaining()) {
            throw r.fail(count + " column types do not fit in the event");
        }
        int n = (int) count;
        int[] types = new int[n];
        for (int i = 0; i < n; i++) {
            types[i] = r.u8();
        }
        int metaLength = r.lenencLength();
        PayloadReader meta = new PayloadReader("TABLE_MAP metadata of " + schema + "." + table, r.array(),
                r.arrayOffset(), metaLength);
        int[] metadata = new int[n];
        for (int i = 0; i < n; i++) {
            metadata[i] = ColumnFormat.readMetadata(types[i], meta);
        }
        if (meta.hasRemaining()) {
            throw meta.fail(meta.remaining() + " metadata bytes left after " + n + " columns");
        }
        r.skip(metaLength);
        byte[] nulls = r.bytes((n + 7) / 8);
        TableMapMetadata optional = r.hasRemaining()
                ? TableMapMetadata.decode(r.array(), r.arrayOffset(), r.remaining()) : TableMapMetadata.EMPTY;
        return new TableMapEvent(tableId, flags, schema, table, types, metadata, nulls, optional);
    }

    /** Column names, when the server logged them ({@code binlog_row_metadata=FULL}). */
    public Optional<List<String>> columnNames() {
        return Optional.ofNullable(optional.columnNames());
    }

    /** True for columns SIGNEDNESS applies to: TINY, SHORT, INT24, LONG, LONGLONG, NEWDECIMAL, FLOAT, DOUBLE. */
    public boolean isNumeric(int column) {
        return switch (types[column]) {
            case ColumnType.TINY, ColumnType.SHORT, ColumnType.INT24, ColumnType.LONG, ColumnType.LONGLONG,
                    ColumnType.NEWDECIMAL, ColumnType.FLOAT, ColumnType.DOUBLE -> true;
            default -> false;
        };
    }

    /**
     * True for the columns the charset fields count: CHAR/BINARY, VARCHAR and the BLOB/TEXT family (JSON
     * included, which MariaDB logs as a BLOB). GEOMETRY columns are not counted (checked against MariaDB
     * 10.11 in {@code BinlogReplayIT}).
     */
    public boolean isCharacter(int column) {
        return switch (types[column]) {
            case ColumnType.VARCHAR, ColumnType.VAR_STRING, ColumnType.BLOB, ColumnType.TINY_BLOB,
                    ColumnType.MEDIUM_BLOB, ColumnType.LONG_BLOB -> true;
            case ColumnType.STRING -> realType(column) == ColumnType.STRING;
            default -> false;
        };
    }

    public boolean isEnumOrSet(int column) {
        int real = realType(column);
        return real == ColumnType.ENUM || real == ColumnType.SET;
    }

    /** Whether the column is UNSIGNED, from the SIGNEDNESS field (false when absent or not numeric). */
    public boolean isUnsigned(int column) {
        boolean[] bits = optional.signedness();
        if (bits == null || !isNumeric(column)) {
            return false;
        }
        int k = ordinal(column, this::isNumeric);
        return k < bits.length && bits[k];
    }

    /** The column's collation, from the charset fields (empty for columns without a charset or when absent). */
    public OptionalInt collation(int column) {
        if (isCharacter(column)) {
            return collation(ordinal(column, this::isCharacter), optional.defaultCharset(), optional.columnCharsets());
        }
        if (isEnumOrSet(column)) {
            return collation(ordinal(column, this::isEnumOrSet), optional.enumAndSetDefaultCharset(),
                    optional.enumAndSetColumnCharsets());
        }
        return OptionalInt.empty();
    }

    /** Primary-key columns in key order; empty when the table has none or the metadata is absent. */
    public List<TableMapMetadata.KeyPart> primaryKey() {
        return optional.primaryKey() == null ? List.of() : optional.primaryKey();
    }

    /** The permitted values of an ENUM or SET column, when logged. */
    public Optional<List<String>> enumOrSetValues(int column) {
        int real = realType(column);
        List<List<String>> lists = real == ColumnType.ENUM ? optional.enumValues()
                : real == ColumnType.SET ? optional.setValues() : null;
        if (lists == null) {
            return Optional.empty();
        }
        int k = ordinal(column, c -> realType(c) == real);
        return k < lists.size() ? Optional.of(lists.get(k)) : Optional.empty();
    }

    /** Index of {@code column} among the columns matching {@code kind}. */
    private int ordinal(int column, java.util.function.IntPredicate kind) {
        int k = 0;
        for (int i = 0; i < column; i++) {
            if (kind.test(i)) {
                k++;
            }
        }
        return k;
    }

    private static OptionalInt collation(int k, TableMapMetadata.DefaultCharset def, List<Integer> perColumn) {
        if (perColumn != null) {
            return k < perColumn.size() ? OptionalInt.of(perColumn.get(k)) : OptionalInt.empty();
        }
        if (def != null) {
            return OptionalInt.of(def.overrides().getOrDefault(k, def.collation()));
        }
        return OptionalInt.empty();
    }

    /** Column names or {@code @1, @2, ...}, for messages. */
    public List<String> columnLabels() {
        List<String> names = optional.columnNames();
        List<String> out = new ArrayList<>(types.length);
        for (int i = 0; i < types.length; i++) {
            out.add(names != null && i < names.size() ? names.get(i) : "@" + (i + 1));
        }
        return out;
    }
}
