package com.wolfscale.wal.internal;

import com.wolfscale.wal.WalRecord;
import java.util.ArrayList;
import java.util.List;

/**
 * The newest records of the log, decoded. Every record is read back right after it is written: by the
 * followers' fetches on a leader, by the applier and by the GTID index on every node. Profiles of the
 * cluster benchmark showed each such read costing a {@code pread}, a CRC32C and an LZ4 decode of the
 * batch; from here a read near the tail costs none of them. Bounded by {@link #MAX_RECORDS} and a payload
 * budget, so heap use stays independent of log size; older records are read from the segments as before.
 *
 * <p>The cached records are always a contiguous run {@code [first, last]} that ends at the log's end: the
 * writer adds each batch before it publishes it, cuts the run when it truncates (inside the change that
 * readers' stamps detect), and clears it when the log restarts. Records share their payload arrays with
 * readers, which {@link WalRecord} already forbids modifying. Thread-safety: the writer thread changes
 * it; any thread reads; every method holds the monitor briefly.
 */
public final class TailCache {

    static final int MAX_RECORDS = 4096;

    private final WalRecord[] ring = new WalRecord[MAX_RECORDS];
    private final long maxBytes;
    /** Cached LSNs are {@code [first, last]}; empty when {@code first > last}. */
    private long first = 1;
    private long last;
    private long bytes;

    TailCache(long maxBytes) {
        this.maxBytes = maxBytes;
    }

    /** Writer: records just written, contiguous; a run that does not continue the cache replaces it. */
    synchronized void add(List<WalRecord> records) {
        if (records.isEmpty()) {
            return;
        }
        if (maxBytes == 0) { // disabled
            clear(records.get(records.size() - 1).lsn().value());
            return;
        }
        long base = records.get(0).lsn().value();
        if (base != last + 1) {
            clear(base - 1);
        }
        for (WalRecord r : records) {
            if (last - first + 1 == MAX_RECORDS) {
                dropFirst();
            }
            last++;
            ring[slot(last)] = r;
            bytes += r.payload().length;
        }
        while (bytes > maxBytes && first <= last) {
            dropFirst();
        }
    }

    /** Writer: records after {@code lsn} were removed from the log. */
    synchronized void truncateAfter(long lsn) {
        while (last > lsn && last >= first) {
            bytes -= ring[slot(last)].payload().length;
            ring[slot(last)] = null;
            last--;
        }
        if (last > lsn) { // nothing cached was at or below lsn
            clear(lsn);
        }
    }

    /** Writer: the log now continues after {@code lastLsn} with nothing cached. */
    synchronized void clear(long lastLsn) {
        while (first <= last) {
            dropFirst();
        }
        first = lastLsn + 1;
        last = lastLsn;
        bytes = 0;
    }

    /**
     * Records from {@code from} up to {@code upTo} under a read's limits (at most {@code maxRecords}; stops
     * before a record that would take the payload total above {@code maxBytes}, the first always comes),
     * or null when {@code from} is not cached.
     */
    synchronized List<WalRecord> read(long from, long upTo, int maxRecords, long maxBytes) {
        if (from < first || from > last || from > upTo) {
            return null;
        }
        long end = Math.min(upTo, last);
        List<WalRecord> out = new ArrayList<>((int) Math.min(maxRecords, end - from + 1));
        long total = 0;
        for (long lsn = from; lsn <= end && out.size() < maxRecords; lsn++) {
            WalRecord r = ring[slot(lsn)];
            if (!out.isEmpty() && total + r.payload().length > maxBytes) {
                break;
            }
            total += r.payload().length;
            out.add(r);
        }
        return out;
    }

    private void dropFirst() {
        bytes -= ring[slot(first)].payload().length;
        ring[slot(first)] = null;
        first++;
    }

    private static int slot(long lsn) {
        return (int) (lsn & (MAX_RECORDS - 1));
    }
}
