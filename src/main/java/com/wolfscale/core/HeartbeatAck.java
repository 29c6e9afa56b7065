package com.wolfscale.core;

import com.wolfscale.common.Epoch;
import com.wolfscale.common.NodeId;

/** Follower → leader: "I received heartbeat {@code seq} of your epoch", with the follower's own report. */
public record HeartbeatAck(NodeId from, Epoch epoch, long seq, PeerReport report) implements Message {
}
