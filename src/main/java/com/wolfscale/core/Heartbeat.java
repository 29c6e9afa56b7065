package com.wolfscale.core;

import com.wolfscale.common.Epoch;
import com.wolfscale.common.Lsn;
import com.wolfscale.common.NodeId;

/**
 * Leader → every peer, each heartbeat interval. {@code seq} is echoed by {@link HeartbeatAck} so the
 * leader knows which send time a follower has seen (the basis of its lease).
 */
public record Heartbeat(NodeId from, Epoch epoch, long seq, Lsn commitLsn, PeerReport report) implements Message {
}
