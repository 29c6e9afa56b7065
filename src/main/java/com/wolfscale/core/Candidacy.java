package com.wolfscale.core;

import com.wolfscale.common.Epoch;
import com.wolfscale.common.NodeId;
import java.util.HashSet;
import java.util.Set;

/**
 * One attempt to become leader: a pre-vote round or a vote round, with the votes and answers received
 * so far. In available mode the pre-vote round also measures who is reachable: the vote then needs a
 * majority of the nodes that answered it ({@code quorum}), so a node that merely heard nothing (it was
 * paused, or just started) cannot elect itself over peers that are there.
 */
final class Candidacy {

    final boolean preVote;
    final Epoch epoch;
    final boolean transfer;
    final long deadlineMs;
    /** Available mode, pre-vote: when the round closes and reachability is judged. */
    final long roundClosesMs;
    /** Votes needed; 0 while it is still to be measured (available mode pre-vote). */
    final int quorum;
    final Set<NodeId> votes = new HashSet<>();
    final Set<NodeId> answered = new HashSet<>();

    Candidacy(boolean preVote, Epoch epoch, boolean transfer, long deadlineMs, long roundClosesMs, int quorum,
              NodeId self) {
        this.preVote = preVote;
        this.epoch = epoch;
        this.transfer = transfer;
        this.deadlineMs = deadlineMs;
        this.roundClosesMs = roundClosesMs;
        this.quorum = quorum;
        votes.add(self);
    }
}
