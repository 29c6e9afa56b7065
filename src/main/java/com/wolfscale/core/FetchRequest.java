package com.wolfscale.core;

import com.wolfscale.common.Epoch;
import com.wolfscale.common.Lsn;
import com.wolfscale.common.NodeId;

/**
 * Follower → leader (or, before an election, → the most advanced peer): "send me records from
 * {@code fromLsn}; my record before it has epoch {@code prevEpoch}". The durable and applied positions
 * double as the follower's acknowledgement, from which the leader computes the commit index.
 */
public record FetchRequest(NodeId from, Epoch epoch, Lsn fromLsn, Epoch prevEpoch, Lsn durableLsn, Lsn appliedLsn,
                           int maxRecords, long maxBytes) implements Message {
}
