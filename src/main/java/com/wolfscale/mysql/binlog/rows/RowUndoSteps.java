package com.wolfscale.mysql.binlog.rows;

import com.wolfscale.mysql.binlog.BinlogEvent;
import com.wolfscale.mysql.binlog.EventHeader;
import com.wolfscale.mysql.binlog.EventType;
import com.wolfscale.mysql.binlog.FormatDescriptionEvent;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Cuts a transaction's row changes into single-row undo steps, newest change first, for the rejoin
 * repair: before each change is undone, the row must still hold the change's after-image (nothing
 * touched it since), which the repair checks by writing that image into an empty probe table and
 * comparing. Each step therefore carries two self-contained event lists, each one {@code BINLOG}
 * statement (after the format description):
 *
 * <ul>
 *   <li>{@link Step#probe}: the TABLE_MAP renamed to the probe table and a one-row WRITE event holding the
 *       after-image (absent for a DELETE, whose undo re-inserts the row and fails on a duplicate key);</li>
 *   <li>{@link Step#undo}: the original TABLE_MAP and a one-row inverted event (WRITE → DELETE, DELETE →
 *       WRITE, UPDATE with images swapped), flagged as the statement's end.</li>
 * </ul>
 *
 * A one-row event is the source event's bytes up to its column bitmaps, the bitmap(s) for the new type,
 * the row image(s), and a recomputed checksum; the header's type and size are patched. A renamed TABLE_MAP
 * is the source's table id and flags, the new schema and table names (length byte, name, NUL), and the
 * source's bytes from the column count on. Statement-format events cannot be undone this way: callers
 * check {@code hasStatements} first.
 */
public final class RowUndoSteps {

    /** One row change to undo; {@code table} names the real table. */
    public record Step(String schema, String table, Optional<List<BinlogEvent>> probe, List<BinlogEvent> undo) { }

    private RowUndoSteps() {
    }

    /**
     * @param events    the transaction's events in binlog order (TABLE_MAP and rows events; others ignored)
     * @param probeName probe table name for a real table (schema, table) → name in {@code probeSchema}
     */
    public static List<Step> of(List<BinlogEvent> events, FormatDescriptionEvent fde, String probeSchema,
                                java.util.function.BiFunction<String, String, String> probeName) {
        Map<Long, BinlogEvent> mapEvents = new HashMap<>();
        Map<Long, TableMapEvent> maps = new HashMap<>();
        List<Step> steps = new ArrayList<>();
        for (BinlogEvent e : events) {
            if (e.type() == EventType.TABLE_MAP) {
                TableMapEvent map = TableMapEvent.decode(e, fde);
                maps.put(map.tableId(), map);
                mapEvents.put(map.tableId(), e);
            } else if (EventType.isRows(e.type())) {
                if (EventType.isCompressed(e.type())) {
                    throw new IllegalArgumentException("decompress rows events before undoing them: " + e);
                }
                RowsEvent rows = RowsEvent.decode(e, fde);
                TableMapEvent map = maps.get(rows.tableId());
                if (map == null) {
                    throw new IllegalArgumentException("rows event for table id " + rows.tableId() + " has no TABLE_MAP");
                }
                BinlogEvent renamed = renamedMap(mapEvents.get(rows.tableId()), fde, probeSchema,
                        probeName.apply(map.schema(), map.table()));
                for (RowChange c : RowImageScanner.scan(rows, map)) {
                    steps.add(step(rows, map, mapEvents.get(rows.tableId()), renamed, c, fde));
                }
            }
        }
        java.util.Collections.reverse(steps);
        return steps;
    }

    private static Step step(RowsEvent rows, TableMapEvent map, BinlogEvent mapEvent, BinlogEvent renamed, RowChange c,
                             FormatDescriptionEvent fde) {
        byte[] src = rows.event().bytes();
        Optional<List<BinlogEvent>> probe = Optional.empty();
        BinlogEvent inverse;
        switch (rows.kind()) {
            case WRITE -> {
                probe = Optional.of(List.of(renamed, oneRow(rows, fde, writeType(rows), rows.columnsPresent(), null,
                        List.of(c.after().copyFrom(src)))));
                inverse = oneRow(rows, fde, RowsEventInverter.inverseType(rows.event().type()), rows.columnsPresent(),
                        null, List.of(c.after().copyFrom(src)));
            }
            case DELETE -> inverse = oneRow(rows, fde, RowsEventInverter.inverseType(rows.event().type()),
                    rows.columnsPresent(), null, List.of(c.before().copyFrom(src)));
            default -> {
                probe = Optional.of(List.of(renamed, oneRow(rows, fde, writeType(rows), rows.columnsPresentAfter(), null,
                        List.of(c.after().copyFrom(src)))));
                inverse = oneRow(rows, fde, rows.event().type(), rows.columnsPresentAfter(), rows.columnsPresent(),
                        List.of(c.after().copyFrom(src), c.before().copyFrom(src)));
            }
        }
        return new Step(map.schema(), map.table(), probe, List.of(mapEvent, inverse));
    }

    /** The WRITE type of the same generation (v0, v1, v2) as the source event. */
    static int writeType(RowsEvent rows) {
        return switch (rows.event().type()) {
            case EventType.PRE_GA_UPDATE_ROWS, EventType.PRE_GA_WRITE_ROWS, EventType.PRE_GA_DELETE_ROWS ->
                    EventType.PRE_GA_WRITE_ROWS;
            case EventType.UPDATE_ROWS_V2, EventType.WRITE_ROWS_V2, EventType.DELETE_ROWS_V2 -> EventType.WRITE_ROWS_V2;
            default -> EventType.WRITE_ROWS_V1;
        };
    }

    /** A one-row event of {@code type}: the source's framing, the given bitmap(s) and images; ends the statement. */
    static BinlogEvent oneRow(RowsEvent rows, FormatDescriptionEvent fde, int type, byte[] present, byte[] presentAfter,
                              List<byte[]> images) {
        byte[] src = rows.event().bytes();
        int bitmaps = rows.columnsPresent().length * (rows.kind() == RowsEvent.Kind.UPDATE ? 2 : 1);
        int prefixEnd = rows.rowsOffset() - bitmaps;
        ByteArrayOutputStream out = new ByteArrayOutputStream(src.length);
        out.write(src, 0, prefixEnd);
        out.writeBytes(present);
        if (presentAfter != null) {
            out.writeBytes(presentAfter);
        }
        images.forEach(out::writeBytes);
        if (rows.event().checksummed()) {
            out.writeBytes(new byte[BinlogEvent.CHECKSUM_LENGTH]);
        }
        byte[] b = out.toByteArray();
        b[EventHeader.TYPE_OFFSET] = (byte) type;
        putU32(b, EventHeader.EVENT_SIZE_OFFSET, b.length);
        int at = rows.flagsOffset(fde);
        b[at] = (byte) (b[at] | RowsEvent.STMT_END_F);
        if (rows.event().checksummed()) {
            BinlogEvent.recomputeChecksum(b);
        }
        return BinlogEvent.of(b, rows.event().checksummed());
    }

    /** The same TABLE_MAP (same table id and columns) naming another table. */
    static BinlogEvent renamedMap(BinlogEvent map, FormatDescriptionEvent fde, String schema, String table) {
        byte[] src = map.bytes();
        int idLength = fde.postHeaderLength(EventType.TABLE_MAP) == 6 ? 4 : 6;
        int at = EventHeader.LENGTH + idLength + 2;
        int schemaLength = src[at] & 0xFF;
        int tableAt = at + 1 + schemaLength + 1;
        int tableLength = src[tableAt] & 0xFF;
        int restAt = tableAt + 1 + tableLength + 1;
        int end = src.length - (map.checksummed() ? BinlogEvent.CHECKSUM_LENGTH : 0);
        ByteArrayOutputStream out = new ByteArrayOutputStream(src.length + 64);
        out.write(src, 0, at);
        name(out, schema);
        name(out, table);
        out.write(src, restAt, end - restAt);
        if (map.checksummed()) {
            out.writeBytes(new byte[BinlogEvent.CHECKSUM_LENGTH]);
        }
        byte[] b = out.toByteArray();
        putU32(b, EventHeader.EVENT_SIZE_OFFSET, b.length);
        if (map.checksummed()) {
            BinlogEvent.recomputeChecksum(b);
        }
        return BinlogEvent.of(b, map.checksummed());
    }

    private static void name(ByteArrayOutputStream out, String name) {
        byte[] n = name.getBytes(StandardCharsets.UTF_8);
        if (n.length > 255) {
            throw new IllegalArgumentException("name longer than 255 bytes: " + name);
        }
        out.write(n.length);
        out.writeBytes(n);
        out.write(0);
    }

    private static void putU32(byte[] b, int at, long v) {
        for (int i = 0; i < 4; i++) {
            b[at + i] = (byte) (v >>> (8 * i));
        }
    }
}
