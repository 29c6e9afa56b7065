package com.wolfscale.wal.internal;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import net.jpountz.lz4.LZ4Compressor;

/**
 * Builds one batch in the format of {@link BatchCodec}: records are written straight after the header
 * space of a reusable array, then the section is LZ4-compressed into a second array and that one is used
 * only if it is smaller. Buffers that grew for a huge record are dropped after use so the writer does not
 * keep them for ever.
 *
 * <p>Not thread-safe: owned by the WAL writer thread (or a one-off truncation or repair).
 */
public final class BatchEncoder {

    private static final VarHandle LONG = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);
    private static final VarHandle INT = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.BIG_ENDIAN);
    private static final int INITIAL_BYTES = 64 << 10;
    private static final int RETAINED_BYTES = 8 << 20;
    /** LZ4 cannot win anything on tiny sections; skip the attempt. */
    private static final int MIN_COMPRESSIBLE = 64;

    private final LZ4Compressor compressor = BatchCodec.LZ4.fastCompressor();
    private final boolean compress;
    private byte[] plain = new byte[INITIAL_BYTES];
    private byte[] packed = new byte[0];
    private int end;
    private long epoch;
    private long baseLsn;
    private int count;
    private long maxTimestamp;

    public BatchEncoder(boolean compress) {
        this.compress = compress;
    }

    /** Starts a new batch, discarding anything not finished. */
    public void begin(long epoch, long baseLsn) {
        if (plain.length > RETAINED_BYTES) {
            plain = new byte[INITIAL_BYTES];
        }
        if (packed.length > RETAINED_BYTES) {
            packed = new byte[0];
        }
        this.epoch = epoch;
        this.baseLsn = baseLsn;
        this.count = 0;
        this.maxTimestamp = Long.MIN_VALUE;
        this.end = BatchCodec.HEADER_BYTES;
    }

    public void add(long timestampMicros, byte type, byte[] payload) {
        ensureCapacity(BatchCodec.RECORD_OVERHEAD + payload.length);
        LONG.set(plain, end, timestampMicros);
        plain[end + 8] = type;
        INT.set(plain, end + 9, payload.length);
        System.arraycopy(payload, 0, plain, end + BatchCodec.RECORD_OVERHEAD, payload.length);
        end += BatchCodec.RECORD_OVERHEAD + payload.length;
        count++;
        maxTimestamp = Math.max(maxTimestamp, timestampMicros);
    }

    public int count() {
        return count;
    }

    public long baseLsn() {
        return baseLsn;
    }

    public long epoch() {
        return epoch;
    }

    /** Largest timestamp added to this batch. */
    public long maxTimestamp() {
        return maxTimestamp;
    }

    /** Bytes of the uncompressed records section so far. */
    public int sectionBytes() {
        return end - BatchCodec.HEADER_BYTES;
    }

    /** Completes the batch; the returned buffer (position 0) is valid until the next {@link #begin}. */
    public ByteBuffer finish() {
        if (count == 0) {
            throw new IllegalStateException("a batch needs at least one record");
        }
        int section = sectionBytes();
        byte[] out = plain;
        int stored = section;
        int flags = 0;
        if (compress && section >= MIN_COMPRESSIBLE) {
            int bound = BatchCodec.HEADER_BYTES + compressor.maxCompressedLength(section);
            if (packed.length < bound) {
                packed = new byte[bound];
            }
            int compressed = compressor.compress(plain, BatchCodec.HEADER_BYTES, section, packed,
                    BatchCodec.HEADER_BYTES, bound - BatchCodec.HEADER_BYTES);
            if (compressed < section) {
                out = packed;
                stored = compressed;
                flags = BatchCodec.FLAG_LZ4;
            }
        }
        int total = BatchCodec.HEADER_BYTES + stored;
        writeHeader(out, total, flags, section);
        return ByteBuffer.wrap(out, 0, total);
    }

    /** {@link #finish()} copied into an array of its own. */
    public byte[] finishToArray() {
        ByteBuffer b = finish();
        return Arrays.copyOf(b.array(), b.limit());
    }

    private void writeHeader(byte[] out, int total, int flags, int section) {
        INT.set(out, 0, total - 4);
        out[8] = (byte) BatchCodec.FORMAT_VERSION;
        out[9] = (byte) flags;
        LONG.set(out, 10, epoch);
        LONG.set(out, 18, baseLsn);
        INT.set(out, 26, count);
        LONG.set(out, 30, maxTimestamp);
        INT.set(out, 38, section);
        INT.set(out, 4, BatchCodec.checksum(out, 0, total));
    }

    private void ensureCapacity(int more) {
        long needed = (long) end + more;
        if (needed > plain.length) {
            if (needed > BatchCodec.HEADER_BYTES + (long) BatchCodec.MAX_SECTION_BYTES) {
                throw new IllegalArgumentException("batch records section would exceed "
                        + BatchCodec.MAX_SECTION_BYTES + " bytes");
            }
            plain = Arrays.copyOf(plain, (int) Math.max(needed, Math.min(2L * plain.length, Integer.MAX_VALUE - 16)));
        }
    }
}
