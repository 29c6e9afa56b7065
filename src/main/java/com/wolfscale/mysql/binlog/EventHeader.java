package com.wolfscale.mysql.binlog;

import com.wolfscale.mysql.PayloadReader;
import com.wolfscale.mysql.PayloadWriter;

/**
 * The common header of every binlog event (format v4).
 *
 * <pre>
 * offset | size | field      | why
 * -------+------+------------+-----------------------------------------------------------------------
 * 0      | 4    | timestamp  | seconds since the epoch when the statement started; replay sets it
 * 4      | 1    | type       | {@link EventType}
 * 5      | 4    | server id  | server that wrote the event (for MariaDB GTID events: the GTID's)
 * 9      | 4    | event size | header + body + checksum, in bytes
 * 13     | 4    | log pos    | position of the NEXT event in the binlog file (0 for artificial events)
 * 17     | 2    | flags      | {@link #FLAG_BINLOG_IN_USE}, {@link #FLAG_ARTIFICIAL}, ...
 * </pre>
 *
 * @see <a href="https://mariadb.com/docs/server/reference/clientserver-protocol/replication-protocol/2-binlog-event-header">binlog event header</a>
 */
public record EventHeader(long timestamp, int type, long serverId, long eventSize, long logPos, int flags) {

    public static final int LENGTH = 19;
    /** Position of the flags in the header; the FDE checksum is computed with the in-use bit cleared. */
    public static final int FLAGS_OFFSET = 17;
    public static final int EVENT_SIZE_OFFSET = 9;
    public static final int TYPE_OFFSET = 4;
    /** FORMAT_DESCRIPTION only: the file was not closed properly (set and cleared in place, outside the CRC). */
    public static final int FLAG_BINLOG_IN_USE = 0x0001;
    public static final int FLAG_THREAD_SPECIFIC = 0x0004;
    public static final int FLAG_SUPPRESS_USE = 0x0008;
    /** Made up by the dump thread (the first ROTATE), not read from a file; its log pos is 0. */
    public static final int FLAG_ARTIFICIAL = 0x0020;
    public static final int FLAG_RELAY_LOG = 0x0040;
    public static final int FLAG_SKIP_REPLICATION = 0x8000;

    public static EventHeader decode(byte[] event, int offset) {
        PayloadReader r = new PayloadReader("binlog event header", event, offset, Math.min(LENGTH, event.length - offset));
        return new EventHeader(r.u32(), r.u8(), r.u32(), r.u32(), r.u32(), r.u16());
    }

    public byte[] encode() {
        return new PayloadWriter(LENGTH).u32(timestamp).u8(type).u32(serverId).u32(eventSize).u32(logPos).u16(flags)
                .toByteArray();
    }

    public boolean isArtificial() {
        return (flags & FLAG_ARTIFICIAL) != 0;
    }

    @Override
    public String toString() {
        return EventType.name(type) + "[server " + serverId + ", size " + eventSize + ", next pos " + logPos
                + ", flags 0x" + Integer.toHexString(flags) + "]";
    }
}
