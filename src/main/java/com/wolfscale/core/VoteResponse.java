package com.wolfscale.core;

import com.wolfscale.common.Epoch;
import com.wolfscale.common.NodeId;

/** Voter → candidate. {@code epoch}: the epoch asked for when granted, else the voter's current epoch. */
public record VoteResponse(NodeId from, Epoch epoch, boolean granted, boolean preVote) implements Message {
}
