package com.wolfscale.mysql.binlog.rows;

import com.wolfscale.mysql.ColumnType;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Optional, deliberately small decoding of row-image values, for logs, checks and tests — replay never
 * needs it (the server decodes its own images). Per column:
 *
 * <pre>
 * column                                    | value
 * ------------------------------------------+-----------------------------------------------------------
 * not in the image (present bitmap)         | {@link #ABSENT}
 * SQL NULL                                  | {@code null}
 * TINY, SHORT, INT24, LONG, LONGLONG        | {@code Long}, sign-extended unless the TABLE_MAP marks the
 *                                           |   column UNSIGNED (an unsigned 64-bit value above
 *                                           |   Long.MAX_VALUE is negative: print it with
 *                                           |   Long.toUnsignedString)
 * YEAR                                      | {@code Long}: 0, or 1900 + the stored byte
 * VARCHAR, CHAR, BLOB/TEXT family, JSON,    | {@code byte[]}: the bytes without their length prefix, in the
 *   GEOMETRY                                |   column's charset ({@link TableMapEvent#collation})
 * anything else (DECIMAL, temporal, BIT,    | {@code byte[]}: the packed bytes as stored
 *   FLOAT/DOUBLE, ENUM/SET index)           |
 * </pre>
 *
 * <p>Stateless and thread-safe.
 */
public final class RowValues {

    /** Placeholder for a column the image does not contain. */
    public static final Object ABSENT = new Object() {
        @Override
        public String toString() {
            return "ABSENT";
        }
    };

    private RowValues() {
    }

    /**
     * The values of one image of a scanned row.
     *
     * @param rows  the event the image belongs to
     * @param image one image from {@link RowImageScanner#scan}
     * @param after whether it is an UPDATE's after image (which has its own present-columns bitmap)
     * @param map   the table map
     */
    public static List<Object> decode(RowsEvent rows, RowImage image, boolean after, TableMapEvent map) {
        byte[] present = after && rows.columnsPresentAfter() != null ? rows.columnsPresentAfter() : rows.columnsPresent();
        byte[] b = rows.event().bytes();
        int limit = image.offset() + image.length();
        int presentCount = 0;
        for (int c = 0; c < rows.columnCount(); c++) {
            presentCount += RowImageScanner.isSet(present, c) ? 1 : 0;
        }
        int pos = image.offset() + (presentCount + 7) / 8;
        List<Object> out = new ArrayList<>(rows.columnCount());
        int k = 0;
        for (int c = 0; c < rows.columnCount(); c++) {
            if (!RowImageScanner.isSet(present, c)) {
                out.add(ABSENT);
                continue;
            }
            boolean isNull = (b[image.offset() + k / 8] & (1 << (k % 8))) != 0;
            k++;
            if (isNull) {
                out.add(null);
                continue;
            }
            int n = ColumnFormat.valueLength(map.types()[c], map.metadata()[c], b, pos, limit);
            out.add(value(map, c, b, pos, n));
            pos += n;
        }
        return out;
    }

    private static Object value(TableMapEvent map, int column, byte[] b, int pos, int n) {
        int type = map.types()[column];
        return switch (type) {
            case ColumnType.TINY, ColumnType.SHORT, ColumnType.INT24, ColumnType.LONG, ColumnType.LONGLONG ->
                    integer(b, pos, n, !map.isUnsigned(column));
            case ColumnType.YEAR -> (b[pos] & 0xFF) == 0 ? 0L : 1900L + (b[pos] & 0xFF);
            case ColumnType.VARCHAR, ColumnType.VAR_STRING, ColumnType.BLOB, ColumnType.TINY_BLOB,
                    ColumnType.MEDIUM_BLOB, ColumnType.LONG_BLOB, ColumnType.GEOMETRY, ColumnType.JSON ->
                    Arrays.copyOfRange(b, pos + prefixLength(map, column), pos + n);
            case ColumnType.STRING -> map.isEnumOrSet(column) ? Arrays.copyOfRange(b, pos, pos + n)
                    : Arrays.copyOfRange(b, pos + prefixLength(map, column), pos + n);
            default -> Arrays.copyOfRange(b, pos, pos + n);
        };
    }

    private static int prefixLength(TableMapEvent map, int column) {
        int meta = map.metadata()[column];
        return switch (map.types()[column]) {
            case ColumnType.VARCHAR, ColumnType.VAR_STRING -> meta > 255 ? 2 : 1;
            case ColumnType.STRING -> ColumnFormat.stringMaxLength(meta) > 255 ? 2 : 1;
            default -> meta;
        };
    }

    private static long integer(byte[] b, int pos, int n, boolean signed) {
        long v = 0;
        for (int i = n - 1; i >= 0; i--) {
            v = (v << 8) | (b[pos + i] & 0xFF);
        }
        if (signed && n < 8) {
            int shift = 64 - 8 * n;
            v = (v << shift) >> shift;
        }
        return v;
    }
}
