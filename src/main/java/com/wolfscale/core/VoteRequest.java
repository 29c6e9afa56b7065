package com.wolfscale.core;

import com.wolfscale.common.Epoch;
import com.wolfscale.common.Lsn;
import com.wolfscale.common.NodeId;

/**
 * Candidate → every peer. {@code epoch} is the epoch the candidate stands for. A pre-vote asks "would
 * you vote for me?" without anyone changing state, so a node cut off from the leader cannot disrupt the
 * cluster by inflating epochs. {@code transfer} marks an election the leader itself asked for
 * ({@link TimeoutNow}); voters then grant even though they heard from that leader recently.
 */
public record VoteRequest(NodeId from, Epoch epoch, Epoch lastEpoch, Lsn lastLsn, boolean preVote,
                          boolean transfer) implements Message {
}
