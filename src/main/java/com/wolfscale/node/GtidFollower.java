package com.wolfscale.node;

import com.wolfscale.changelog.TransactionRecord;
import com.wolfscale.common.Lsn;
import com.wolfscale.core.LogRecord;
import com.wolfscale.replication.ClusterMember;
import com.wolfscale.wal.WalRecord;
import java.time.Duration;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Follows this node's WAL and puts every transaction record's GTID into the {@link GtidIndex}, on any
 * role: the proxy turns a session's {@code last_gtid} (learnt from the leader) into the LSN a causal read
 * must wait for, and a follower knows that mapping only from its own log. Starts near the end of the log
 * (the index is bounded anyway) and re-reads after a truncation.
 */
final class GtidFollower implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(GtidFollower.class);
    /** How far back the index is filled at start. */
    static final long BACKFILL = 100_000;

    private final ClusterMember member;
    private final GtidIndex index;
    private final Thread thread;
    private volatile boolean running = true;

    GtidFollower(ClusterMember member, GtidIndex index) {
        this.member = member;
        this.index = index;
        this.thread = Thread.ofVirtual().name("gtid-follower").start(this::run);
    }

    private void run() {
        Lsn next = Lsn.of(Math.max(member.wal().firstLsn().value(), member.wal().lastLsn().value() - BACKFILL + 1));
        while (running) {
            try {
                if (next.isBefore(member.wal().firstLsn())) {
                    next = member.wal().firstLsn(); // retention removed what we had not read yet
                }
                if (next.isAfter(member.wal().lastLsn().next())) {
                    next = member.wal().lastLsn().next(); // the log was truncated behind us
                }
                List<WalRecord> batch = member.wal().read(next, 1000, 16 << 20);
                if (batch.isEmpty()) {
                    member.wal().awaitAppended(next.previous(), Duration.ofMillis(500));
                    continue;
                }
                for (WalRecord r : batch) {
                    if (r.type() == LogRecord.TRANSACTION) {
                        index.put(TransactionRecord.gtidOf(r.payload()), r.lsn());
                    }
                }
                next = batch.get(batch.size() - 1).lsn().next();
            } catch (InterruptedException e) {
                return;
            } catch (Exception e) {
                if (running) {
                    LOG.warn("GTID index stops following the WAL at {}: {}; retrying", next, e.toString());
                    sleep();
                }
            }
        }
    }

    private static void sleep() {
        try {
            Thread.sleep(1000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        running = false;
        thread.interrupt();
    }
}
