package com.wolfscale.core;

import com.wolfscale.common.Epoch;
import com.wolfscale.common.Lsn;
import com.wolfscale.common.NodeId;
import java.util.Optional;

/**
 * What a node tells the others about itself every heartbeat interval: its log position, what its
 * database has applied, and whether it may lead. Peers use it to rank candidates (lowest eligible id),
 * to find the most advanced log before an election, and to compute statuses and lag.
 *
 * @param eligible        database healthy, not never_leader, not disable_auto_election, not NEEDS_MIGRATION
 * @param lastMicros      commit timestamp of the last record in its log (0 if none)
 * @param appliedMicros   commit timestamp of the last transaction its database applied (0 if none)
 * @param leader          the leader it currently follows, if any
 */
public record PeerReport(Role role, Optional<NodeId> leader, Epoch lastEpoch, Lsn lastLsn, Lsn durableLsn,
                         long lastMicros, Lsn appliedLsn, long appliedMicros, boolean eligible, boolean dbHealthy,
                         boolean needsMigration) {
}
