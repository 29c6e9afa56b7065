package com.wolfscale.mysql.binlog.rows;

import com.wolfscale.mysql.PayloadReader;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The optional metadata at the end of a TABLE_MAP event ({@code binlog_row_metadata=MINIMAL} or {@code FULL}):
 * a sequence of TLV fields, each decoded here into the lists it carries. Which columns a list refers to is
 * positional: "numeric" columns for signedness, "character" columns for charsets, ENUM/SET columns for
 * their values and charsets, GEOMETRY columns for geometry types; {@link TableMapEvent} maps them back to
 * column indexes.
 *
 * <pre>
 * TLV:  1 byte type | lenenc length | value
 *
 * type | name                          | value
 * -----+-------------------------------+-----------------------------------------------------------------
 * 1    | SIGNEDNESS                    | bitmap over numeric columns, most significant bit first,
 *      |                               |   1 = UNSIGNED
 * 2    | DEFAULT_CHARSET               | lenenc default collation, then (lenenc character-column index,
 *      |                               |   lenenc collation) for columns that differ
 * 3    | COLUMN_CHARSET                | lenenc collation per character column
 * 4    | COLUMN_NAME                   | lenenc-str per column
 * 5    | SET_STR_VALUE                 | per SET column: lenenc count, count lenenc-strs
 * 6    | ENUM_STR_VALUE                | per ENUM column: lenenc count, count lenenc-strs
 * 7    | GEOMETRY_TYPE                 | lenenc per geometry column (0 GEOMETRY, 1 POINT, ...)
 * 8    | SIMPLE_PRIMARY_KEY            | lenenc column indexes
 * 9    | PRIMARY_KEY_WITH_PREFIX       | (lenenc column index, lenenc prefix length; 0 = whole column)
 * 10   | ENUM_AND_SET_DEFAULT_CHARSET  | as 2, over ENUM and SET columns
 * 11   | ENUM_AND_SET_COLUMN_CHARSET   | as 3, over ENUM and SET columns
 * 12   | COLUMN_VISIBILITY             | MySQL 8 only; kept raw
 * </pre>
 *
 * Unknown types are kept raw in {@link #unknown()}. Immutable.
 *
 * @see <a href="https://mariadb.com/docs/server/reference/clientserver-protocol/replication-protocol/table_map_event">table_map_event.md</a>
 */
public record TableMapMetadata(boolean[] signedness, DefaultCharset defaultCharset, List<Integer> columnCharsets,
        List<String> columnNames, List<List<String>> setValues, List<List<String>> enumValues,
        List<Integer> geometryTypes, List<KeyPart> primaryKey, DefaultCharset enumAndSetDefaultCharset,
        List<Integer> enumAndSetColumnCharsets, Map<Integer, byte[]> unknown) {

    public static final int SIGNEDNESS = 1;
    public static final int DEFAULT_CHARSET = 2;
    public static final int COLUMN_CHARSET = 3;
    public static final int COLUMN_NAME = 4;
    public static final int SET_STR_VALUE = 5;
    public static final int ENUM_STR_VALUE = 6;
    public static final int GEOMETRY_TYPE = 7;
    public static final int SIMPLE_PRIMARY_KEY = 8;
    public static final int PRIMARY_KEY_WITH_PREFIX = 9;
    public static final int ENUM_AND_SET_DEFAULT_CHARSET = 10;
    public static final int ENUM_AND_SET_COLUMN_CHARSET = 11;

    /** No optional metadata. */
    public static final TableMapMetadata EMPTY = new TableMapMetadata(null, null, null, null, null, null, null, null,
            null, null, Map.of());

    /**
     * A default collation plus the columns that differ from it.
     *
     * @param collation default collation id
     * @param overrides (index among the counted columns, collation) pairs
     */
    public record DefaultCharset(int collation, Map<Integer, Integer> overrides) {
    }

    /**
     * One primary-key column.
     *
     * @param column column index
     * @param prefix prefix length of the key part, 0 for the whole column
     */
    public record KeyPart(int column, int prefix) {
    }

    public static TableMapMetadata decode(byte[] block, int offset, int length) {
        PayloadReader r = new PayloadReader("TABLE_MAP optional metadata", block, offset, length);
        Builder b = new Builder();
        while (r.hasRemaining()) {
            int type = r.u8();
            int n = r.lenencLength();
            PayloadReader v = new PayloadReader("TABLE_MAP optional metadata field " + type, r.array(), r.arrayOffset(), n);
            r.skip(n);
            b.read(type, v);
        }
        return b.build();
    }

    private static final class Builder {
        boolean[] signedness;
        DefaultCharset defaultCharset;
        List<Integer> columnCharsets;
        List<String> columnNames;
        List<List<String>> setValues;
        List<List<String>> enumValues;
        List<Integer> geometryTypes;
        List<KeyPart> primaryKey;
        DefaultCharset enumAndSetDefault;
        List<Integer> enumAndSetCharsets;
        final Map<Integer, byte[]> unknown = new LinkedHashMap<>();

        void read(int type, PayloadReader v) {
            switch (type) {
                case SIGNEDNESS -> signedness = bitsMsbFirst(v.rest());
                case DEFAULT_CHARSET -> defaultCharset = defaultCharset(v);
                case COLUMN_CHARSET -> columnCharsets = ints(v);
                case COLUMN_NAME -> columnNames = strings(v);
                case SET_STR_VALUE -> setValues = stringLists(v);
                case ENUM_STR_VALUE -> enumValues = stringLists(v);
                case GEOMETRY_TYPE -> geometryTypes = ints(v);
                case SIMPLE_PRIMARY_KEY -> primaryKey = ints(v).stream().map(c -> new KeyPart(c, 0)).toList();
                case PRIMARY_KEY_WITH_PREFIX -> primaryKey = keyParts(v);
                case ENUM_AND_SET_DEFAULT_CHARSET -> enumAndSetDefault = defaultCharset(v);
                case ENUM_AND_SET_COLUMN_CHARSET -> enumAndSetCharsets = ints(v);
                default -> unknown.put(type, v.rest());
            }
        }

        TableMapMetadata build() {
            return new TableMapMetadata(signedness, defaultCharset, columnCharsets, columnNames, setValues, enumValues,
                    geometryTypes, primaryKey, enumAndSetDefault, enumAndSetCharsets, Map.copyOf(unknown));
        }
    }

    private static boolean[] bitsMsbFirst(byte[] bytes) {
        boolean[] out = new boolean[bytes.length * 8];
        for (int i = 0; i < out.length; i++) {
            out[i] = (bytes[i / 8] & (0x80 >> (i % 8))) != 0;
        }
        return out;
    }

    private static DefaultCharset defaultCharset(PayloadReader v) {
        int collation = (int) v.lenencInt();
        Map<Integer, Integer> overrides = new LinkedHashMap<>();
        while (v.hasRemaining()) {
            overrides.put((int) v.lenencInt(), (int) v.lenencInt());
        }
        return new DefaultCharset(collation, Map.copyOf(overrides));
    }

    private static List<Integer> ints(PayloadReader v) {
        List<Integer> out = new ArrayList<>();
        while (v.hasRemaining()) {
            out.add((int) v.lenencInt());
        }
        return List.copyOf(out);
    }

    private static List<String> strings(PayloadReader v) {
        List<String> out = new ArrayList<>();
        while (v.hasRemaining()) {
            out.add(v.lenencString());
        }
        return List.copyOf(out);
    }

    private static List<List<String>> stringLists(PayloadReader v) {
        List<List<String>> out = new ArrayList<>();
        while (v.hasRemaining()) {
            long count = v.lenencInt();
            if (count > v.remaining()) {
                throw v.fail(count + " values do not fit in " + v.remaining() + " bytes");
            }
            List<String> values = new ArrayList<>((int) count);
            for (long i = 0; i < count; i++) {
                values.add(v.lenencString());
            }
            out.add(List.copyOf(values));
        }
        return List.copyOf(out);
    }

    private static List<KeyPart> keyParts(PayloadReader v) {
        List<KeyPart> out = new ArrayList<>();
        while (v.hasRemaining()) {
            out.add(new KeyPart((int) v.lenencInt(), (int) v.lenencInt()));
        }
        return List.copyOf(out);
    }
}
