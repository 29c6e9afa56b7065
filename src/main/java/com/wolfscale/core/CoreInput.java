package com.wolfscale.core;

import com.wolfscale.common.Epoch;
import com.wolfscale.common.Lsn;
import com.wolfscale.common.NodeId;
import java.util.Optional;
import java.util.Set;

/** Everything that can happen to the core. Time is passed separately with each step. */
public sealed interface CoreInput {

    /** Time passed; timers are checked. Drivers tick at least every few milliseconds. */
    record Tick() implements CoreInput { }

    /** A message from a peer (vote, heartbeat, status). Fetch traffic arrives as the two inputs below. */
    record Received(Message message) implements CoreInput { }

    /** The node's own log changed (append became durable, truncation, catch-up append). */
    record LogChanged() implements CoreInput { }

    /** The local database's state, reported by the node's health monitor and applier. */
    record LocalDatabase(boolean healthy, boolean needsMigration, Lsn appliedLsn, long appliedMicros)
            implements CoreInput { }

    /** Leader/catch-up source side: a peer fetched, which acknowledges its durable and applied positions. */
    record FollowerProgress(NodeId follower, Epoch epoch, Lsn durableLsn, Lsn appliedLsn) implements CoreInput { }

    /**
     * Follower side: a fetch answer was processed. {@code matchedLsn} is the highest position now known
     * to agree with the source's log; {@code sourceCommit} is the commit index the source reported.
     */
    record FetchAnswered(NodeId source, Epoch sourceEpoch, boolean fromLeader, Lsn matchedLsn, Lsn sourceCommit,
                         boolean snapshotNeeded) implements CoreInput { }

    /** Node ids learnt from configuration ({@code id@host:port}) or authenticated handshakes. */
    record PeersKnown(Set<NodeId> peers) implements CoreInput { }

    /** Operator: hand leadership to {@code target}, or to the expected successor when empty. */
    record TransferLeadership(Optional<NodeId> target) implements CoreInput { }

    /**
     * The node installed a snapshot of the database at {@code lsn} (a committed position) and restarted its
     * log right after it: it no longer needs one, and nothing before {@code lsn} is needed locally.
     */
    record SnapshotInstalled(Lsn lsn) implements CoreInput { }

    /**
     * A leader handing over ({@link CoreView#transferTarget}): its database now refuses new writes and every
     * commit it had in flight has finished, so all of them are in the log (see
     * {@link CoreConfig#drainBeforeTransfer}). Ignored unless it names the epoch this node leads.
     */
    record WritesDrained(Epoch epoch) implements CoreInput { }

    /** Operator: become leader now even without a quorum (the cluster really lost its majority). */
    record ForceLeader() implements CoreInput { }
}
