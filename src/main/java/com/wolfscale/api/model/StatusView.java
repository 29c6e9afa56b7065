package com.wolfscale.api.model;

/**
 * {@code GET /status}: this node as it sees itself. The first eight fields are the original's (with real
 * values: {@code term} is the epoch's term, {@code commit_lsn} the cluster's commit index); the rest is new.
 *
 * @param hasQuorum          leader: it holds its lease (a quorum acknowledged it recently); follower: it
 *                           follows a leader it hears from
 * @param writable           this node's database takes writes right now (leader, lease held, fenced open)
 * @param expectedSuccessor  the node that would lead if the leader failed now, or null
 */
public record StatusView(String nodeId, boolean isLeader, String leaderId, long term, long lastAppliedLsn,
                         long commitLsn, int clusterSize, boolean hasQuorum,
                         long epoch, String role, String status, long lastLsn, long durableLsn, boolean writable,
                         String expectedSuccessor, boolean healthy, String healthReason, long uptimeSeconds,
                         CaptureView capture, ApplyView apply, RepairView repair) {

    /** The leader's binlog capture (absent on followers). */
    public record CaptureView(boolean connected, long capturedTransactions, String lastGtid, String lastError) { }

    /**
     * The rejoin repair (docs/rejoin-and-migrate.md): the last pass's state ({@code clean}, {@code pending},
     * {@code needs_migration}, or {@code none} before the first), why, how many transactions this node's
     * database had rolled back in all, the last one, and where their files and audit log are.
     */
    public record RepairView(String state, String reason, long rolledBack, String lastRolledBack, String auditDir) { }

    /** The applier: position, and the error it stopped on, if any. */
    public record ApplyView(long appliedLsn, String appliedGtid, boolean stopped, String error) { }
}
