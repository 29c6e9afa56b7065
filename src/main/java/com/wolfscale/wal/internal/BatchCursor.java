package com.wolfscale.wal.internal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;

/**
 * Walks the batches of one segment from a byte offset with positional reads. Bytes are read through a
 * 64 KiB window, so skipping small batches or reading a run of them costs one read per window, and a
 * batch is checksummed only when its body is asked for. Used by readers and by suffix truncation.
 *
 * <p>Not thread-safe; each read creates its own cursor.
 */
public final class BatchCursor {

    /** A batch that cannot be valid where it is: in {@code file} at {@code offset}, for the message's reason. */
    public static final class BadBatchException extends Exception {
        private final Path file;
        private final long offset;

        public BadBatchException(Path file, long offset, String reason) {
            super(reason);
            this.file = file;
            this.offset = offset;
        }

        public Path file() {
            return file;
        }

        public long offset() {
            return offset;
        }
    }

    private static final int WINDOW_BYTES = 64 << 10;

    private final SegmentFile segment;
    private final long limit;
    private final byte[] window = new byte[WINDOW_BYTES];
    private long windowStart;
    private int windowLength;
    private long position;
    private long offset = -1;
    private BatchHeader header;

    /**
     * @param position byte offset of a batch start in {@code segment}
     * @param limit    end of the readable bytes of the segment
     */
    public BatchCursor(SegmentFile segment, long position, long limit) {
        this.segment = segment;
        this.position = position;
        this.limit = limit;
    }

    /** Moves to the next batch; false at the end of the readable bytes. */
    public boolean next() throws IOException, BadBatchException {
        if (header != null) {
            position = offset + header.totalBytes();
        }
        header = null;
        if (position >= limit) {
            return false;
        }
        ensureInWindow(position, BatchCodec.HEADER_BYTES);
        BatchHeader h = BatchHeader.parse(ByteBuffer.wrap(window, (int) (position - windowStart), BatchCodec.HEADER_BYTES));
        String problem = h.problem(limit - position);
        if (problem != null) {
            throw new BadBatchException(segment.path(), position, problem);
        }
        offset = position;
        header = h;
        return true;
    }

    public BatchHeader header() {
        return header;
    }

    /** Byte offset of the current batch. */
    public long offset() {
        return offset;
    }

    /** The current batch's bytes, checksum verified; {@link Body#bytes()} is valid until the next call. */
    public Body body() throws IOException, BadBatchException {
        int total = (int) header.totalBytes();
        byte[] bytes;
        int at;
        if (total <= WINDOW_BYTES) {
            ensureInWindow(offset, total);
            bytes = window;
            at = (int) (offset - windowStart);
        } else {
            bytes = new byte[total];
            at = 0;
            segment.readFully(ByteBuffer.wrap(bytes), offset);
        }
        if (!BatchCodec.checksumMatches(bytes, at, total)) {
            throw new BadBatchException(segment.path(), offset, "CRC-32C mismatch over " + total + " bytes");
        }
        return new Body(bytes, at);
    }

    /** A verified batch in {@code bytes} from {@code offset}. */
    public record Body(byte[] bytes, int offset) {
    }

    private void ensureInWindow(long from, int length) throws IOException, BadBatchException {
        if (from >= windowStart && from + length <= windowStart + windowLength) {
            return;
        }
        int n = (int) Math.min(WINDOW_BYTES, limit - from);
        if (n < length) {
            throw new BadBatchException(segment.path(), from, "the readable data ends " + n + " bytes into a " + length + "-byte read");
        }
        ByteBuffer target = ByteBuffer.wrap(window, 0, n);
        try {
            segment.readFully(target, from);
        } catch (java.io.EOFException e) {
            throw new BadBatchException(segment.path(), from, "the file ends inside the batch: " + e.getMessage());
        }
        windowStart = from;
        windowLength = n;
    }
}
