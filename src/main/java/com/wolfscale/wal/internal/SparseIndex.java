package com.wolfscale.wal.internal;

import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Optional;

/**
 * A segment's sparse index: the byte offset of one batch start every {@link #INTERVAL_BYTES} of segment,
 * so a reader finds an LSN by a binary search and a scan of at most that many bytes, without reading the
 * segment from its start. About 16 bytes of heap per 64 KiB of log.
 *
 * <p>The index is a hint, never trusted over the log: a reader checks the batch header at the offset it
 * gets, and recovery rebuilds the index whenever its file is missing or does not match the segment.
 * It is persisted only when a segment is closed (roll), as the file {@code wal-<base>.idx}:
 *
 * <table>
 * <caption>Index file (followed by the CRC-32C trailer of {@link CheckpointFile})</caption>
 * <tr><th>Offset</th><th>Size</th><th>Field</th></tr>
 * <tr><td>0</td><td>8</td><td>magic {@code WSWALIDX}</td></tr>
 * <tr><td>8</td><td>8</td><td>base LSN of the segment</td></tr>
 * <tr><td>16</td><td>8</td><td>segment length in bytes when it was closed (a different length means the
 *     index is stale)</td></tr>
 * <tr><td>24</td><td>8</td><td>last LSN in the segment</td></tr>
 * <tr><td>32</td><td>8</td><td>largest record timestamp (µs) in the segment, for time-based retention</td></tr>
 * <tr><td>40</td><td>4</td><td>entry count n</td></tr>
 * <tr><td>44</td><td>16 n</td><td>entries: LSN of a batch's first record, byte offset of the batch</td></tr>
 * </table>
 *
 * <p>Thread-safety: one writer (the WAL writer thread, or recovery before the WAL is shared) appends and
 * truncates; any number of readers look up concurrently through an immutable snapshot.
 */
public final class SparseIndex {

    public static final long INTERVAL_BYTES = 64 << 10;
    private static final byte[] MAGIC = "WSWALIDX".getBytes(StandardCharsets.US_ASCII);

    /** What a closed segment's index file says about the segment besides the entries. */
    public record Summary(long segmentBytes, long lastLsn, long maxTimestampMicros) {
    }

    /** An index file's content: the index and the summary of its segment. */
    public record Loaded(SparseIndex index, Summary summary) {
    }

    /** Entries {@code [0, count)} of {@code pairs} (lsn, offset, lsn, offset, ...); never changed once published. */
    private record Snapshot(long[] pairs, int count) {
    }

    private volatile Snapshot snapshot = new Snapshot(new long[32], 0);
    private long lastIndexedOffset = -INTERVAL_BYTES;

    /** Writer: notes a batch that starts at {@code offset}; kept if it is far enough from the last entry. */
    public void onBatch(long firstLsn, long offset) {
        if (offset - lastIndexedOffset < INTERVAL_BYTES) {
            return;
        }
        Snapshot s = snapshot;
        long[] pairs = s.pairs;
        if (2 * s.count + 2 > pairs.length) {
            pairs = Arrays.copyOf(pairs, pairs.length * 2);
        }
        pairs[2 * s.count] = firstLsn;
        pairs[2 * s.count + 1] = offset;
        snapshot = new Snapshot(pairs, s.count + 1);
        lastIndexedOffset = offset;
    }

    /** Writer: forgets entries for batches at or after {@code offset} (suffix truncation). */
    public void truncateAt(long offset) {
        Snapshot s = snapshot;
        int n = 0;
        while (n < s.count && s.pairs[2 * n + 1] < offset) {
            n++;
        }
        snapshot = new Snapshot(Arrays.copyOf(s.pairs, Math.max(32, 2 * n)), n);
        lastIndexedOffset = n == 0 ? -INTERVAL_BYTES : s.pairs[2 * n - 1];
    }

    /** Offset of the last indexed batch whose first LSN is at most {@code lsn}, else the first batch. */
    public long floorOffset(long lsn) {
        Snapshot s = snapshot;
        int lo = 0;
        int hi = s.count - 1;
        long best = SegmentHeader.BYTES;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            if (s.pairs[2 * mid] <= lsn) {
                best = s.pairs[2 * mid + 1];
                lo = mid + 1;
            } else {
                hi = mid - 1;
            }
        }
        return best;
    }

    /** The index file content for a closed segment. */
    public byte[] toFileContent(long baseLsn, Summary summary) {
        Snapshot s = snapshot;
        ByteBuffer b = ByteBuffer.allocate(44 + 16 * s.count);
        b.put(MAGIC).putLong(baseLsn).putLong(summary.segmentBytes()).putLong(summary.lastLsn())
                .putLong(summary.maxTimestampMicros()).putInt(s.count);
        for (int i = 0; i < 2 * s.count; i++) {
            b.putLong(s.pairs[i]);
        }
        return b.array();
    }

    /**
     * Loads an index file's content (CRC already verified); empty if it belongs to another segment or is
     * malformed, in which case the caller rebuilds the index from the segment.
     */
    public static Optional<Loaded> fromFileContent(byte[] content, long baseLsn) {
        try {
            ByteBuffer b = ByteBuffer.wrap(content);
            byte[] magic = new byte[MAGIC.length];
            b.get(magic);
            if (!Arrays.equals(magic, MAGIC) || b.getLong() != baseLsn) {
                return Optional.empty();
            }
            Summary summary = new Summary(b.getLong(), b.getLong(), b.getLong());
            int count = b.getInt();
            if (count < 0 || b.remaining() != 16L * count) {
                return Optional.empty();
            }
            SparseIndex index = new SparseIndex();
            for (int i = 0; i < count; i++) {
                index.onBatch(b.getLong(), b.getLong());
            }
            return Optional.of(new Loaded(index, summary));
        } catch (BufferUnderflowException e) {
            return Optional.empty();
        }
    }
}
