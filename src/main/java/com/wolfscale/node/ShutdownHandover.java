package com.wolfscale.node;

import com.wolfscale.common.NodeId;
import com.wolfscale.core.CoreView;
import com.wolfscale.core.NodeStatus;
import com.wolfscale.replication.ClusterMember;
import java.time.Duration;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a node does on SIGTERM before it closes: a leader hands leadership to its expected successor when
 * that successor is caught up, so the cluster does not have to notice the leader's absence (an election
 * timeout) and the commits in flight finish instead of being cut off. The wait is bounded: a stop never
 * hangs on a handover that does not happen.
 *
 * <p>The node withdraws from leadership by reporting itself unfit (as for a failing database): the core
 * then runs its transfer to the expected successor and steps down if it fails, and, unlike after an
 * operator's transfer, the stopping node cannot win the next election itself (it has the lowest id, and
 * its election timer keeps running while it closes).
 */
final class ShutdownHandover {

    private static final Logger LOG = LoggerFactory.getLogger(ShutdownHandover.class);

    private final ClusterMember member;
    private final Runnable withdraw;

    /** @param withdraw makes the node unfit to lead from now on (the core hands over if it leads) */
    ShutdownHandover(ClusterMember member, Runnable withdraw) {
        this.member = member;
        this.withdraw = withdraw;
    }

    /** Hands over if this node leads and a caught-up successor exists, waiting at most {@code wait}; logs what it did. */
    void run(Duration wait) {
        CoreView v = member.view();
        if (!v.isLeader()) {
            withdraw.run(); // should the leader fail while this node closes, it must not be elected
            LOG.info("stopping {}: not the leader, nothing to hand over", member.self());
            return;
        }
        Optional<NodeId> successor = v.expectedSuccessor();
        if (successor.isEmpty()) {
            LOG.info("stopping leader {}: no other node can lead now, closing without handover", member.self());
            return;
        }
        Optional<CoreView.NodeInfo> info = v.nodes().stream().filter(n -> n.id().equals(successor.get())).findFirst();
        if (info.isEmpty() || info.get().status() != NodeStatus.ACTIVE) {
            LOG.info("stopping leader {}: successor {} is not caught up ({}), closing without handover; the "
                    + "cluster elects a leader after its election timeout", member.self(), successor.get(),
                    info.map(i -> i.status() + ", " + i.lagRecords() + " record(s) behind").orElse("unknown"));
            return;
        }
        try {
            transfer(successor.get(), wait);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            LOG.warn("stopping leader {}: handover to {} interrupted, closing", member.self(), successor.get());
        }
    }

    private void transfer(NodeId to, Duration wait) throws InterruptedException {
        long start = System.nanoTime();
        long deadline = start + wait.toNanos();
        LOG.info("stopping leader {}: handing leadership to {} first (waiting at most {} ms)", member.self(), to,
                wait.toMillis());
        withdraw.run(); // the core transfers to its expected successor, the node checked above
        CoreView v = member.view();
        while (!handedOver(v)) {
            if (System.nanoTime() > deadline) {
                LOG.warn("stopping leader {}: {} did not take over within {} ms (leader now: {}); closing anyway, the "
                        + "cluster elects a leader after its election timeout", member.self(), to, wait.toMillis(),
                        v.leader().map(NodeId::value).orElse("none"));
                return;
            }
            member.loop().awaitViewChange(v, Duration.ofMillis(50));
            v = member.view();
        }
        LOG.info("stopping leader {}: {} leads epoch {} after a {} ms handover; closing", member.self(),
                v.leader().map(NodeId::value).orElse("?"), v.epoch(), (System.nanoTime() - start) / 1_000_000);
    }

    private boolean handedOver(CoreView v) {
        return !v.isLeader() && v.leader().isPresent() && !v.leader().get().equals(member.self());
    }
}
