package com.wolfscale.core;

/**
 * How many nodes a commit and an election need. Quorum mode: the configured quorum (a majority unless
 * {@code min_quorum} says otherwise). Available mode, and a forced leader: what can be reached now — a
 * commit needs {@code min_sync_replicas} of the reachable followers, an election a majority of the
 * reachable nodes.
 */
final class QuorumSizes {

    private QuorumSizes() {
    }

    /** Nodes (this one included) that must hold a record durably before it commits. */
    static int commit(CoreConfig cfg, PeerTable peers, boolean forced, long now) {
        if (cfg.mode() == QuorumMode.QUORUM && !forced) {
            return cfg.configuredQuorum();
        }
        int reachable = peers.alive(now, cfg.electionTimeoutMs()).size();
        return 1 + Math.min(cfg.minSyncReplicas(), reachable);
    }

    /** Votes (this node's included) an election needs. */
    static int election(CoreConfig cfg, PeerTable peers, long now) {
        if (cfg.mode() == QuorumMode.QUORUM) {
            return cfg.configuredQuorum();
        }
        int reachable = peers.alive(now, cfg.electionTimeoutMs()).size() + 1;
        return reachable / 2 + 1;
    }
}
