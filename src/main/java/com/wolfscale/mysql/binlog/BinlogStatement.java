package com.wolfscale.mysql.binlog;

import java.util.Base64;
import java.util.List;

/**
 * Renders raw events as MariaDB's {@code BINLOG '<base64>'} statement, which replays them exactly as a
 * replica's SQL thread would (types, triggers-not-refired, keyless tables; see spikes.md §1).
 *
 * <p>Rules the caller must follow (spikes.md pitfalls 1, 2, 9): send the FORMAT_DESCRIPTION event in a
 * {@code BINLOG} statement once per connection before any other; put every TABLE_MAP in the same statement
 * as the rows events that use it; never send a rows {@code BINLOG} statement inside a multi-statement query
 * unless it is last. The server does not verify event checksums ({@link BinlogEvent#verifyChecksum()} first).
 */
public final class BinlogStatement {

    private BinlogStatement() {
    }

    /** {@code BINLOG '...'} for the concatenated events (checksums included, as the FDE announced). */
    public static String of(List<BinlogEvent> events) {
        int size = 0;
        for (BinlogEvent e : events) {
            size += e.bytes().length;
        }
        byte[] all = new byte[size];
        int at = 0;
        for (BinlogEvent e : events) {
            System.arraycopy(e.bytes(), 0, all, at, e.bytes().length);
            at += e.bytes().length;
        }
        return "BINLOG '" + Base64.getEncoder().encodeToString(all) + "'";
    }
}
