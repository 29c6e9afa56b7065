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

    /** What a round's answers so far lead to. */
    enum Next { WAIT, ABANDON, VOTE, LEAD }

    /**
     * Decides the round: enough votes (or, in available mode, the round closed and a majority of those who
     * answered granted), or no way to win any more. {@link #needed} tells a VOTE round's quorum.
     *
     * @param peers        other nodes known
     * @param liveLeader   a leader was heard within its lease (a pre-vote then stays loyal to it)
     */
    Next decide(long now, QuorumMode mode, int clusterSize, int peers, boolean liveLeader) {
        needed = quorum;
        if (needed == 0) {
            boolean allAnswered = answered.size() >= peers;
            if (!allAnswered && now < roundClosesMs) {
                return Next.WAIT;
            }
            needed = (answered.size() + 1) / 2 + 1;
            if (votes.size() < needed) {
                return Next.ABANDON;
            }
        }
        int refusals = answered.size() - (votes.size() - 1);
        if (mode == QuorumMode.QUORUM && refusals > clusterSize - needed) {
            return Next.ABANDON; // cannot reach a quorum in this round any more
        }
        if (votes.size() < needed) {
            return Next.WAIT;
        }
        if (preVote && !transfer && liveLeader) {
            return Next.ABANDON; // heard from the leader meanwhile: stay loyal for its lease
        }
        return preVote ? Next.VOTE : Next.LEAD;
    }

    /** The votes the last {@link #decide} required. */
    int needed;
}
