package com.wolfscale.node;

import com.wolfscale.common.Lsn;
import com.wolfscale.mysql.binlog.Gtid;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Recent GTID → LSN mappings: filled by capture on the leader and by apply on followers, read by the
 * proxy to turn a session's {@code last_gtid} into a causal position. Bounded; thread-safe.
 */
public final class GtidIndex {

    private static final int CAPACITY = 200_000;

    private final Map<Gtid, Lsn> map = new LinkedHashMap<>(1024, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Gtid, Lsn> eldest) {
            return size() > CAPACITY;
        }
    };

    public synchronized void put(Gtid gtid, Lsn lsn) {
        map.put(gtid, lsn);
        notifyAll();
    }

    public synchronized Optional<Lsn> get(Gtid gtid) {
        return Optional.ofNullable(map.get(gtid));
    }

    /** Waits up to {@code wait} for the mapping to appear. */
    public synchronized Optional<Lsn> await(Gtid gtid, Duration wait) throws InterruptedException {
        long deadline = System.nanoTime() + wait.toNanos();
        Lsn lsn;
        while ((lsn = map.get(gtid)) == null) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return Optional.empty();
            }
            wait(Math.max(1, left / 1_000_000));
        }
        return Optional.of(lsn);
    }
}
