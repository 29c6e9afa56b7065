package com.wolfscale.core;

import com.wolfscale.common.Epoch;
import com.wolfscale.common.NodeId;

/**
 * A message between nodes. Every message carries its sender and the sender's epoch: a receiver that
 * knows a higher epoch ignores it (telling the sender), and one that sees a higher epoch adopts it and
 * steps down if it was leading.
 */
public sealed interface Message permits Heartbeat, HeartbeatAck, StatusReport, VoteRequest, VoteResponse,
        TimeoutNow, FetchRequest, FetchResponse, Advertisement {

    NodeId from();

    Epoch epoch();
}
