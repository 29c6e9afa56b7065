package com.wolfscale.mysql.binlog;

import com.wolfscale.mysql.PayloadReader;
import com.wolfscale.mysql.ProtocolException;
import java.util.zip.CRC32;

/**
 * One binlog event as raw bytes — header, body and (when the stream is checksummed) the 4-byte CRC-32
 * trailer — plus its decoded {@link EventHeader}. The bytes are what the applier replays in a
 * {@code BINLOG '...'} statement, so they are kept exactly as the server wrote them.
 *
 * <pre>
 * [ header: 19 bytes ][ post-header + body: event size - 19 - trailer ][ CRC-32 LE: 4 bytes, if checksummed ]
 * </pre>
 *
 * The CRC covers header and body. For a FORMAT_DESCRIPTION event it is computed with the header's
 * {@link EventHeader#FLAG_BINLOG_IN_USE} bit cleared, because the server sets and clears that bit in the
 * file after writing the checksum.
 *
 * <p>Immutable as long as nobody writes into {@link #bytes()} (the array is not copied, for speed).
 *
 * @param header      the decoded header
 * @param bytes       the whole event
 * @param checksummed whether the last 4 bytes are a CRC-32
 */
public record BinlogEvent(EventHeader header, byte[] bytes, boolean checksummed) {

    public static final int CHECKSUM_LENGTH = 4;

    public BinlogEvent {
        if (bytes.length < EventHeader.LENGTH + (checksummed ? CHECKSUM_LENGTH : 0)) {
            throw new ProtocolException("binlog event of " + bytes.length + " bytes is shorter than its header");
        }
        if (header.eventSize() != bytes.length) {
            throw new ProtocolException("binlog event header declares " + header.eventSize() + " bytes but "
                    + bytes.length + " arrived: " + header);
        }
    }

    /** Wraps raw event bytes. */
    public static BinlogEvent of(byte[] bytes, boolean checksummed) {
        if (bytes.length < EventHeader.LENGTH) {
            throw new ProtocolException("binlog event of " + bytes.length + " bytes is shorter than its 19-byte header");
        }
        return new BinlogEvent(EventHeader.decode(bytes, 0), bytes, checksummed);
    }

    public int type() {
        return header.type();
    }

    /** Length of post-header and body, without header and checksum. */
    public int bodyLength() {
        return bytes.length - EventHeader.LENGTH - (checksummed ? CHECKSUM_LENGTH : 0);
    }

    /** A cursor over post-header and body (the checksum excluded). */
    public PayloadReader body() {
        return new PayloadReader(EventType.name(type()) + " event", bytes, EventHeader.LENGTH, bodyLength());
    }

    /** The CRC-32 stored in the trailer. */
    public long storedChecksum() {
        requireChecksummed();
        int at = bytes.length - CHECKSUM_LENGTH;
        return (bytes[at] & 0xFFL) | (bytes[at + 1] & 0xFFL) << 8 | (bytes[at + 2] & 0xFFL) << 16
                | (bytes[at + 3] & 0xFFL) << 24;
    }

    /** The CRC-32 of header and body, as the server computes it. */
    public long computedChecksum() {
        requireChecksummed();
        return crc32(bytes, bytes.length - CHECKSUM_LENGTH);
    }

    public boolean checksumMatches() {
        return storedChecksum() == computedChecksum();
    }

    /**
     * @throws ProtocolException naming the event when its CRC-32 does not match (a flipped bit in transit or
     *                           on disk; {@code BINLOG} replay would apply it silently)
     */
    public BinlogEvent verifyChecksum() {
        if (checksummed && !checksumMatches()) {
            throw new ProtocolException(String.format("binlog event checksum mismatch: stored 0x%08X, computed 0x%08X for %s",
                    storedChecksum(), computedChecksum(), header));
        }
        return this;
    }

    /** Writes a fresh CRC-32 into the trailer, in place (after the bytes were changed). */
    public static void recomputeChecksum(byte[] event) {
        long crc = crc32(event, event.length - CHECKSUM_LENGTH);
        int at = event.length - CHECKSUM_LENGTH;
        for (int i = 0; i < CHECKSUM_LENGTH; i++) {
            event[at + i] = (byte) (crc >>> (8 * i));
        }
    }

    static long crc32(byte[] event, int length) {
        CRC32 crc = new CRC32();
        if ((event[EventHeader.TYPE_OFFSET] & 0xFF) == EventType.FORMAT_DESCRIPTION
                && (event[EventHeader.FLAGS_OFFSET] & EventHeader.FLAG_BINLOG_IN_USE) != 0) {
            crc.update(event, 0, EventHeader.FLAGS_OFFSET);
            crc.update(event[EventHeader.FLAGS_OFFSET] & ~EventHeader.FLAG_BINLOG_IN_USE);
            crc.update(event, EventHeader.FLAGS_OFFSET + 1, length - EventHeader.FLAGS_OFFSET - 1);
        } else {
            crc.update(event, 0, length);
        }
        return crc.getValue();
    }

    private void requireChecksummed() {
        if (!checksummed) {
            throw new IllegalStateException("event has no checksum trailer: " + header);
        }
    }

    @Override
    public String toString() {
        return "BinlogEvent" + header;
    }
}
