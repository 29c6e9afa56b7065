package com.wolfscale.wal.internal;

import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * Cuts a byte stream of consecutive batches (a segment body, or batches shipped over a connection) into
 * whole, checksum-verified batches, however the stream is split into pieces. A header is checked for
 * plausibility (length bounds, version, flags) before its body is buffered, so a garbage length never
 * causes a large allocation; a batch is returned only once its CRC-32C matches.
 *
 * <p>The first invalid batch stops the decoder for good ({@link Invalid} is returned from then on): what
 * follows bad bytes is not a reliable stream position. Not thread-safe.
 */
public final class BatchStreamDecoder {

    /** A result of {@link #next()}. */
    public sealed interface Result permits Batch, NeedMore, Invalid {
    }

    /**
     * A whole valid batch, held in {@code bytes[offset, offset + header.totalBytes())}; the array is only
     * valid until the next call to {@link #feed} or {@link #next}.
     */
    public record Batch(long streamOffset, BatchHeader header, byte[] bytes, int offset) implements Result {
    }

    /** Everything fed so far has been returned; feed more (or call {@link #finish}). */
    public record NeedMore() implements Result {
    }

    /** The batch starting at {@code streamOffset} is not valid, for {@code reason}. */
    public record Invalid(long streamOffset, String reason) implements Result {
    }

    private static final NeedMore NEED_MORE = new NeedMore();

    private final long streamLength;
    private byte[] buffer = new byte[64 << 10];
    private int start;
    private int end;
    private long startOffset;
    private Invalid invalid;

    /**
     * @param streamOffset offset in the stream (e.g. the file) of the first byte that will be fed
     * @param streamLength offset at which the stream ends, or {@link Long#MAX_VALUE} when unknown; a
     *                     batch that claims to run past it is invalid at once
     */
    public BatchStreamDecoder(long streamOffset, long streamLength) {
        this.startOffset = streamOffset;
        this.streamLength = streamLength;
    }

    /** Appends the remaining bytes of {@code chunk}, consuming them. */
    public void feed(ByteBuffer chunk) {
        int n = chunk.remaining();
        if (end + n > buffer.length) {
            makeRoom(n);
        }
        chunk.get(buffer, end, n);
        end += n;
    }

    /** The next whole batch, or what stops it. */
    public Result next() {
        if (invalid != null) {
            return invalid;
        }
        int available = end - start;
        if (available < BatchCodec.HEADER_BYTES) {
            return NEED_MORE;
        }
        BatchHeader h = BatchHeader.parse(ByteBuffer.wrap(buffer, start, available));
        String problem = h.problem(streamLength - startOffset);
        if (problem != null) {
            return fail(problem);
        }
        int total = (int) h.totalBytes();
        if (available < total) {
            return NEED_MORE;
        }
        if (!BatchCodec.checksumMatches(buffer, start, total)) {
            return fail("CRC-32C mismatch over " + total + " bytes");
        }
        Batch batch = new Batch(startOffset, h, buffer, start);
        start += total;
        startOffset += total;
        return batch;
    }

    /** Call at the end of the stream: {@link Invalid} if a partial batch is left over, else {@link NeedMore}. */
    public Result finish() {
        Result r = next();
        if (r instanceof NeedMore && end > start) {
            return fail("incomplete batch: the data ends " + (end - start) + " bytes into it");
        }
        return r;
    }

    /** Stream offset of the first byte not yet returned as part of a batch. */
    public long position() {
        return startOffset;
    }

    private Invalid fail(String reason) {
        invalid = new Invalid(startOffset, reason);
        return invalid;
    }

    private void makeRoom(int n) {
        int live = end - start;
        if (live + n > buffer.length) {
            buffer = Arrays.copyOfRange(buffer, start, start + Math.max(live + n, 2 * buffer.length));
        } else {
            System.arraycopy(buffer, start, buffer, 0, live);
        }
        start = 0;
        end = live;
    }
}
