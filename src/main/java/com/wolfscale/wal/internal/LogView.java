package com.wolfscale.wal.internal;

import java.util.List;

/**
 * An immutable snapshot of the log's shape that the writer publishes after every change: the segments in
 * LSN order (the last one is active), the LSN range, the epoch of the last record and the epoch history.
 * Readers work from one snapshot; they never see a half-applied change.
 *
 * @param segments  segments in ascending base LSN; never empty
 * @param lastLsn   last readable record; {@code firstLsn() - 1} when the log holds none
 * @param lastEpoch epoch of the record at {@code lastLsn} (kept after retention removed it), 0 for a new log
 * @param history   epoch history and truncation fences
 */
public record LogView(List<SegmentFile> segments, long lastLsn, long lastEpoch, EpochHistory history) {

    public LogView {
        segments = List.copyOf(segments);
        if (segments.isEmpty()) {
            throw new IllegalArgumentException("a log has at least one segment");
        }
    }

    /** First record still on disk; {@code lastLsn + 1} when retention removed all of them. */
    public long firstLsn() {
        return segments.get(0).baseLsn();
    }

    public SegmentFile active() {
        return segments.get(segments.size() - 1);
    }

    /** The segment that holds {@code lsn} (the last one whose base LSN is at most {@code lsn}). */
    public SegmentFile segmentFor(long lsn) {
        int lo = 0;
        int hi = segments.size() - 1;
        while (lo < hi) {
            int mid = (lo + hi + 1) >>> 1;
            if (segments.get(mid).baseLsn() <= lsn) {
                lo = mid;
            } else {
                hi = mid - 1;
            }
        }
        return segments.get(lo);
    }

    /** The segment after {@code segment}, or null if it is the last one. */
    public SegmentFile after(SegmentFile segment) {
        int i = segments.indexOf(segment);
        return i >= 0 && i + 1 < segments.size() ? segments.get(i + 1) : null;
    }

    public long sizeOnDisk() {
        long total = 0;
        for (SegmentFile s : segments) {
            total += s.size();
        }
        return total;
    }
}
