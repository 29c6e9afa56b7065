package com.wolfscale.node;

import static org.assertj.core.api.Assertions.assertThat;

import com.wolfscale.common.Lsn;
import com.wolfscale.common.NodeId;
import com.wolfscale.core.CoreView;
import com.wolfscale.core.NodeStatus;
import com.wolfscale.core.Role;
import java.util.List;
import org.junit.jupiter.api.Test;

class RetentionFloorTest {

    static final NodeId A = NodeId.of("node-a");

    static CoreView.NodeInfo node(String id, NodeStatus status, long durable, long heardAgoMs) {
        return new CoreView.NodeInfo(NodeId.of(id), status, Role.FOLLOWER, Lsn.of(durable), Lsn.of(durable),
                Lsn.of(durable), 0, 0, heardAgoMs, true);
    }

    @Test
    void aLaggingPeerHoldsTheFloorBelowThisNodesOwnNeeds() {
        RetentionFloor f = RetentionFloor.of(Lsn.of(900), Lsn.of(1000), A, List.of(node("node-a", NodeStatus.ACTIVE,
                1000, 0), node("node-b", NodeStatus.ACTIVE, 990, 10), node("node-c", NodeStatus.LAGGING, 400, 5000)));
        assertThat(f.own()).isEqualTo(Lsn.of(901)); // own applied position wins over the commit index
        assertThat(f.withPeers()).isEqualTo(Lsn.of(401)); // node-c, down for 5 s, still needs 401 onwards
        assertThat(f.peersBehind()).isTrue();
    }

    @Test
    void unknownAndMigratingPeersPinNothing() {
        RetentionFloor f = RetentionFloor.of(Lsn.of(1000), Lsn.of(1000), A, List.of(
                node("node-b", NodeStatus.OFFLINE, 0, -1), // never heard since this process started
                node("node-c", NodeStatus.NEEDS_MIGRATION, 10, 20)));
        assertThat(f.withPeers()).isEqualTo(Lsn.of(1001));
        assertThat(f.peersBehind()).isFalse();
    }
}
