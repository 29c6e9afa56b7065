package com.wolfscale.node;

import com.wolfscale.apply.ApplyLoop;
import com.wolfscale.common.Lsn;
import com.wolfscale.replication.ClusterMember;
import com.wolfscale.wal.WalRecord;
import java.time.Duration;
import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * The applier's view of the WAL: records that are committed in the cluster and durable in this node's own
 * log, none while a hold is on (the rejoin repair has not resolved this node's binlog, or a migration is
 * loading the database).
 *
 * <p>{@link #awaitLimitAbove} must block until the limit can move, not merely until the commit index does:
 * while held, or while this node's log is behind the commit index it learnt from the leader (catching up),
 * the commit index is already past the applied position, and returning at once made the applier spin a
 * core (found in a migration profile: the held applier was the busiest thread of the node being cloned).
 */
final class CommittedRecords implements ApplyLoop.Source {

    /** How often a held applier looks at the hold again: the hold ends rarely (repair done, migration loaded). */
    static final Duration HOLD_POLL = Duration.ofMillis(20);

    private final ClusterMember member;
    private final BooleanSupplier hold;
    private final Supplier<Lsn> applied;

    /**
     * @param hold    true while nothing may be applied
     * @param applied the applier's position, the limit while held
     */
    CommittedRecords(ClusterMember member, BooleanSupplier hold, Supplier<Lsn> applied) {
        this.member = member;
        this.hold = hold;
        this.applied = applied;
    }

    @Override
    public Lsn limit() {
        if (hold.getAsBoolean()) {
            return applied.get();
        }
        return Lsn.min(member.view().commitLsn(), member.wal().durableLsn());
    }

    @Override
    public boolean awaitLimitAbove(Lsn lsn, Duration timeout) throws InterruptedException {
        if (hold.getAsBoolean()) {
            Thread.sleep(Math.min(timeout.toMillis(), HOLD_POLL.toMillis()));
            return limit().isAfter(lsn);
        }
        long deadline = System.nanoTime() + timeout.toNanos();
        if (!member.awaitCommit(lsn.next(), timeout)) {
            return false;
        }
        // committed in the cluster; this node's own copy may still be on its way or not yet fsynced
        member.wal().awaitDurable(lsn, Duration.ofNanos(Math.max(0, deadline - System.nanoTime())));
        return limit().isAfter(lsn);
    }

    @Override
    public List<WalRecord> read(Lsn from, int maxRecords, long maxBytes) throws Exception {
        return member.wal().read(from, maxRecords, maxBytes);
    }
}
