package com.wolfscale.mysql.binlog;

import com.wolfscale.mysql.PayloadReader;

/**
 * MariaDB BINLOG_CHECKPOINT (type 161): the oldest binlog file crash recovery still needs.
 *
 * <pre>
 * size | field
 * -----+---------------------
 * 4    | file name length
 * n    | file name
 * </pre>
 *
 * @param file binlog file base name
 */
public record BinlogCheckpointEvent(String file) {

    public static BinlogCheckpointEvent decode(BinlogEvent event) {
        Events.requireType(event, EventType.BINLOG_CHECKPOINT);
        PayloadReader r = event.body();
        long n = r.u32();
        if (n > r.remaining()) {
            throw r.fail("file name of " + n + " bytes exceeds the event");
        }
        return new BinlogCheckpointEvent(r.fixedString((int) n));
    }
}
