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
                         CaptureView capture, ApplyView apply) {

    /** The leader's binlog capture (absent on followers). */
    public record CaptureView(boolean connected, long capturedTransactions, String lastGtid, String lastError) { }

    /** The applier: position, and the error it stopped on, if any. */
    public record ApplyView(long appliedLsn, String appliedGtid, boolean stopped, String error) { }
}
