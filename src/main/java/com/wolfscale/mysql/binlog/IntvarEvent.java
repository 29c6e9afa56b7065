package com.wolfscale.mysql.binlog;

import com.wolfscale.mysql.PayloadReader;

/**
 * INTVAR (type 5): an auto-increment value a following statement-format QUERY used.
 *
 * <pre>
 * size | field
 * -----+---------------------------------------------------
 * 1    | type: 1 LAST_INSERT_ID, 2 INSERT_ID
 * 8    | value
 * </pre>
 *
 * @param type  {@link #LAST_INSERT_ID} or {@link #INSERT_ID}
 * @param value the value (unsigned)
 */
public record IntvarEvent(int type, long value) {

    public static final int LAST_INSERT_ID = 1;
    public static final int INSERT_ID = 2;

    public static IntvarEvent decode(BinlogEvent event) {
        Events.requireType(event, EventType.INTVAR);
        PayloadReader r = event.body();
        return new IntvarEvent(r.u8(), r.u64());
    }
}
