package com.wolfscale.core;

import com.wolfscale.common.Lsn;

/**
 * This node's commit index, and how far its log is known to match the current leader's. A follower takes
 * the leader's commit index only up to the matched prefix (a record it holds but has not matched may be
 * one the leader never had); a leader commits what a quorum holds durably, but only through a record of
 * its own epoch (Raft §5.4.2). Owned by the core's thread, like the rest of {@link ClusterCore}'s state.
 */
final class CommitIndex {

    private Lsn commit = Lsn.ZERO;
    private Lsn matched = Lsn.ZERO;

    Lsn lsn() {
        return commit;
    }

    /** A fetch answer from the leader showed this node's log matches it through {@code lsn}. */
    void matchedThrough(Lsn lsn) {
        matched = Lsn.max(matched, lsn);
    }

    /** Follower: the leader's commit index, as far as this node's log is known to match and reaches. */
    void followLeader(Lsn leaderCommit, Lsn lastLsn) {
        Lsn candidate = Lsn.min(leaderCommit, Lsn.min(matched, lastLsn));
        if (candidate.isAfter(commit)) {
            commit = candidate;
        }
    }

    /** Leader: {@code quorumDurable} is held durably by the commit set; it counts from {@code epochStart} on. */
    void quorumDurable(Lsn quorumDurable, Lsn epochStart) {
        if (!quorumDurable.isBefore(epochStart) && quorumDurable.isAfter(commit)) {
            commit = quorumDurable;
        }
    }

    /**
     * The log now ends at {@code last}.
     *
     * @return how many committed records were cut (only a divergence truncation after a healed partition, in
     *         available mode or under forced leadership, can cut any)
     */
    long logEndsAt(Lsn last) {
        long cut = 0;
        if (commit.isAfter(last)) {
            cut = commit.value() - last.value();
            commit = last;
        }
        matched = Lsn.min(matched, last);
        return cut;
    }

    /** The log restarted after {@code lsn}, a committed position the database holds (a snapshot). */
    void restartAt(Lsn lsn) {
        commit = lsn;
        matched = lsn;
    }

    /** A newer epoch: its leader's log holds the committed prefix, nothing more is known to match. */
    void newEpoch() {
        matched = commit;
    }
}
