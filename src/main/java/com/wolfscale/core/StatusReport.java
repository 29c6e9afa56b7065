package com.wolfscale.core;

import com.wolfscale.common.Epoch;
import com.wolfscale.common.NodeId;

/** Every non-leader → every peer, each heartbeat interval: its {@link PeerReport}. */
public record StatusReport(NodeId from, Epoch epoch, PeerReport report) implements Message {
}
