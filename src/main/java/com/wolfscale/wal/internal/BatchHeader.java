package com.wolfscale.wal.internal;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * The fixed-size header of one batch, as parsed from {@link BatchCodec#HEADER_BYTES} bytes, before the
 * checksum has been verified. {@link #problem(long)} says whether the header is even plausible, so that a
 * garbage length is rejected before anything is allocated or checksummed. Immutable.
 *
 * @param length             the length field: bytes of the batch after this 4-byte field
 * @param crc                the stored CRC32C
 * @param version            format version
 * @param flags              codec flags ({@link BatchCodec#FLAG_LZ4})
 * @param epoch              epoch of every record of the batch
 * @param baseLsn            LSN of the first record
 * @param count              number of records
 * @param maxTimestampMicros largest record timestamp in the batch
 * @param uncompressedLength length of the records section before compression
 */
public record BatchHeader(int length, int crc, int version, int flags, long epoch, long baseLsn, int count,
                          long maxTimestampMicros, int uncompressedLength) {

    /** Parses the header at {@code buffer}'s current position without moving it or validating anything. */
    public static BatchHeader parse(ByteBuffer buffer) {
        ByteBuffer b = buffer.duplicate().order(ByteOrder.BIG_ENDIAN);
        int p = b.position();
        return new BatchHeader(b.getInt(p), b.getInt(p + 4), b.get(p + 8) & 0xFF, b.get(p + 9) & 0xFF,
                b.getLong(p + 10), b.getLong(p + 18), b.getInt(p + 26), b.getLong(p + 30), b.getInt(p + 38));
    }

    /** Bytes of the whole batch on disk, header included. */
    public long totalBytes() {
        return 4L + (length & 0xFFFF_FFFFL);
    }

    /** Bytes of the records section as stored (compressed or not). */
    public int storedLength() {
        return length - (BatchCodec.HEADER_BYTES - 4);
    }

    public boolean compressed() {
        return (flags & BatchCodec.FLAG_LZ4) != 0;
    }

    public long lastLsn() {
        return baseLsn + count - 1;
    }

    /**
     * Why this header cannot start a valid batch, or {@code null} when it can.
     *
     * @param bytesAvailable bytes from the start of this header to the end of the readable region
     */
    public String problem(long bytesAvailable) {
        if (length < BatchCodec.HEADER_BYTES - 4 || length > BatchCodec.MAX_LENGTH) {
            return "declared batch length " + (length & 0xFFFF_FFFFL) + " is outside "
                    + (BatchCodec.HEADER_BYTES - 4) + ".." + BatchCodec.MAX_LENGTH;
        }
        if (totalBytes() > bytesAvailable) {
            return "declared batch length " + length + " runs past the end of the data (" + bytesAvailable
                    + " bytes left)";
        }
        if (version != BatchCodec.FORMAT_VERSION) {
            return "unknown batch format version " + version;
        }
        if ((flags & ~BatchCodec.FLAG_LZ4) != 0) {
            return "unknown batch flags 0x" + Integer.toHexString(flags);
        }
        return contentProblem();
    }

    private String contentProblem() {
        if (epoch < 1) {
            return "epoch " + epoch + " is not positive";
        }
        if (count < 1 || baseLsn < 1 || baseLsn > Long.MAX_VALUE - count) {
            return "LSN range " + baseLsn + " + " + count + " records is invalid";
        }
        long minSection = (long) count * BatchCodec.RECORD_OVERHEAD;
        if (uncompressedLength < minSection || uncompressedLength > BatchCodec.MAX_SECTION_BYTES) {
            return "records section length " + uncompressedLength + " is outside " + minSection + ".."
                    + BatchCodec.MAX_SECTION_BYTES;
        }
        if (!compressed() && uncompressedLength != storedLength()) {
            return "uncompressed records section declares " + uncompressedLength + " bytes but stores "
                    + storedLength();
        }
        return null;
    }
}
