package com.wolfscale.core;

import com.wolfscale.common.Epoch;
import com.wolfscale.common.Lsn;
import com.wolfscale.common.NodeId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * State that exists only while this node leads one epoch: heartbeat sequence and send times, the lease,
 * the commit index rule, and a running leadership transfer. Owned by the core's thread.
 */
final class Leadership {

    final Epoch epoch;
    final long startedMs;
    long nextHeartbeatMs;
    long seq;
    final Map<Long, Long> sentAt = new HashMap<>();
    long noQuorumSinceMs = Long.MIN_VALUE;
    boolean noQuorumAlerted;
    Optional<NodeId> transferTarget = Optional.empty();
    long transferDeadlineMs;
    boolean timeoutNowSent;
    long transferStartedMs;
    /** The node reported its database drained for the running transfer ({@link CoreInput.WritesDrained}). */
    boolean writesDrained;
    long timeoutNowSentMs;
    /** Heartbeats sent before this time do not count towards the lease (set when a transfer is abandoned). */
    long leaseNotBeforeMs = Long.MIN_VALUE;
    /** Set when the transfer was started because this node's database failed: never keep leading. */
    boolean stepDownWhenTransferEnds;
    long noFailbackBeforeMs;

    Leadership(Epoch epoch, long now) {
        this.epoch = epoch;
        this.startedMs = now;
        this.nextHeartbeatMs = now;
    }

    long nextSeq(long now) {
        seq++;
        sentAt.put(seq, now);
        sentAt.remove(seq - 64); // acks older than this are useless for the lease
        return seq;
    }

    /** The send time of heartbeat {@code ackSeq}, if it is recent enough to matter. */
    Optional<Long> sendTimeOf(long ackSeq) {
        return Optional.ofNullable(sentAt.get(ackSeq));
    }

    /**
     * The lease end: the k-th most recent acknowledged heartbeat send time (this node counting as "now"),
     * plus the lease length. Unbounded when k is 1 (a single-node cluster, or available mode).
     */
    static long leaseExpiry(long now, List<Long> peerAckedSendTimes, int quorum, long leaseMs) {
        if (quorum <= 1) {
            return Long.MAX_VALUE;
        }
        List<Long> times = new ArrayList<>(peerAckedSendTimes);
        times.add(now);
        times.sort((a, b) -> Long.compare(b, a));
        if (times.size() < quorum) {
            return Long.MIN_VALUE;
        }
        long t = times.get(quorum - 1);
        return t == Long.MIN_VALUE ? Long.MIN_VALUE : t + leaseMs;
    }

    /** The k-th highest durable position among this node and its followers, or ZERO if fewer than k. */
    static Lsn kthDurable(Lsn own, List<Lsn> followers, int k) {
        List<Lsn> all = new ArrayList<>(followers);
        all.add(own);
        all.sort((a, b) -> b.compareTo(a));
        return all.size() < k ? Lsn.ZERO : all.get(k - 1);
    }
}
