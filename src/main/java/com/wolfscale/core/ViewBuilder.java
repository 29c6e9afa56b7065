package com.wolfscale.core;

import com.wolfscale.common.Lsn;
import com.wolfscale.common.NodeId;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Builds the published {@link CoreView}: statuses and lag of every node, the expected successor, and
 * whether this node may take writes. It also keeps each peer's "ACTIVE since" time, which failback uses.
 */
final class ViewBuilder {

    private ViewBuilder() {
    }

    static CoreView build(ClusterCore core, long now) {
        CoreConfig cfg = core.config();
        LogView log = core.log();
        Lsn leaderLast = log.lastLsn();
        long leaderLastMicros = log.timestampAt(leaderLast);
        if (core.role() != Role.LEADER && core.leader().isPresent()) {
            PeerReport lr = core.peers().get(core.leader().get()).report;
            if (lr != null && lr.lastLsn().isAfter(leaderLast)) {
                leaderLast = lr.lastLsn();
                leaderLastMicros = lr.lastMicros();
            }
        }
        List<CoreView.NodeInfo> nodes = new ArrayList<>();
        NodeStatus selfStatus = selfStatus(core, now, leaderLast, leaderLastMicros);
        nodes.add(new CoreView.NodeInfo(cfg.self(), selfStatus, core.role(), log.lastLsn(), log.durableLsn(),
                core.database().appliedLsn(), StatusRules.lagRecords(core.database().appliedLsn(), leaderLast),
                StatusRules.lagMs(core.database().appliedLsn(), core.database().appliedMicros(), leaderLast, leaderLastMicros), 0,
                core.report().eligible()));
        for (PeerTable.Peer p : core.peers().all()) {
            nodes.add(peerInfo(core, p, now, leaderLast, leaderLastMicros));
        }
        boolean leading = core.role() == Role.LEADER;
        Leadership l = core.leadership();
        Optional<NodeId> fetchSource = leading ? Optional.empty()
                : core.leader().filter(id -> !id.equals(cfg.self())).or(core::catchUpSource);
        return new CoreView(cfg.self(), core.epoch(), core.role(), core.leader(), core.commitLsn(),
                cfg.mode() == QuorumMode.AVAILABLE || core.forced(),
                leading ? LeaderDuties.leaseExpiry(core, now) : Long.MIN_VALUE,
                leading && LeaderDuties.leaderReady(core),
                leading && l.noQuorumAlerted, leading && core.forced(),
                leading ? l.transferTarget : Optional.empty(), fetchSource, expectedSuccessor(core, now),
                selfStatus, List.copyOf(nodes));
    }

    private static CoreView.NodeInfo peerInfo(ClusterCore core, PeerTable.Peer p, long now, Lsn leaderLast,
                                              long leaderLastMicros) {
        CoreConfig cfg = core.config();
        PeerReport r = p.report;
        long appliedMicros = r == null ? 0 : r.appliedMicros();
        NodeStatus status = StatusRules.classify(new StatusRules.Inputs(r != null && r.needsMigration(), p.lastHeardMs,
                core.startedMs(), p.appliedLsn, appliedMicros, p.appliedAdvancedMs, leaderLast, leaderLastMicros),
                now, cfg.electionTimeoutMs(), cfg.heartbeatIntervalMs());
        if (status == NodeStatus.ACTIVE) {
            if (p.activeSinceMs == Long.MIN_VALUE) {
                p.activeSinceMs = now;
            }
        } else {
            p.activeSinceMs = Long.MIN_VALUE;
        }
        Lsn durable = core.role() == Role.LEADER ? p.matchedDurable : r == null ? Lsn.ZERO : r.durableLsn();
        return new CoreView.NodeInfo(p.id, status, r == null ? Role.FOLLOWER : r.role(),
                r == null ? Lsn.ZERO : r.lastLsn(), durable, p.appliedLsn,
                StatusRules.lagRecords(p.appliedLsn, leaderLast),
                StatusRules.lagMs(p.appliedLsn, appliedMicros, leaderLast, leaderLastMicros),
                p.lastHeardMs == Long.MIN_VALUE ? -1 : now - p.lastHeardMs, p.eligible());
    }

    private static NodeStatus selfStatus(ClusterCore core, long now, Lsn leaderLast, long leaderLastMicros) {
        if (core.database().needsMigration()) {
            return NodeStatus.NEEDS_MIGRATION;
        }
        if (core.role() == Role.LEADER) {
            return NodeStatus.ACTIVE;
        }
        return StatusRules.classify(new StatusRules.Inputs(false, now, core.startedMs(), core.database().appliedLsn(),
                core.database().appliedMicros(), now, leaderLast, leaderLastMicros), now,
                core.config().electionTimeoutMs(), core.config().heartbeatIntervalMs());
    }

    /** The node that would lead if the current leader failed now: the lowest-id alive eligible other node. */
    static Optional<NodeId> expectedSuccessor(ClusterCore core, long now) {
        CoreConfig cfg = core.config();
        Optional<NodeId> current = core.leader();
        NodeId best = null;
        if (core.report().eligible() && current.filter(cfg.self()::equals).isEmpty()) {
            best = cfg.self();
        }
        for (PeerTable.Peer p : core.peers().alive(now, cfg.electionTimeoutMs())) {
            if (p.eligible() && current.filter(p.id::equals).isEmpty() && (best == null || p.id.compareTo(best) < 0)) {
                best = p.id;
            }
        }
        return Optional.ofNullable(best);
    }
}
