package com.wolfscale.mysql.binlog.rows;

import com.wolfscale.mysql.ColumnType;
import com.wolfscale.mysql.ProtocolException;
import java.util.ArrayList;
import java.util.List;

/**
 * Splits a rows event into its row images by computing the byte length of every present, non-NULL value
 * from the column types and metadata of its TABLE_MAP ({@link ColumnFormat}); values are not decoded. A
 * row image is
 *
 * <pre>
 * (present+7)/8 bytes | NULL bitmap over the present columns, LSB first (bit k = k-th present column)
 * ...                 | the values of the present, non-NULL columns, in column order
 * </pre>
 *
 * and an UPDATE row is a before image followed by an after image (each with its own present-columns bitmap).
 * Every length is checked against the event's row data, so malformed input ends in a
 * {@link ProtocolException} naming table, row and column — never a loop or an out-of-bounds read.
 *
 * <p>Stateless and thread-safe.
 */
public final class RowImageScanner {

    private RowImageScanner() {
    }

    /**
     * The rows of an event, in order.
     *
     * @param rows the rows event (not compressed: decompress it first with
     *             {@link com.wolfscale.mysql.binlog.CompressedEvents})
     * @param map  the TABLE_MAP with the same table id
     */
    public static List<RowChange> scan(RowsEvent rows, TableMapEvent map) {
        if (rows.isCompressed()) {
            throw new IllegalArgumentException("decompress the rows event before scanning it: " + rows.event());
        }
        if (rows.tableId() != map.tableId()) {
            throw new ProtocolException("rows event for table id " + rows.tableId() + " scanned with the map of "
                    + map.tableId() + " (" + map.schema() + "." + map.table() + ")");
        }
        if (rows.columnCount() > map.columnCount()) {
            throw new ProtocolException("rows event has " + rows.columnCount() + " columns, the map of "
                    + map.schema() + "." + map.table() + " only " + map.columnCount());
        }
        byte[] b = rows.event().bytes();
        List<RowChange> out = new ArrayList<>();
        int pos = rows.rowsOffset();
        while (pos < rows.rowsEnd()) {
            int row = out.size();
            RowImage first = image(b, pos, rows.rowsEnd(), rows.columnCount(), rows.columnsPresent(), map, row);
            pos += first.length();
            switch (rows.kind()) {
                case WRITE -> out.add(new RowChange(null, first));
                case DELETE -> out.add(new RowChange(first, null));
                case UPDATE -> {
                    RowImage after = image(b, pos, rows.rowsEnd(), rows.columnCount(), rows.columnsPresentAfter(),
                            map, row);
                    pos += after.length();
                    out.add(new RowChange(first, after));
                }
            }
        }
        return out;
    }

    private static RowImage image(byte[] b, int start, int limit, int columns, byte[] present, TableMapEvent map,
            int row) {
        int presentCount = 0;
        for (int c = 0; c < columns; c++) {
            presentCount += isSet(present, c) ? 1 : 0;
        }
        int nullBytes = (presentCount + 7) / 8;
        if (nullBytes == 0) {
            throw new ProtocolException("row image of " + map.schema() + "." + map.table() + " has no columns");
        }
        if (start + nullBytes > limit) {
            throw overrun(map, row, -1, start, limit);
        }
        int pos = start + nullBytes;
        int k = 0;
        for (int c = 0; c < columns; c++) {
            if (!isSet(present, c)) {
                continue;
            }
            boolean isNull = (b[start + k / 8] & (1 << (k % 8))) != 0;
            k++;
            if (isNull) {
                continue;
            }
            try {
                pos += ColumnFormat.valueLength(map.types()[c], map.metadata()[c], b, pos, limit);
            } catch (ProtocolException e) {
                throw new ProtocolException("row " + row + " of " + map.schema() + "." + map.table() + ", column "
                        + (c + 1) + " (" + ColumnType.name(map.types()[c]) + "): " + e.getMessage(), e);
            }
        }
        return new RowImage(start, pos - start);
    }

    static boolean isSet(byte[] bitmap, int i) {
        return (bitmap[i / 8] & (1 << (i % 8))) != 0;
    }

    private static ProtocolException overrun(TableMapEvent map, int row, int column, int pos, int limit) {
        return new ProtocolException("row " + row + " of " + map.schema() + "." + map.table() + " overruns the event"
                + (column >= 0 ? " at column " + (column + 1) : "") + " (offset " + pos + ", end " + limit + ")");
    }
}
