package com.wolfscale.core;

import com.wolfscale.common.Epoch;
import com.wolfscale.common.Lsn;
import com.wolfscale.common.NodeId;
import java.util.Optional;

/**
 * Leader → every peer, each heartbeat interval. {@code seq} is echoed by {@link HeartbeatAck} so the
 * leader knows which send time a follower has seen (the basis of its lease). {@code transferTo} announces
 * a planned leadership transfer: a voter lets the announced node's {@code transfer} election through
 * despite this leader being alive only while the leader's latest heartbeat still announces it.
 */
public record Heartbeat(NodeId from, Epoch epoch, long seq, Lsn commitLsn, PeerReport report,
                        Optional<NodeId> transferTo) implements Message {
}
