package com.wolfscale.core;

import com.wolfscale.common.Lsn;

/**
 * How a node's status is derived from heartbeats and positions. The rules, in order:
 * <ol>
 * <li>NEEDS_MIGRATION if the node says so (it cannot catch up from the log).</li>
 * <li>Never heard from: JOINING, or OFFLINE once this node has run for {@link #OFFLINE_AFTER_MS}.</li>
 * <li>Silent for {@link #OFFLINE_AFTER_MS}: OFFLINE; silent for the election timeout: DROPPED.</li>
 * <li>Reports overdue (more than 3 heartbeat intervals): LAGGING.</li>
 * <li>Within {@link #ACTIVE_MAX_LAG_RECORDS} records and {@link #ACTIVE_MAX_LAG_MS} ms of the leader's
 *     log: ACTIVE.</li>
 * <li>Behind but its applied position advanced within the election timeout: SYNCING; else LAGGING.</li>
 * </ol>
 * Lag is measured against what the database has applied, since that is what readers see.
 */
public final class StatusRules {

    public static final long ACTIVE_MAX_LAG_RECORDS = 10_000;
    public static final long ACTIVE_MAX_LAG_MS = 1_000;
    public static final long OFFLINE_AFTER_MS = 30_000;

    private StatusRules() {
    }

    /** Positions and times one classification needs. */
    record Inputs(boolean needsMigration, long lastHeardMs, long startedMs, Lsn appliedLsn, long appliedMicros,
                  long appliedAdvancedMs, Lsn leaderLastLsn, long leaderLastMicros) { }

    static long lagRecords(Lsn applied, Lsn leaderLast) {
        return Math.max(0, leaderLast.value() - applied.value());
    }

    static long lagMs(Lsn applied, long appliedMicros, Lsn leaderLast, long leaderLastMicros) {
        if (!applied.isBefore(leaderLast) || leaderLastMicros == 0) {
            return 0;
        }
        return Math.max(0, (leaderLastMicros - appliedMicros) / 1000);
    }

    static NodeStatus classify(Inputs in, long now, long electionTimeoutMs, long heartbeatMs) {
        if (in.needsMigration()) {
            return NodeStatus.NEEDS_MIGRATION;
        }
        if (in.lastHeardMs() == Long.MIN_VALUE) {
            return now - in.startedMs() >= OFFLINE_AFTER_MS ? NodeStatus.OFFLINE : NodeStatus.JOINING;
        }
        long silent = now - in.lastHeardMs();
        if (silent >= OFFLINE_AFTER_MS) {
            return NodeStatus.OFFLINE;
        }
        if (silent >= electionTimeoutMs) {
            return NodeStatus.DROPPED;
        }
        if (silent > 3 * heartbeatMs) {
            return NodeStatus.LAGGING;
        }
        long records = lagRecords(in.appliedLsn(), in.leaderLastLsn());
        long ms = lagMs(in.appliedLsn(), in.appliedMicros(), in.leaderLastLsn(), in.leaderLastMicros());
        if (records <= ACTIVE_MAX_LAG_RECORDS && ms <= ACTIVE_MAX_LAG_MS) {
            return NodeStatus.ACTIVE;
        }
        boolean progressing = in.appliedAdvancedMs() != Long.MIN_VALUE && now - in.appliedAdvancedMs() < electionTimeoutMs;
        return progressing ? NodeStatus.SYNCING : NodeStatus.LAGGING;
    }
}
