package com.wolfscale.api.model;

/**
 * One node in {@code /cluster} and {@code /cluster/nodes}. The original's fields first, with real values:
 * {@code status} and {@code role} as the original spelt them ({@code Active}, {@code NeedsMigration},
 * {@code Leader}, ...), {@code replication_lag} in records (LSNs applied behind the leader's last).
 *
 * @param address         the node's cluster address (host:port), as configured or advertised
 * @param joinedAt        RFC 3339 time at which the answering node first heard from it since it started;
 *                        null if never
 * @param lastHeardMsAgo  -1 if never heard; 0 for the answering node itself
 * @param eligible        may lead (database healthy, not never_leader, not NEEDS_MIGRATION)
 */
public record NodeState(String id, String address, String status, String role, long lastAppliedLsn, String joinedAt,
                        long replicationLag, long lastLsn, long durableLsn, long lagMs, long lastHeardMsAgo,
                        boolean eligible, String apiAddress, String proxyAddress) {
}
