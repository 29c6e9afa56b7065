package com.wolfscale.mysql.binlog;

import com.wolfscale.mysql.ProtocolException;

/** Shared checks of the event decoders. */
final class Events {

    private Events() {
    }

    static void requireType(BinlogEvent event, int... types) {
        for (int t : types) {
            if (event.type() == t) {
                return;
            }
        }
        throw new ProtocolException("expected a " + EventType.name(types[0]) + " event, got " + event.header());
    }
}
