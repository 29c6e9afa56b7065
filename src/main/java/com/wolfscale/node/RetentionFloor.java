package com.wolfscale.node;

import com.wolfscale.common.Lsn;
import com.wolfscale.common.NodeId;
import com.wolfscale.core.CoreView;
import com.wolfscale.core.NodeStatus;
import java.util.List;
import java.util.Optional;

/**
 * The lowest LSN WAL retention must keep ({@code [wal] retention_hours}, {@code max_size_mb}):
 * <ul>
 *   <li>this node's own needs: what its database has not applied or the cluster has not committed;</li>
 *   <li>every known peer's needs: the records after what it holds durably — any node may lead next and
 *       then serves them. A peer never heard from since this process started has no known position and
 *       pins nothing (or a dead peer would pin the log for ever); a peer that reports NEEDS_MIGRATION
 *       will be cloned from a snapshot and pins nothing either.</li>
 * </ul>
 * The size bound wins over peers (disk is finite): the housekeeping then retries with {@link #own} only,
 * and a peer that later asks for removed records is told it needs migration.
 */
record RetentionFloor(Lsn own, Optional<Lsn> peers) {

    static RetentionFloor of(Lsn applied, Lsn commit, NodeId self, List<CoreView.NodeInfo> nodes) {
        Lsn own = Lsn.min(applied, commit).next();
        Optional<Lsn> peers = nodes.stream()
                .filter(n -> !n.id().equals(self))
                .filter(n -> n.lastHeardAgoMs() >= 0 && n.status() != NodeStatus.NEEDS_MIGRATION)
                .map(n -> n.durableLsn().next())
                .reduce(Lsn::min);
        return new RetentionFloor(own, peers);
    }

    /** What time- and size-based retention keeps when peers' needs are respected. */
    Lsn withPeers() {
        return peers.map(p -> Lsn.min(own, p)).orElse(own);
    }

    /** True when some peer needs records this node itself no longer does. */
    boolean peersBehind() {
        return peers.isPresent() && peers.get().isBefore(own);
    }
}
