package com.wolfscale.core.sim;

import com.wolfscale.common.Epoch;
import com.wolfscale.common.Lsn;
import com.wolfscale.common.NodeId;
import com.wolfscale.core.LogRecord;
import com.wolfscale.core.QuorumMode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The safety properties checked after every simulated event:
 * <ol>
 * <li>at most one leader per epoch;</li>
 * <li>quorum mode: never two nodes that would accept a write at the same simulated instant;</li>
 * <li>quorum mode: a committed record is never lost or changed — every node's committed prefix equals the
 *     records ever seen committed, a new leader holds all of them, and no truncation removes one;</li>
 * <li>a database's applied position never goes back, across crashes too.</li>
 * </ol>
 * (Agreement of the common committed prefix of any two logs follows from 3.) In available mode a
 * healed partition may truncate records one side had committed; property 3 does not hold there by
 * design, and truncated records are counted as reported losses instead.
 */
final class Invariants {

    private final QuorumMode mode;
    private final Map<Epoch, NodeId> leaderOfEpoch = new HashMap<>();
    private final List<LogRecord> committed = new ArrayList<>();
    /** The epoch in which each committed record was first seen committed (the committing leader's epoch). */
    private final List<Epoch> commitEpochs = new ArrayList<>();
    private long reportedLosses;
    boolean forcedLeadership;

    Invariants(QuorumMode mode) {
        this.mode = mode;
    }

    long reportedLosses() {
        return reportedLosses;
    }

    int committedCount() {
        return committed.size();
    }

    void leaderElected(SimNode n, Epoch epoch) {
        NodeId previous = leaderOfEpoch.putIfAbsent(epoch, n.id);
        if (previous != null && !previous.equals(n.id)) {
            fail("two leaders in epoch " + epoch + ": " + previous + " and " + n.id);
        }
        if (checksCommitted()) {
            // Raft's leader completeness: whatever was committed in an earlier epoch is in this leader's log
            // (a stale leader of an older epoch, e.g. one resuming from a pause, need not hold later commits)
            int mustHold = 0;
            while (mustHold < committed.size() && commitEpochs.get(mustHold).isBefore(epoch)) {
                mustHold++;
            }
            if (n.log.lastLsn().value() < mustHold) {
                fail("leader " + n.id + " of epoch " + epoch + " lacks committed records: log ends at "
                        + n.log.lastLsn() + ", committed before this epoch up to " + mustHold);
            }
            for (int i = 0; i < mustHold; i++) {
                sameAsCommitted(n, Lsn.of(i + 1), "new leader " + n.id);
            }
        }
    }

    void afterStep(SimNode n) {
        if (n.applied.isBefore(n.maxAppliedSeen)) {
            fail(n.id + " applied position went back from " + n.maxAppliedSeen + " to " + n.applied);
        }
        n.maxAppliedSeen = n.applied;
        Lsn commit = n.core.view().commitLsn();
        if (commit.isAfter(n.log.lastLsn())) {
            fail(n.id + " commit " + commit + " beyond its log end " + n.log.lastLsn());
        }
        if (!checksCommitted()) {
            return;
        }
        for (long l = n.checkedCommitUpTo.value() + 1; l <= commit.value(); l++) {
            Lsn lsn = Lsn.of(l);
            if (l <= committed.size()) {
                sameAsCommitted(n, lsn, "commit check on " + n.id);
            } else if (l == committed.size() + 1) {
                committed.add(n.log.get(lsn));
                commitEpochs.add(n.core.view().epoch());
            } else {
                fail("gap in committed records at " + l);
            }
        }
        n.checkedCommitUpTo = Lsn.max(n.checkedCommitUpTo, commit);
    }

    void truncated(SimNode n, List<LogRecord> removed) {
        n.checkedCommitUpTo = Lsn.min(n.checkedCommitUpTo, n.log.lastLsn());
        if (!checksCommitted()) {
            reportedLosses += removed.size(); // available mode: the node reports what it dropped
            return;
        }
        for (LogRecord r : removed) {
            long l = r.lsn().value();
            if (l <= committed.size() && committed.get((int) l - 1).equals(r)) {
                fail(n.id + " truncated committed record " + r);
            }
        }
    }

    void writersAt(long nowUs, List<SimNode> writers) {
        if (checksCommitted() && writers.size() > 1) {
            fail("two nodes accept writes at t=" + nowUs + "us: " + writers.stream().map(w -> w.id.toString()).toList());
        }
    }

    private boolean checksCommitted() {
        return mode == QuorumMode.QUORUM && !forcedLeadership;
    }

    private void sameAsCommitted(SimNode n, Lsn lsn, String where) {
        LogRecord want = committed.get((int) lsn.value() - 1);
        LogRecord have = lsn.value() <= n.log.lastLsn().value() ? n.log.get(lsn) : null;
        if (!want.equals(have)) {
            fail(where + ": record at " + lsn + " is " + have + " but " + want + " was committed");
        }
    }

    static void fail(String message) {
        throw new SafetyViolation(message);
    }

    /** A broken safety property; the simulation reports it with its seed. */
    static final class SafetyViolation extends RuntimeException {
        SafetyViolation(String message) {
            super(message);
        }
    }
}
