package com.wolfscale.capture;

import com.wolfscale.changelog.TableChange;
import com.wolfscale.changelog.TransactionRecord;
import com.wolfscale.mysql.binlog.BinlogEvent;
import com.wolfscale.mysql.binlog.CompressedEvents;
import com.wolfscale.mysql.binlog.EventType;
import com.wolfscale.mysql.binlog.FormatDescriptionEvent;
import com.wolfscale.mysql.binlog.GtidEvent;
import com.wolfscale.mysql.binlog.QueryEvent;
import com.wolfscale.mysql.binlog.rows.RowChange;
import com.wolfscale.mysql.binlog.rows.RowImageScanner;
import com.wolfscale.mysql.binlog.rows.RowsEvent;
import com.wolfscale.mysql.binlog.rows.TableMapEvent;
import com.wolfscale.mysql.replication.EventPacket;
import com.wolfscale.mysql.replication.SemiSyncAck;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.LongSupplier;

/**
 * Groups binlog events into committed transactions: a GTID event opens a group; XID, a {@code COMMIT}
 * query or (for a standalone GTID, i.e. DDL) the statement itself closes it. A group closed by
 * {@code ROLLBACK} holds only non-transactional changes that were not undone; it is kept as well.
 * Row events are decompressed, counted per table, and kept raw with their table maps. Changes to the
 * {@code wolfscale} schema (the node's own bookkeeping) are never captured. Not thread-safe: owned by the
 * capture thread.
 */
final class TransactionAssembler {

    static final String OWN_SCHEMA = "wolfscale";

    private final LongSupplier clockMicros;
    private FormatDescriptionEvent fde;
    private byte[] fdeBytes;
    private GtidEvent open;
    private final List<byte[]> events = new ArrayList<>();
    private final Map<Long, TableMapEvent> maps = new HashMap<>();
    private final Map<String, long[]> counts = new LinkedHashMap<>();
    private boolean statements;
    private boolean ownSchemaOnly = true;

    TransactionAssembler(LongSupplier clockMicros) {
        this.clockMicros = clockMicros;
    }

    /** Feeds one event; returns a transaction when this event completes one. */
    Optional<CapturedTransaction> accept(EventPacket packet, String file) {
        BinlogEvent e = packet.event();
        int type = e.type();
        if (type == EventType.FORMAT_DESCRIPTION) {
            fde = FormatDescriptionEvent.decode(e);
            fdeBytes = e.bytes();
            return Optional.empty();
        }
        if (type == EventType.GTID) {
            if (open != null) {
                throw new CaptureException("binlog transaction " + open.gtid() + " has no end before " + GtidEvent.decode(e).gtid());
            }
            start(GtidEvent.decode(e));
            return Optional.empty();
        }
        if (open == null) {
            return Optional.empty(); // rotate, heartbeat, GTID list, checkpoint ... outside transactions
        }
        return switch (type) {
            case EventType.XID -> finish(packet, file);
            case EventType.TABLE_MAP -> {
                TableMapEvent map = TableMapEvent.decode(e, fde);
                maps.put(map.tableId(), map);
                events.add(e.bytes());
                yield Optional.empty();
            }
            case EventType.QUERY -> query(packet, file);
            case EventType.INTVAR, EventType.RAND, EventType.USER_VAR -> {
                events.add(e.bytes());
                yield Optional.empty();
            }
            default -> {
                if (EventType.isRows(type) || EventType.isCompressed(type)) {
                    rows(e);
                }
                yield Optional.empty(); // ANNOTATE_ROWS and anything informational
            }
        };
    }

    private void start(GtidEvent gtid) {
        open = gtid;
        events.clear();
        maps.clear();
        counts.clear();
        statements = false;
        ownSchemaOnly = true;
    }

    private Optional<CapturedTransaction> query(EventPacket packet, String file) {
        QueryEvent q = QueryEvent.decode(packet.event(), fde);
        String sql = q.sql().strip().toUpperCase(Locale.ROOT);
        if (sql.equals("BEGIN")) {
            return Optional.empty();
        }
        if (sql.equals("COMMIT") || sql.equals("ROLLBACK")) {
            return finish(packet, file);
        }
        events.add(packet.event().bytes());
        statements = true;
        if (!OWN_SCHEMA.equalsIgnoreCase(q.schema()) || !q.sql().toLowerCase(Locale.ROOT).contains(OWN_SCHEMA)) {
            ownSchemaOnly = false;
        }
        return open.isStandalone() ? finish(packet, file) : Optional.empty();
    }

    private void rows(BinlogEvent raw) {
        BinlogEvent e = EventType.isCompressed(raw.type()) ? CompressedEvents.decompress(raw, fde) : raw;
        RowsEvent rows = RowsEvent.decode(e, fde);
        TableMapEvent map = maps.get(rows.tableId());
        if (map == null) {
            throw new CaptureException("rows event for table id " + rows.tableId() + " without a table map in " + open.gtid());
        }
        if (!OWN_SCHEMA.equalsIgnoreCase(map.schema())) {
            ownSchemaOnly = false;
        }
        List<RowChange> changes = RowImageScanner.scan(rows, map);
        long[] c = counts.computeIfAbsent(map.schema() + "\u0000" + map.table(), k -> new long[3]);
        c[rows.kind().ordinal()] += changes.size();
        events.add(e.bytes());
    }

    private Optional<CapturedTransaction> finish(EventPacket last, String file) {
        GtidEvent gtid = open;
        open = null;
        if (ownSchemaOnly) {
            return Optional.empty();
        }
        List<TableChange> tables = new ArrayList<>();
        counts.forEach((key, c) -> {
            String[] parts = key.split("\u0000", 2);
            tables.add(new TableChange(parts[0], parts[1], c[0], c[1], c[2]));
        });
        long end = last.event().header().logPos();
        TransactionRecord record = new TransactionRecord(gtid.gtid(), clockMicros.getAsLong(), file, end, tables,
                fdeBytes == null ? new byte[0] : fdeBytes, events, statements, last.event().checksummed());
        Optional<SemiSyncAck> ack = last.ackRequested() ? Optional.of(SemiSyncAck.of(last, file)) : Optional.empty();
        return Optional.of(new CapturedTransaction(record, ack));
    }
}
