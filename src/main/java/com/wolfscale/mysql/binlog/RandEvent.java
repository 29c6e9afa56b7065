package com.wolfscale.mysql.binlog;

import com.wolfscale.mysql.PayloadReader;

/**
 * RAND (type 13): the RAND() seeds a following statement-format QUERY used.
 *
 * <pre>
 * size | field
 * -----+-----------
 * 8    | seed 1
 * 8    | seed 2
 * </pre>
 *
 * @param seed1 {@code @@rand_seed1}
 * @param seed2 {@code @@rand_seed2}
 */
public record RandEvent(long seed1, long seed2) {

    public static RandEvent decode(BinlogEvent event) {
        Events.requireType(event, EventType.RAND);
        PayloadReader r = event.body();
        return new RandEvent(r.u64(), r.u64());
    }
}
