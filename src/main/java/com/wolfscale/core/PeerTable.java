package com.wolfscale.core;

import com.wolfscale.common.Epoch;
import com.wolfscale.common.Lsn;
import com.wolfscale.common.NodeId;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * What this node knows about every other node: when it last heard from it, its last report, and (as
 * leader) its acknowledged positions and heartbeat acks. Owned by the core's thread; not thread-safe.
 */
final class PeerTable {

    /** Mutable knowledge about one peer. */
    static final class Peer {
        final NodeId id;
        long lastHeardMs = Long.MIN_VALUE;
        long firstHeardMs = Long.MIN_VALUE;
        PeerReport report;
        Epoch reportEpoch = Epoch.ZERO;
        /** Highest LSN known to match this node's log and be durable on the peer (leader's view). */
        Lsn matchedDurable = Lsn.ZERO;
        Lsn appliedLsn = Lsn.ZERO;
        long appliedAdvancedMs = Long.MIN_VALUE;
        /** Send time of the newest heartbeat of the current epoch the peer acknowledged. */
        long ackedSendMs = Long.MIN_VALUE;
        long activeSinceMs = Long.MIN_VALUE;

        Peer(NodeId id) {
            this.id = id;
        }

        boolean heardWithin(long now, long windowMs) {
            return lastHeardMs != Long.MIN_VALUE && now - lastHeardMs < windowMs;
        }

        boolean eligible() {
            return report != null && report.eligible() && !report.needsMigration();
        }
    }

    private final NodeId self;
    private final Map<NodeId, Peer> peers = new TreeMap<>();

    PeerTable(NodeId self) {
        this.self = self;
    }

    Peer get(NodeId id) {
        return peers.computeIfAbsent(id, Peer::new);
    }

    void know(Collection<NodeId> ids) {
        ids.stream().filter(id -> !id.equals(self)).forEach(this::get);
    }

    Collection<Peer> all() {
        return peers.values();
    }

    /** Records a message from {@code id}, with its report if it carried one. */
    void heard(NodeId id, Epoch epoch, PeerReport report, long now) {
        Peer p = get(id);
        if (p.firstHeardMs == Long.MIN_VALUE) {
            p.firstHeardMs = now;
        }
        p.lastHeardMs = now;
        if (report != null && epoch.compareTo(p.reportEpoch) >= 0) {
            p.report = report;
            p.reportEpoch = epoch;
            advanceApplied(p, report.appliedLsn(), now);
        }
    }

    void advanceApplied(Peer p, Lsn applied, long now) {
        if (applied.isAfter(p.appliedLsn)) {
            p.appliedLsn = applied;
            p.appliedAdvancedMs = now;
        }
    }

    /** Peers heard from within the window, in id order. */
    List<Peer> alive(long now, long windowMs) {
        List<Peer> out = new ArrayList<>();
        for (Peer p : peers.values()) {
            if (p.heardWithin(now, windowMs)) {
                out.add(p);
            }
        }
        return out;
    }

    /** Alive, eligible peers with a lower id than this node: its rank in the leadership order. */
    int rankOfSelf(long now, long windowMs) {
        int rank = 0;
        for (Peer p : alive(now, windowMs)) {
            if (p.eligible() && p.id.compareTo(self) < 0) {
                rank++;
            }
        }
        return rank;
    }

    /** The alive peer with the most up-to-date log according to its last report. */
    Optional<Peer> mostAdvanced(long now, long windowMs) {
        Peer best = null;
        for (Peer p : alive(now, windowMs)) {
            if (p.report == null) {
                continue;
            }
            if (best == null || LogView.compare(p.report.lastEpoch(), p.report.lastLsn(),
                    best.report.lastEpoch(), best.report.lastLsn()) > 0) {
                best = p;
            }
        }
        return Optional.ofNullable(best);
    }

    void resetLeaderBookkeeping() {
        for (Peer p : peers.values()) {
            p.matchedDurable = Lsn.ZERO;
            p.ackedSendMs = Long.MIN_VALUE;
        }
    }
}
