package com.wolfscale.wal;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * How a {@link Wal} stores and commits records.
 *
 * @param dir            the directory that holds the log; created if missing; one WAL per directory
 * @param segmentBytes   nominal segment size: the log rolls to a new file before a group commit that would
 *                       make the active segment larger (a single batch larger than this gets a segment of
 *                       its own that exceeds the size)
 * @param compression    LZ4-compress each batch's records when that makes them smaller ({@code wal.compression})
 * @param fsync          complete an append only after fsync ({@code wal.fsync}); false completes it once the
 *                       bytes are written to the page cache, so a power loss can lose acknowledged records
 * @param batchSize      most records one group commit writes ({@code wal.batch_size})
 * @param flushInterval  longest the writer keeps gathering records for a group commit while more keep
 *                       arriving; it never waits when the queue is empty ({@code wal.flush_interval_ms})
 * @param maxRecordBytes largest payload accepted, at most {@link #MAX_RECORD_BYTES_LIMIT}
 * @param tailCacheBytes payload budget for the newest records kept decoded in memory for readers at the
 *                       tail (0: every read goes to the segment files)
 */
public record WalOptions(Path dir, long segmentBytes, boolean compression, boolean fsync, int batchSize,
                         Duration flushInterval, int maxRecordBytes, long tailCacheBytes) {

    /** The format's hard limit for one payload; readers reject larger declared lengths before allocating. */
    public static final int MAX_RECORD_BYTES_LIMIT = 128 << 20;

    /** Smallest segment size accepted: room for a header and a few small batches. */
    public static final long MIN_SEGMENT_BYTES = 4096;

    public static final long DEFAULT_SEGMENT_BYTES = 64L << 20;
    public static final int DEFAULT_BATCH_SIZE = 1000;
    public static final Duration DEFAULT_FLUSH_INTERVAL = Duration.ofMillis(2);
    public static final int DEFAULT_MAX_RECORD_BYTES = 16 << 20;
    public static final long DEFAULT_TAIL_CACHE_BYTES = 8L << 20;

    public WalOptions {
        Objects.requireNonNull(dir, "dir");
        Objects.requireNonNull(flushInterval, "flushInterval");
        if (segmentBytes < MIN_SEGMENT_BYTES) {
            throw new IllegalArgumentException("segmentBytes must be at least " + MIN_SEGMENT_BYTES + ": " + segmentBytes);
        }
        if (batchSize < 1) {
            throw new IllegalArgumentException("batchSize must be at least 1: " + batchSize);
        }
        if (flushInterval.isNegative()) {
            throw new IllegalArgumentException("flushInterval must not be negative: " + flushInterval);
        }
        if (maxRecordBytes < 1 || maxRecordBytes > MAX_RECORD_BYTES_LIMIT) {
            throw new IllegalArgumentException("maxRecordBytes must be in 1.." + MAX_RECORD_BYTES_LIMIT + ": " + maxRecordBytes);
        }
        if (tailCacheBytes < 0) {
            throw new IllegalArgumentException("tailCacheBytes must not be negative: " + tailCacheBytes);
        }
    }

    /** The defaults of {@code [wal]} in {@code wolfscale.toml}: 64 MiB segments, LZ4, fsync, 1000 records, 2 ms. */
    public static WalOptions defaults(Path dir) {
        return new WalOptions(dir, DEFAULT_SEGMENT_BYTES, true, true, DEFAULT_BATCH_SIZE, DEFAULT_FLUSH_INTERVAL,
                DEFAULT_MAX_RECORD_BYTES, DEFAULT_TAIL_CACHE_BYTES);
    }

    public WalOptions withSegmentBytes(long bytes) {
        return new WalOptions(dir, bytes, compression, fsync, batchSize, flushInterval, maxRecordBytes, tailCacheBytes);
    }

    public WalOptions withCompression(boolean on) {
        return new WalOptions(dir, segmentBytes, on, fsync, batchSize, flushInterval, maxRecordBytes, tailCacheBytes);
    }

    public WalOptions withFsync(boolean on) {
        return new WalOptions(dir, segmentBytes, compression, on, batchSize, flushInterval, maxRecordBytes, tailCacheBytes);
    }

    public WalOptions withBatchSize(int records) {
        return new WalOptions(dir, segmentBytes, compression, fsync, records, flushInterval, maxRecordBytes, tailCacheBytes);
    }

    public WalOptions withFlushInterval(Duration interval) {
        return new WalOptions(dir, segmentBytes, compression, fsync, batchSize, interval, maxRecordBytes, tailCacheBytes);
    }

    public WalOptions withTailCacheBytes(long bytes) {
        return new WalOptions(dir, segmentBytes, compression, fsync, batchSize, flushInterval, maxRecordBytes, bytes);
    }

    public WalOptions withMaxRecordBytes(int bytes) {
        return new WalOptions(dir, segmentBytes, compression, fsync, batchSize, flushInterval, bytes, tailCacheBytes);
    }
}
