package com.wolfscale.api.model;

import java.util.List;

/** {@code GET /cluster}: a summary and every node, as the answering node sees them. */
public record ClusterView(Summary summary, List<NodeState> nodes) {

    /**
     * The original's counts; {@code expected_successor} (new) is the node that would lead if the leader
     * failed now: the lowest-id alive, eligible node other than the leader.
     */
    public record Summary(int totalNodes, int activeNodes, int syncingNodes, int laggingNodes, int droppedNodes,
                          String leaderId, long epoch, long commitLsn, String expectedSuccessor, String answeredBy) { }
}
