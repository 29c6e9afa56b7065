package com.wolfscale.api.model;

import java.util.List;

/**
 * {@code GET /stats}: what {@code wolfctl stats} draws. The original's fields with real values, plus
 * counters and the commit latency (WAL append to quorum commit) on the leader.
 *
 * @param currentLsn    the last LSN in this node's WAL (throughput = its change per second)
 * @param processlist   non-idle sessions of the local MariaDB; only for requests that carry the API token
 *                      (statement texts can hold data)
 */
public record StatsView(String nodeId, String role, long currentLsn, long commitLsn, long uptimeSeconds,
                        int clusterSize, int activeNodes, List<Follower> followers, List<RecentError> recentErrors,
                        List<Session> processlist, long appliedLsn, long appliedRecords, long capturedTransactions,
                        Latency commitLatency) {

    /** Another node's position and lag, as this node sees it. */
    public record Follower(String nodeId, long lastAppliedLsn, long lag, long lagMs, String status) { }

    /** A warning or error this node raised recently (cluster alerts, apply and capture errors). */
    public record RecentError(String timestamp, String level, String message) { }

    /** One row of INFORMATION_SCHEMA.PROCESSLIST. */
    public record Session(long id, String user, String db, String command, long time, String state, String info) { }

    /** Commit latency percentiles in milliseconds over the node's lifetime; count 0 when nothing committed here. */
    public record Latency(long count, double meanMs, double p50Ms, double p99Ms, double maxMs) { }
}
