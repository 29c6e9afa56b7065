package com.wolfscale.core;

import com.wolfscale.common.NodeId;

/**
 * What the state machine needs from the configuration, in its own terms (the core does not see the
 * TOML model). All durations are milliseconds of the injected monotonic clock.
 *
 * @param clusterSize       configured voting nodes, this one included
 * @param minQuorum         explicit quorum size, or 0 for a majority of clusterSize
 * @param minSyncReplicas   AVAILABLE mode: followers that must hold a record for it to commit, when reachable
 * @param maxDriftFraction  assumed bound on clock-rate differences between nodes; shortens the leader lease
 * @param drainBeforeTransfer a leader handing over waits for {@link CoreInput.WritesDrained} before it tells
 *                          the successor to stand (a node with a database: commits in flight must reach the
 *                          log first, or they could only be killed); off where no database is attached
 */
public record CoreConfig(NodeId self, int clusterSize, QuorumMode mode, long heartbeatIntervalMs,
                         long electionTimeoutMs, long electionTimeoutMinMs, long electionTimeoutMaxMs,
                         boolean neverLeader, boolean disableAutoElection, boolean failback, int minQuorum,
                         int minSyncReplicas, double maxDriftFraction, boolean drainBeforeTransfer) {

    /** Without the drain (no database attached). */
    public CoreConfig(NodeId self, int clusterSize, QuorumMode mode, long heartbeatIntervalMs, long electionTimeoutMs,
                      long electionTimeoutMinMs, long electionTimeoutMaxMs, boolean neverLeader,
                      boolean disableAutoElection, boolean failback, int minQuorum, int minSyncReplicas,
                      double maxDriftFraction) {
        this(self, clusterSize, mode, heartbeatIntervalMs, electionTimeoutMs, electionTimeoutMinMs, electionTimeoutMaxMs,
                neverLeader, disableAutoElection, failback, minQuorum, minSyncReplicas, maxDriftFraction, false);
    }

    public CoreConfig {
        if (clusterSize < 1) {
            throw new IllegalArgumentException("clusterSize must be >= 1");
        }
        if (electionTimeoutMinMs > electionTimeoutMaxMs || heartbeatIntervalMs * 2 > electionTimeoutMinMs) {
            throw new IllegalArgumentException("need 2*heartbeat <= election timeout min <= max");
        }
    }

    /** Defaults matching the shipped configuration defaults. */
    public static CoreConfig defaults(NodeId self, int clusterSize) {
        return new CoreConfig(self, clusterSize, QuorumMode.QUORUM, 100, 500, 500, 750, false, false, true, 0, 1, 0.05);
    }

    public CoreConfig withMode(QuorumMode m) {
        return new CoreConfig(self, clusterSize, m, heartbeatIntervalMs, electionTimeoutMs, electionTimeoutMinMs,
                electionTimeoutMaxMs, neverLeader, disableAutoElection, failback, minQuorum, minSyncReplicas,
                maxDriftFraction, drainBeforeTransfer);
    }

    public CoreConfig withFailback(boolean f) {
        return new CoreConfig(self, clusterSize, mode, heartbeatIntervalMs, electionTimeoutMs, electionTimeoutMinMs,
                electionTimeoutMaxMs, neverLeader, disableAutoElection, f, minQuorum, minSyncReplicas, maxDriftFraction,
                drainBeforeTransfer);
    }

    public CoreConfig withLeadership(boolean never, boolean noAuto) {
        return new CoreConfig(self, clusterSize, mode, heartbeatIntervalMs, electionTimeoutMs, electionTimeoutMinMs,
                electionTimeoutMaxMs, never, noAuto, failback, minQuorum, minSyncReplicas, maxDriftFraction,
                drainBeforeTransfer);
    }

    public CoreConfig withDrainBeforeTransfer(boolean drain) {
        return new CoreConfig(self, clusterSize, mode, heartbeatIntervalMs, electionTimeoutMs, electionTimeoutMinMs,
                electionTimeoutMaxMs, neverLeader, disableAutoElection, failback, minQuorum, minSyncReplicas,
                maxDriftFraction, drain);
    }

    /** Majority of the configured nodes, or the explicit min_quorum. */
    public int configuredQuorum() {
        return minQuorum > 0 ? minQuorum : clusterSize / 2 + 1;
    }

    /**
     * How long after a heartbeat was sent the leader may rely on the followers that acknowledged it not
     * voting for anyone else. A follower resets its election timer on receipt (never earlier than the
     * send) and waits at least electionTimeoutMin, so a lease of min × (1 − ρ)/(1 + ρ) is safe under a
     * clock-rate drift ρ; a further 10 % covers scheduling delay.
     */
    public long leaseMs() {
        return (long) (electionTimeoutMinMs * 0.9 * (1 - maxDriftFraction) / (1 + maxDriftFraction));
    }
}
