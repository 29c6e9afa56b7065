package com.wolfscale.api.model;

/**
 * {@code GET /health}, {@code /health/leader}, {@code /health/replica}. The original's three fields first;
 * {@code healthy} is real here (database reachable, WAL disk not full, applier running, and for the leader
 * and replica checks the role and lag asked for).
 *
 * @param reason why {@code healthy} is false; empty when healthy
 * @param lagMs  this node's replication lag (commit time of the leader's newest record minus that of the
 *               last one applied here), 0 on the leader
 */
public record HealthView(boolean healthy, String nodeId, boolean isLeader, String status, long lagMs, String reason) {
}
