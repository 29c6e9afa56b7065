package com.wolfscale.config;

import java.time.Duration;

/**
 * {@code [wal]}: the replicated write-ahead log kept by every node.
 *
 * @param batchSize      most records one group commit writes before it fsyncs
 * @param flushInterval  longest a record waits for more records to join its group commit
 * @param compression    LZ4-compress record payloads when that makes them smaller
 * @param segmentSizeMb  segment file size at which the log rolls to a new file
 * @param retentionHours keep closed segments this long (0 = no time limit); peers' needs always win
 * @param maxSizeMb      keep at most this much log on disk (0 = no size limit); peers' needs always win
 * @param fsync          complete an append only after fsync; false trades durability for speed
 */
public record WalSection(int batchSize, Duration flushInterval, boolean compression, int segmentSizeMb,
                         int retentionHours, long maxSizeMb, boolean fsync) {

    static WalSection read(SectionReader r) {
        int batchSize = r.intValue("batch_size", 1000, 1, 1_000_000);
        Duration flush = r.millis("flush_interval_ms", 2, 0, 10_000);
        boolean compression = r.flag("compression", true);
        int segment = r.intValue("segment_size_mb", 64, 1, 4096);
        int retention = r.intValue("retention_hours", 168, 0, 24 * 365 * 10);
        long maxSize = r.integer("max_size_mb", 0, 0, Long.MAX_VALUE / (1 << 20));
        boolean fsync = r.flag("fsync", true);
        if (!fsync) {
            r.warning("fsync", "fsync = false: a power loss can lose WAL records this node acknowledged");
        }
        return new WalSection(batchSize, flush, compression, segment, retention, maxSize, fsync);
    }
}
