package com.wolfscale.core;

import com.wolfscale.common.Epoch;
import com.wolfscale.common.Lsn;
import com.wolfscale.common.NodeId;
import java.util.List;
import java.util.Optional;

/**
 * An immutable snapshot of the core, published after every step for other threads (replication, proxy,
 * API) to read without locking.
 *
 * @param leaseExpiresAtMs leader only: writes may be accepted while the monotonic clock is before this
 * @param leaderReady      leader only: the epoch-start record is in the log and no transfer is running
 * @param fetchSource      where this node should fetch from: the leader, or before an election the most
 *                         advanced peer ("catch up before leadership")
 * @param committedMayBeLost available mode (or forced leadership): a healed partition may truncate
 *                         records this node saw committed; in quorum mode that never happens
 */
public record CoreView(NodeId self, Epoch epoch, Role role, Optional<NodeId> leader, Lsn commitLsn,
                       boolean committedMayBeLost,
                       long leaseExpiresAtMs, boolean leaderReady, boolean noQuorum, boolean forced,
                       Optional<NodeId> transferTarget, Optional<NodeId> fetchSource,
                       Optional<NodeId> expectedSuccessor, NodeStatus selfStatus, List<NodeInfo> nodes) {

    /** One node as this node sees it (this node included). */
    public record NodeInfo(NodeId id, NodeStatus status, Role role, Lsn lastLsn, Lsn durableLsn, Lsn appliedLsn,
                           long lagRecords, long lagMs, long lastHeardAgoMs, boolean eligible) { }

    /** True when this node may accept writes at monotonic time {@code nowMs}. */
    public boolean writable(long nowMs) {
        return role == Role.LEADER && leaderReady && transferTarget.isEmpty() && nowMs < leaseExpiresAtMs;
    }

    /**
     * True when this node may append to the log as leader: it leads and its epoch-start record is written.
     * Weaker than {@link #writable}: a transaction the leader's MariaDB already wrote to its binlog (its
     * commit waiting for the acknowledgement) must still reach the log while the lease has lapsed or a
     * transfer is under way, or it could only be killed; it commits, like any record, only on a quorum.
     */
    public boolean mayAppend() {
        return role == Role.LEADER && leaderReady;
    }

    public boolean isLeader() {
        return role == Role.LEADER;
    }
}
