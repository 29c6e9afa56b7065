package com.wolfscale.core;

import com.wolfscale.common.Epoch;
import com.wolfscale.common.NodeId;

/**
 * Leader → the chosen successor in a planned transfer: the leader has stopped accepting writes and the
 * target holds its whole log; the target starts an election at once.
 */
public record TimeoutNow(NodeId from, Epoch epoch) implements Message {
}
