package com.wolfscale.mysql.binlog;

import com.wolfscale.mysql.PayloadWriter;

/** Builds raw events for tests: a v4 header, the body, and a CRC-32 trailer. */
public final class TestEvents {

    private TestEvents() {
    }

    public static BinlogEvent event(int type, byte[] body) {
        int size = EventHeader.LENGTH + body.length + BinlogEvent.CHECKSUM_LENGTH;
        byte[] b = new PayloadWriter(size).u32(1_700_000_000L).u8(type).u32(101).u32(size).u32(1234).u16(0)
                .bytes(body).zeros(BinlogEvent.CHECKSUM_LENGTH).toByteArray();
        BinlogEvent.recomputeChecksum(b);
        return BinlogEvent.of(b, true);
    }
}
