package com.wolfscale.mysql.binlog.rows;

import com.wolfscale.mysql.PayloadReader;
import com.wolfscale.mysql.ProtocolException;
import com.wolfscale.mysql.binlog.BinlogEvent;
import com.wolfscale.mysql.binlog.EventType;
import com.wolfscale.mysql.binlog.FormatDescriptionEvent;

/**
 * The framing of a WRITE/UPDATE/DELETE rows event (v0, v1, v2, and MariaDB's compressed variants): which
 * table, which columns, and where the row images lie in the event's bytes. The images themselves are cut
 * apart by {@link RowImageScanner}.
 *
 * <pre>
 * size     | field                   | notes
 * ---------+-------------------------+-----------------------------------------------------------------
 * 6        | table id                | 4 when the FDE's post-header length is 6
 * 2        | flags                   | {@link #STMT_END_F}, no FK checks, no unique checks, ...
 * 2        | extra data length       | v2 only; includes these 2 bytes
 * n-2      | extra data              | v2 only
 * lenenc   | column count            |
 * (n+7)/8  | columns present         | before image (DELETE, UPDATE) or after image (WRITE); LSB first
 * (n+7)/8  | columns present, after  | UPDATE only
 * ...      | rows                    | per row: image (UPDATE: before image, after image); each image =
 *          |                         |   NULL bitmap over the present columns + their non-NULL values.
 *          |                         |   Compressed events: 1 header byte (0x80 | length bytes), the
 *          |                         |   uncompressed length big-endian, then zlib data
 * </pre>
 *
 * MariaDB writes v1 (23-25) and, with {@code log_bin_compress}, compressed v1 (166-168).
 *
 * @param event             the raw event
 * @param kind              write, update or delete
 * @param tableId           the TABLE_MAP this event refers to
 * @param flags             rows event flags
 * @param extraData         v2 extra data (empty otherwise)
 * @param columnCount       table width as logged
 * @param columnsPresent    first bitmap
 * @param columnsPresentAfter second bitmap (UPDATE), else {@code null}
 * @param rowsOffset        index in {@code event.bytes()} of the first row image
 * @param rowsEnd           index just after the last row byte (before the checksum)
 */
public record RowsEvent(BinlogEvent event, Kind kind, long tableId, int flags, byte[] extraData, int columnCount,
        byte[] columnsPresent, byte[] columnsPresentAfter, int rowsOffset, int rowsEnd) {

    /** Last rows event of a statement: table maps are released after it. */
    public static final int STMT_END_F = 0x0001;
    public static final int NO_FOREIGN_KEY_CHECKS_F = 0x0002;
    public static final int RELAXED_UNIQUE_CHECKS_F = 0x0004;
    public static final int COMPLETE_ROWS_F = 0x0008;
    public static final int NO_CHECK_CONSTRAINT_CHECKS_F = 0x0010;
    /** Offset of the flags in the event bytes when the table id takes 6 bytes. */
    static final int FLAGS_OFFSET_6 = 19 + 6;

    /** What the event does to its rows. */
    public enum Kind { WRITE, UPDATE, DELETE }

    public boolean isCompressed() {
        return EventType.isCompressed(event.type());
    }

    public boolean endsStatement() {
        return (flags & STMT_END_F) != 0;
    }

    public static Kind kindOf(int type) {
        return switch (type) {
            case EventType.PRE_GA_WRITE_ROWS, EventType.WRITE_ROWS_V1, EventType.WRITE_ROWS_V2,
                    EventType.WRITE_ROWS_COMPRESSED_V1, EventType.WRITE_ROWS_COMPRESSED -> Kind.WRITE;
            case EventType.PRE_GA_UPDATE_ROWS, EventType.UPDATE_ROWS_V1, EventType.UPDATE_ROWS_V2,
                    EventType.UPDATE_ROWS_COMPRESSED_V1, EventType.UPDATE_ROWS_COMPRESSED -> Kind.UPDATE;
            case EventType.PRE_GA_DELETE_ROWS, EventType.DELETE_ROWS_V1, EventType.DELETE_ROWS_V2,
                    EventType.DELETE_ROWS_COMPRESSED_V1, EventType.DELETE_ROWS_COMPRESSED -> Kind.DELETE;
            default -> throw new ProtocolException("not a rows event type: " + EventType.name(type));
        };
    }

    public static RowsEvent decode(BinlogEvent event, FormatDescriptionEvent fde) {
        int type = event.type();
        Kind kind = kindOf(type);
        int postHeader = fde.postHeaderLength(type);
        PayloadReader r = event.body();
        long tableId = postHeader == 6 ? r.u32() : r.u48();
        int flags = r.u16();
        byte[] extra = new byte[0];
        if (postHeader == 10) {
            int extraLength = r.u16();
            if (extraLength < 2) {
                throw r.fail("v2 extra data length " + extraLength + " is below 2");
            }
            extra = r.bytes(extraLength - 2);
        }
        long count = r.lenencInt();
        if (count <= 0 || count > 4096) {
            throw r.fail("column count " + count + " is not a table width");
        }
        int n = (int) count;
        byte[] present = r.bytes((n + 7) / 8);
        byte[] presentAfter = kind == Kind.UPDATE ? r.bytes((n + 7) / 8) : null;
        int rowsOffset = r.arrayOffset();
        return new RowsEvent(event, kind, tableId, flags, extra, n, present, presentAfter, rowsOffset,
                rowsOffset + r.remaining());
    }

    /** Index of the flags field in the event bytes. */
    int flagsOffset(FormatDescriptionEvent fde) {
        return fde.postHeaderLength(event.type()) == 6 ? FLAGS_OFFSET_6 - 2 : FLAGS_OFFSET_6;
    }
}
