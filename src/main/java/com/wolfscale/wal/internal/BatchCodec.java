package com.wolfscale.wal.internal;

import com.wolfscale.common.Epoch;
import com.wolfscale.common.Lsn;
import com.wolfscale.wal.WalOptions;
import com.wolfscale.wal.WalRecord;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32C;
import net.jpountz.lz4.LZ4Exception;
import net.jpountz.lz4.LZ4Factory;
import net.jpountz.lz4.LZ4SafeDecompressor;

/**
 * The on-disk format of a batch: the records of one group commit, all of one epoch, with contiguous LSNs.
 * All integers are big-endian.
 *
 * <table>
 * <caption>Batch</caption>
 * <tr><th>Offset</th><th>Size</th><th>Field</th><th>Why</th></tr>
 * <tr><td>0</td><td>4</td><td>length</td><td>bytes after this field; framing. Checked against
 *     {@link #MAX_LENGTH} and the bytes left in the file before anything is allocated</td></tr>
 * <tr><td>4</td><td>4</td><td>crc32c</td><td>CRC-32C of the length field and of every byte after this
 *     field; verified before decompressing, so the LZ4 decoder never sees bytes we did not write</td></tr>
 * <tr><td>8</td><td>1</td><td>version</td><td>{@value #FORMAT_VERSION}; room to evolve the format</td></tr>
 * <tr><td>9</td><td>1</td><td>flags</td><td>bit 0: records section is one LZ4 block; other bits 0</td></tr>
 * <tr><td>10</td><td>8</td><td>epoch</td><td>leadership term of every record in the batch (the writer
 *     starts a new batch when the epoch changes), so recovery and the epoch history need no decompression</td></tr>
 * <tr><td>18</td><td>8</td><td>base LSN</td><td>LSN of the first record; record i has base LSN + i, so a
 *     batch cannot hold a hole</td></tr>
 * <tr><td>26</td><td>4</td><td>count</td><td>records in the batch, at least 1</td></tr>
 * <tr><td>30</td><td>8</td><td>max timestamp</td><td>largest record timestamp (µs): time-based retention
 *     without decompressing</td></tr>
 * <tr><td>38</td><td>4</td><td>uncompressed length</td><td>size of the records section before compression;
 *     bounds the decompressor's output buffer</td></tr>
 * <tr><td>42</td><td>length − 38</td><td>records section</td><td>LZ4 block when flag bit 0 is set (only
 *     when that is smaller), else plain</td></tr>
 * </table>
 *
 * <table>
 * <caption>Record, repeated count times in the (decompressed) records section</caption>
 * <tr><th>Size</th><th>Field</th></tr>
 * <tr><td>8</td><td>timestamp, microseconds since the Unix epoch (caller's)</td></tr>
 * <tr><td>1</td><td>type (caller's)</td></tr>
 * <tr><td>4</td><td>payload length</td></tr>
 * <tr><td>n</td><td>payload</td></tr>
 * </table>
 *
 * Stateless and thread-safe; {@link BatchEncoder} builds batches.
 *
 * @see <a href="../../../../../../../docs/wal.md">docs/wal.md</a>
 */
public final class BatchCodec {

    public static final int FORMAT_VERSION = 1;
    public static final int FLAG_LZ4 = 1;
    public static final int HEADER_BYTES = 42;
    public static final int RECORD_OVERHEAD = 13;

    /** A group commit stops adding records before its records section exceeds this (one record always fits). */
    public static final int GROUP_SECTION_BYTES = 4 << 20;

    /** Largest records section the format accepts: a full group, or one record of the maximum size. */
    public static final int MAX_SECTION_BYTES = Math.max(GROUP_SECTION_BYTES,
            WalOptions.MAX_RECORD_BYTES_LIMIT + RECORD_OVERHEAD);

    /** Largest value of the length field. */
    public static final int MAX_LENGTH = HEADER_BYTES - 4 + MAX_SECTION_BYTES;

    static final LZ4Factory LZ4 = LZ4Factory.fastestInstance();
    private static final LZ4SafeDecompressor DECOMPRESSOR = LZ4.safeDecompressor();

    private BatchCodec() {
    }

    /** CRC-32C as stored in a batch: over bytes 0..3 and 8..end of {@code batch[offset, offset + total)}. */
    public static int checksum(byte[] batch, int offset, int total) {
        CRC32C crc = new CRC32C();
        crc.update(batch, offset, 4);
        crc.update(batch, offset + 8, total - 8);
        return (int) crc.getValue();
    }

    /** Whether the stored checksum of a whole batch held in {@code batch[offset, offset + total)} matches. */
    public static boolean checksumMatches(byte[] batch, int offset, int total) {
        return ByteBuffer.wrap(batch).getInt(offset + 4) == checksum(batch, offset, total);
    }

    /**
     * Decodes a whole batch whose checksum has been verified.
     *
     * @param fromLsn the first LSN wanted; records before it are skipped without copying their payload
     * @throws IllegalArgumentException when the records section does not match its header (a checksummed
     *                                  batch never does unless it was written by a different format)
     */
    public static List<WalRecord> decode(byte[] batch, int offset, BatchHeader h, long fromLsn) {
        return decode(batch, offset, h, fromLsn, Integer.MAX_VALUE, Long.MAX_VALUE, true);
    }

    /**
     * Like {@link #decode(byte[], int, BatchHeader, long)} but stops after {@code maxRecords} records or
     * before the record that would take the payload total above {@code maxBytes}; when {@code firstAlways},
     * the first record is returned whatever its size.
     */
    public static List<WalRecord> decode(byte[] batch, int offset, BatchHeader h, long fromLsn, int maxRecords,
                                         long maxBytes, boolean firstAlways) {
        byte[] section = batch;
        int start = offset + HEADER_BYTES;
        if (h.compressed()) {
            section = decompress(batch, start, h.storedLength(), h.uncompressedLength());
            start = 0;
        }
        ByteBuffer b = ByteBuffer.wrap(section, start, h.uncompressedLength()).order(ByteOrder.BIG_ENDIAN);
        List<WalRecord> records = new ArrayList<>((int) Math.max(0, Math.min(Math.min(h.count(), maxRecords),
                h.lastLsn() - fromLsn + 1)));
        Epoch epoch = Epoch.of(h.epoch());
        long bytes = 0;
        for (int i = 0; i < h.count(); i++) {
            long lsn = h.baseLsn() + i;
            if (b.remaining() < RECORD_OVERHEAD) {
                throw new IllegalArgumentException("records section ends inside record " + lsn);
            }
            long timestamp = b.getLong();
            byte type = b.get();
            int length = b.getInt();
            if (length < 0 || length > b.remaining()) {
                throw new IllegalArgumentException("record " + lsn + " declares " + length + " payload bytes with "
                        + b.remaining() + " left");
            }
            if (lsn < fromLsn) {
                b.position(b.position() + length);
                continue;
            }
            if (records.size() >= maxRecords || (!records.isEmpty() || !firstAlways) && bytes + length > maxBytes) {
                return records;
            }
            byte[] payload = new byte[length];
            b.get(payload);
            records.add(new WalRecord(Lsn.of(lsn), epoch, timestamp, type, payload));
            bytes += length;
        }
        if (b.hasRemaining()) {
            throw new IllegalArgumentException(b.remaining() + " unexpected bytes after the last record");
        }
        return records;
    }

    private static byte[] decompress(byte[] source, int offset, int length, int uncompressedLength) {
        // A fresh, exactly sized output array: the safe decompressor cannot write past it, and no stale
        // bytes from an earlier batch can leak into this one (CVE-2025-66566).
        byte[] out = new byte[uncompressedLength];
        int produced;
        try {
            produced = DECOMPRESSOR.decompress(source, offset, length, out, 0, uncompressedLength);
        } catch (LZ4Exception e) {
            throw new IllegalArgumentException("LZ4 block does not decode: " + e.getMessage(), e);
        }
        if (produced != uncompressedLength) {
            throw new IllegalArgumentException("LZ4 block decodes to " + produced + " bytes, header says "
                    + uncompressedLength);
        }
        return out;
    }
}
