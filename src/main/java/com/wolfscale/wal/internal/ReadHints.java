package com.wolfscale.wal.internal;

import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * Where recent reads stopped: the byte offset of the batch holding the next LSN a reader will ask for.
 * Replication readers ask for exactly where their previous read ended, so their next read starts at the
 * right batch without an index lookup and scan. A hint is valid only for the segment and the change stamp
 * (see {@link PublishedView#stamp()}) it was taken under; a wrong hint costs a fallback, never a wrong
 * answer, because the reader checks the batch header it lands on. Lock-free and thread-safe.
 */
public final class ReadHints {

    private static final int SLOTS = 64;

    private record Hint(long lsn, SegmentFile segment, long offset, long stamp) {
    }

    private final AtomicReferenceArray<Hint> slots = new AtomicReferenceArray<>(SLOTS);

    /** The offset of the batch holding {@code lsn} in {@code segment}, or -1 when there is no hint. */
    public long lookup(long lsn, SegmentFile segment, long stamp) {
        Hint h = slots.get(slot(lsn));
        return h != null && h.lsn == lsn && h.segment == segment && h.stamp == stamp ? h.offset : -1;
    }

    public void remember(long lsn, SegmentFile segment, long offset, long stamp) {
        slots.set(slot(lsn), new Hint(lsn, segment, offset, stamp));
    }

    private static int slot(long lsn) {
        return (int) (lsn & (SLOTS - 1));
    }
}
