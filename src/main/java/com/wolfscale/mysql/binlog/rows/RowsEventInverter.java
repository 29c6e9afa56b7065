package com.wolfscale.mysql.binlog.rows;

import com.wolfscale.mysql.ProtocolException;
import com.wolfscale.mysql.binlog.BinlogEvent;
import com.wolfscale.mysql.binlog.EventHeader;
import com.wolfscale.mysql.binlog.EventType;
import com.wolfscale.mysql.binlog.FormatDescriptionEvent;
import com.wolfscale.mysql.binlog.QueryEvent;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Builds the events that undo row changes, for rejoin repair: a node that applied a transaction the
 * cluster never committed replays its inverse with {@code BINLOG '...'}.
 *
 * <ul>
 *   <li>WRITE becomes DELETE of the same images, DELETE becomes WRITE;</li>
 *   <li>UPDATE keeps its type with each row's before and after images (and present-columns bitmaps)
 *       swapped;</li>
 *   <li>rows are reversed within an event (undo the last change first: an {@code UPDATE ... SET id = id + 1}
 *       applied in descending order must be undone in ascending order), and the checksum is recomputed.</li>
 * </ul>
 *
 * {@link #invertTransaction} does this for a whole transaction: statements in reverse order, each preceded
 * by its own TABLE_MAP events (they are released at every statement end), STMT_END_F moved to the last
 * event of each inverted statement. Statement-format events (DDL, DML as QUERY) cannot be inverted.
 *
 * <p>Stateless and thread-safe.
 */
public final class RowsEventInverter {

    private RowsEventInverter() {
    }

    /** The inverse of one rows event; the header (timestamp, server id, positions, flags) is kept. */
    public static BinlogEvent invert(RowsEvent rows, TableMapEvent map) {
        List<RowChange> changes = RowImageScanner.scan(rows, map);
        byte[] src = rows.event().bytes();
        byte[] out = src.clone();
        out[EventHeader.TYPE_OFFSET] = (byte) inverseType(rows.event().type());
        if (rows.kind() == RowsEvent.Kind.UPDATE) {
            int n = rows.columnsPresent().length;
            int second = rows.rowsOffset() - n;
            System.arraycopy(rows.columnsPresentAfter(), 0, out, second - n, n);
            System.arraycopy(rows.columnsPresent(), 0, out, second, n);
        }
        int pos = rows.rowsOffset();
        for (int i = changes.size() - 1; i >= 0; i--) {
            RowChange c = changes.get(i);
            RowImage first = rows.kind() == RowsEvent.Kind.WRITE ? c.after() : c.before();
            RowImage second = rows.kind() == RowsEvent.Kind.UPDATE ? c.after() : null;
            if (second != null) {
                pos = copy(src, second, out, pos);
            }
            pos = copy(src, first, out, pos);
        }
        if (pos != rows.rowsEnd()) {
            throw new IllegalStateException("inverted rows end at " + pos + ", original at " + rows.rowsEnd());
        }
        if (rows.event().checksummed()) {
            BinlogEvent.recomputeChecksum(out);
        }
        return BinlogEvent.of(out, rows.event().checksummed());
    }

    /**
     * The events that undo one transaction, ready to be sent in one {@code BINLOG} statement (after the
     * format description): for each statement, newest first, its TABLE_MAP events and its inverted rows
     * events newest first. GTID, BEGIN/COMMIT, XID and ANNOTATE_ROWS events are dropped.
     *
     * @throws IllegalArgumentException for statement-format or compressed events, or rows without a map
     */
    public static List<BinlogEvent> invertTransaction(List<BinlogEvent> events, FormatDescriptionEvent fde) {
        List<List<BinlogEvent>> statements = new ArrayList<>();
        List<BinlogEvent> maps = new ArrayList<>();
        List<BinlogEvent> current = new ArrayList<>();
        Map<Long, TableMapEvent> decoded = new HashMap<>();
        for (BinlogEvent e : events) {
            int type = e.type();
            if (type == EventType.TABLE_MAP) {
                TableMapEvent map = TableMapEvent.decode(e, fde);
                decoded.put(map.tableId(), map);
                maps.add(e);
            } else if (EventType.isRows(type)) {
                if (EventType.isCompressed(type)) {
                    throw new IllegalArgumentException("decompress rows events before inverting them: " + e);
                }
                RowsEvent rows = RowsEvent.decode(e, fde);
                TableMapEvent map = decoded.get(rows.tableId());
                if (map == null) {
                    throw new IllegalArgumentException("rows event for table id " + rows.tableId() + " has no TABLE_MAP");
                }
                current.add(invert(rows, map));
                if (rows.endsStatement()) {
                    statements.add(statement(maps, current, fde));
                    maps = new ArrayList<>();
                    current = new ArrayList<>();
                }
            } else if (!isBracketing(e, fde)) {
                throw new IllegalArgumentException("cannot invert a statement-format event: " + e);
            }
        }
        if (!current.isEmpty()) {
            statements.add(statement(maps, current, fde));
        }
        Collections.reverse(statements);
        return statements.stream().flatMap(List::stream).toList();
    }

    /** Table maps, then the inverted rows events newest first; only the last one ends the statement. */
    private static List<BinlogEvent> statement(List<BinlogEvent> maps, List<BinlogEvent> inverted,
            FormatDescriptionEvent fde) {
        List<BinlogEvent> out = new ArrayList<>(maps);
        for (int i = inverted.size() - 1; i >= 0; i--) {
            out.add(withStatementEnd(inverted.get(i), i == 0, fde));
        }
        return out;
    }

    private static BinlogEvent withStatementEnd(BinlogEvent e, boolean end, FormatDescriptionEvent fde) {
        RowsEvent rows = RowsEvent.decode(e, fde);
        if (rows.endsStatement() == end) {
            return e;
        }
        byte[] b = e.bytes().clone();
        int at = rows.flagsOffset(fde);
        int flags = (b[at] & 0xFF | (b[at + 1] & 0xFF) << 8) ^ RowsEvent.STMT_END_F;
        b[at] = (byte) flags;
        b[at + 1] = (byte) (flags >>> 8);
        if (e.checksummed()) {
            BinlogEvent.recomputeChecksum(b);
        }
        return BinlogEvent.of(b, e.checksummed());
    }

    /** Events that frame a transaction without changing data: they have no inverse to emit. */
    private static boolean isBracketing(BinlogEvent e, FormatDescriptionEvent fde) {
        return switch (e.type()) {
            case EventType.GTID, EventType.XID, EventType.ANNOTATE_ROWS, EventType.FORMAT_DESCRIPTION -> true;
            case EventType.QUERY -> {
                String sql = QueryEvent.decode(e, fde).sql().trim();
                yield sql.equalsIgnoreCase("BEGIN") || sql.equalsIgnoreCase("COMMIT");
            }
            default -> false;
        };
    }

    static int inverseType(int type) {
        return switch (type) {
            case EventType.WRITE_ROWS_V1 -> EventType.DELETE_ROWS_V1;
            case EventType.DELETE_ROWS_V1 -> EventType.WRITE_ROWS_V1;
            case EventType.WRITE_ROWS_V2 -> EventType.DELETE_ROWS_V2;
            case EventType.DELETE_ROWS_V2 -> EventType.WRITE_ROWS_V2;
            case EventType.PRE_GA_WRITE_ROWS -> EventType.PRE_GA_DELETE_ROWS;
            case EventType.PRE_GA_DELETE_ROWS -> EventType.PRE_GA_WRITE_ROWS;
            case EventType.UPDATE_ROWS_V1, EventType.UPDATE_ROWS_V2, EventType.PRE_GA_UPDATE_ROWS -> type;
            default -> throw new ProtocolException("cannot invert " + EventType.name(type));
        };
    }

    private static int copy(byte[] src, RowImage image, byte[] dst, int at) {
        System.arraycopy(src, image.offset(), dst, at, image.length());
        return at + image.length();
    }
}
