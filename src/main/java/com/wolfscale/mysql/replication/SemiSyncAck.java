package com.wolfscale.mysql.replication;

import com.wolfscale.mysql.PayloadReader;
import com.wolfscale.mysql.PayloadWriter;

/**
 * A semi-sync replica's acknowledgement, sent on the dump connection as a new packet with sequence id 0.
 * It releases every commit waiting at or before ({@code file}, {@code position}); the server does not reply.
 *
 * <pre>
 * size | field
 * -----+------------------------------------------------------------------------
 * 1    | 0xEF (semi-sync magic)
 * 8    | position just after the acknowledged event (its header's log pos)
 * rest | binlog file base name, without NUL
 * </pre>
 *
 * (Checked on the wire against MariaDB 10.11, spikes.md §2.)
 *
 * @param position the acknowledged event's next position
 * @param file     the binlog file it is in
 */
public record SemiSyncAck(long position, String file) {

    public static final int MAGIC = 0xEF;
    /** Packets carrying an ACK always start a new exchange. */
    public static final int SEQUENCE_ID = 0;

    /** The ACK for an event packet that asked for one. */
    public static SemiSyncAck of(EventPacket packet, String file) {
        return new SemiSyncAck(packet.event().header().logPos(), file);
    }

    public byte[] encode() {
        return new PayloadWriter(9 + file.length()).u8(MAGIC).u64(position).string(file).toByteArray();
    }

    public static SemiSyncAck decode(byte[] payload) {
        PayloadReader r = new PayloadReader("semi-sync ACK", payload);
        int magic = r.u8();
        if (magic != MAGIC) {
            throw r.fail(String.format("magic 0x%02X is not 0xEF", magic));
        }
        return new SemiSyncAck(r.u64(), r.restString());
    }
}
