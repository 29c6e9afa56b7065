package com.wolfscale.core.sim;

import static org.assertj.core.api.Assertions.assertThat;

import com.wolfscale.common.NodeId;
import com.wolfscale.core.CoreConfig;
import com.wolfscale.core.CoreInput;
import com.wolfscale.core.CoreView;
import com.wolfscale.core.NodeStatus;
import com.wolfscale.core.QuorumMode;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/** Named scenarios on the simulator: the documented behaviours, one by one. Invariants are checked throughout. */
class ClusterScenarioTest {

    static Simulation cluster(int n, UnaryOperator<CoreConfig> tweak) {
        List<CoreConfig> configs = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            configs.add(tweak.apply(CoreConfig.defaults(NodeId.of("node-" + (char) ('a' + i)), n)));
        }
        Simulation sim = new Simulation(7, configs, 0.01);
        sim.nodes().forEach(sim::start);
        return sim;
    }

    static void runMs(Simulation sim, long ms) {
        sim.runUntil(sim.nowUs() + ms * 1000);
    }

    static Optional<SimNode> writer(Simulation sim) {
        return sim.nodes().stream().filter(n -> n.running(sim.nowUs()) && n.core.view().writable(n.localMs(sim.nowUs())))
                .findFirst();
    }

    static SimNode node(Simulation sim, char c) {
        return sim.nodeOf(NodeId.of("node-" + c));
    }

    /** Runs until some node accepts writes; returns it and the time it took. */
    static long untilWriter(Simulation sim, long maxMs) {
        long start = sim.nowUs();
        while (sim.nowUs() - start < maxMs * 1000) {
            runMs(sim, 5);
            if (writer(sim).isPresent()) {
                return (sim.nowUs() - start) / 1000;
            }
        }
        throw new AssertionError("no writable leader within " + maxMs + " ms");
    }

    @Test
    void theLowestIdLeadsAndTheSuccessorIsKnownInAdvance() {
        Simulation sim = cluster(3, c -> c);
        untilWriter(sim, 3000);
        runMs(sim, 500);
        assertThat(writer(sim)).map(n -> n.id.value()).contains("node-a");
        CoreView view = node(sim, 'c').core.view();
        assertThat(view.leader()).contains(NodeId.of("node-a"));
        assertThat(view.expectedSuccessor()).contains(NodeId.of("node-b"));
        assertThat(view.nodes()).allMatch(i -> i.status() == NodeStatus.ACTIVE);
    }

    @Test
    void leaderCrashFailsOverToTheSuccessorThenFailsBackAfterCatchingUp() {
        Simulation sim = cluster(3, c -> c);
        untilWriter(sim, 3000);
        runMs(sim, 1000);
        long before = sim.writesAccepted;
        sim.crash(node(sim, 'a'));
        long failoverMs = untilWriter(sim, 3000);
        assertThat(writer(sim)).map(n -> n.id.value()).contains("node-b");
        assertThat(failoverMs).isLessThan(1500);
        runMs(sim, 1000);
        assertThat(sim.writesAccepted).isGreaterThan(before);
        assertThat(node(sim, 'c').core.view().nodes()).filteredOn(i -> i.id().value().equals("node-a"))
                .singleElement().satisfies(i -> assertThat(i.status()).isEqualTo(NodeStatus.DROPPED));
        sim.start(node(sim, 'a'));
        runMs(sim, 6000);
        assertThat(writer(sim)).map(n -> n.id.value()).contains("node-a");
        assertThat(node(sim, 'b').alerts).anyMatch(a -> a.contains("failback from node-b to node-a"));
    }

    @Test
    void withoutFailbackTheCurrentLeaderStays() {
        Simulation sim = cluster(3, c -> c.withFailback(false));
        untilWriter(sim, 3000);
        sim.crash(node(sim, 'a'));
        untilWriter(sim, 3000);
        sim.start(node(sim, 'a'));
        runMs(sim, 6000);
        assertThat(writer(sim)).map(n -> n.id.value()).contains("node-b");
    }

    @Test
    void aLowerIdThatIsBehindCatchesUpFromTheMostAdvancedPeerBeforeLeading() {
        Simulation sim = cluster(3, c -> c);
        untilWriter(sim, 3000);
        sim.block(node(sim, 'a'), node(sim, 'b')); // b stops receiving from the leader; c keeps up
        runMs(sim, 300);
        assertThat(node(sim, 'b').log.lastLsn()).isLessThan(node(sim, 'c').log.lastLsn());
        sim.crash(node(sim, 'a'));
        sim.unblockAll();
        untilWriter(sim, 4000);
        assertThat(writer(sim)).map(n -> n.id.value()).contains("node-b");
    }

    @Test
    void aMinorityLeaderStopsAcceptingWritesWithinOneLease() {
        Simulation sim = cluster(3, c -> c);
        untilWriter(sim, 3000);
        SimNode a = node(sim, 'a');
        for (char other : new char[] {'b', 'c'}) {
            sim.block(a, node(sim, other));
            sim.block(node(sim, other), a);
        }
        long lease = a.config.leaseMs() + a.config.heartbeatIntervalMs();
        runMs(sim, lease + 10);
        assertThat(a.core.view().writable(a.localMs(sim.nowUs()))).isFalse();
        runMs(sim, 50);
        assertThat(a.core.view().noQuorum()).isTrue();
        untilWriter(sim, 3000);
        assertThat(writer(sim)).map(n -> n.id.value()).contains("node-b");
        runMs(sim, 2000);
        assertThat(a.core.view().isLeader()).isFalse(); // stepped down after an election timeout without quorum
    }

    @Test
    void neverLeaderAndDisableAutoElectionAreRespected() {
        Simulation sim = cluster(3, c -> c.self().value().equals("node-a") ? c.withLeadership(true, false)
                : c.self().value().equals("node-b") ? c.withLeadership(false, true) : c);
        untilWriter(sim, 5000);
        assertThat(writer(sim)).map(n -> n.id.value()).contains("node-c");
        assertThat(node(sim, 'a').core.view().expectedSuccessor()).isEmpty();
        sim.operator(node(sim, 'c'), new CoreInput.TransferLeadership(Optional.of(NodeId.of("node-b"))));
        untilWriter(sim, 3000);
        runMs(sim, 500);
        assertThat(writer(sim)).map(n -> n.id.value()).contains("node-b"); // an operator may promote it
    }

    @Test
    void operatorSwitchoverToANamedNode() {
        Simulation sim = cluster(3, c -> c.withFailback(false));
        untilWriter(sim, 3000);
        runMs(sim, 500);
        sim.operator(node(sim, 'a'), new CoreInput.TransferLeadership(Optional.of(NodeId.of("node-c"))));
        runMs(sim, 1000);
        assertThat(writer(sim)).map(n -> n.id.value()).contains("node-c");
    }

    /**
     * With a database attached, a handover waits until the leader reports its writes drained (every commit
     * in flight reached the log): before that the successor is not told to stand, and without it the
     * transfer runs out and the old leader writes again.
     */
    @Test
    void aHandoverWaitsForTheLeadersWritesToDrain() {
        Simulation sim = cluster(3, c -> c.withFailback(false).withDrainBeforeTransfer(true));
        sim.holdDrains();
        untilWriter(sim, 3000);
        runMs(sim, 500);
        SimNode a = node(sim, 'a');
        sim.operator(a, new CoreInput.TransferLeadership(Optional.of(NodeId.of("node-b"))));
        runMs(sim, 1000);
        assertThat(a.core.view().isLeader()).as("not drained yet: still leading").isTrue();
        assertThat(writer(sim)).as("writes paused during the handover").isEmpty();
        sim.operator(a, new CoreInput.WritesDrained(a.core.view().epoch().previous())); // a stale epoch: ignored
        runMs(sim, 300);
        assertThat(a.core.view().isLeader()).isTrue();
        sim.operator(a, new CoreInput.WritesDrained(a.core.view().epoch()));
        runMs(sim, 1000);
        assertThat(writer(sim)).map(n -> n.id.value()).contains("node-b");

        sim.operator(node(sim, 'b'), new CoreInput.TransferLeadership(Optional.of(NodeId.of("node-c"))));
        runMs(sim, 5000); // never drained: the transfer deadline (4 election timeouts) passes
        assertThat(writer(sim)).map(n -> n.id.value()).as("the handover was abandoned").contains("node-b");
    }

    @Test
    void aLeaderWhoseDatabaseFailsHandsOverQuickly() {
        Simulation sim = cluster(3, c -> c);
        untilWriter(sim, 3000);
        runMs(sim, 500);
        sim.setDatabaseHealthy(node(sim, 'a'), false);
        long ms = untilWriter(sim, 3000);
        assertThat(writer(sim)).map(n -> n.id.value()).contains("node-b");
        assertThat(ms).isLessThan(200); // planned hand-over, no election timeout to wait for
        runMs(sim, 3000);
        assertThat(writer(sim)).map(n -> n.id.value()).contains("node-b"); // no failback to an unhealthy node
    }

    @Test
    void aLeaderFoundToNeedMigrationHandsOver() {
        Simulation sim = cluster(3, c -> c);
        untilWriter(sim, 3000);
        runMs(sim, 500);
        sim.setNeedsMigration(node(sim, 'a'), true); // e.g. the repair met an errant DDL after a failback
        long ms = untilWriter(sim, 3000);
        assertThat(writer(sim)).map(n -> n.id.value()).contains("node-b");
        assertThat(ms).isLessThan(200);
        runMs(sim, 3000);
        assertThat(writer(sim)).map(n -> n.id.value()).contains("node-b"); // no failback to it either
    }

    @Test
    void forcedLeadershipWhenTheMajorityIsReallyGone() {
        Simulation sim = cluster(3, c -> c);
        untilWriter(sim, 3000);
        sim.crash(node(sim, 'b'));
        sim.crash(node(sim, 'c'));
        runMs(sim, 3000);
        assertThat(writer(sim)).isEmpty();
        SimNode a = node(sim, 'a');
        sim.operator(a, new CoreInput.ForceLeader());
        runMs(sim, 100);
        assertThat(a.core.view().writable(a.localMs(sim.nowUs()))).isTrue();
        assertThat(a.core.view().forced()).isTrue();
        assertThat(a.alerts).anyMatch(s -> s.startsWith("CRITICAL FORCED leadership"));
        sim.start(node(sim, 'b'));
        runMs(sim, 2000);
        assertThat(a.core.view().forced()).isFalse();
    }

    @Test
    void availableModeKeepsTheLastSurvivorWritable() {
        Simulation sim = cluster(3, c -> c.withMode(QuorumMode.AVAILABLE));
        untilWriter(sim, 3000);
        sim.crash(node(sim, 'a'));
        sim.crash(node(sim, 'b'));
        long ms = untilWriter(sim, 4000);
        assertThat(writer(sim)).map(n -> n.id.value()).contains("node-c");
        assertThat(ms).isLessThan(3000);
    }

    @Test
    void availableModePartitionHealsByTruncatingAndReportingTheLosingSide() {
        Simulation sim = cluster(3, c -> c.withMode(QuorumMode.AVAILABLE));
        untilWriter(sim, 3000);
        SimNode a = node(sim, 'a');
        for (char other : new char[] {'b', 'c'}) {
            sim.block(a, node(sim, other));
            sim.block(node(sim, other), a);
        }
        runMs(sim, 3000); // both sides lead and write
        sim.unblockAll();
        runMs(sim, 8000);
        assertThat(sim.invariants.reportedLosses()).isPositive();
        assertThat(sim.nodes()).anyMatch(n -> n.alerts.stream().anyMatch(s -> s.contains("were discarded")));
        assertThat(writer(sim)).isPresent();
    }

    @Test
    void statusesFollowHeartbeatsAndPositions() {
        Simulation sim = cluster(3, c -> c);
        untilWriter(sim, 3000);
        runMs(sim, 500);
        SimNode c = node(sim, 'c');
        sim.crash(c);
        runMs(sim, 1000);
        assertThat(statusOf(sim, 'a', 'c')).isEqualTo(NodeStatus.DROPPED);
        runMs(sim, 30_000);
        assertThat(statusOf(sim, 'a', 'c')).isEqualTo(NodeStatus.OFFLINE);
        sim.start(c);
        runMs(sim, 2000);
        assertThat(statusOf(sim, 'a', 'c')).isEqualTo(NodeStatus.ACTIVE);
        sim.setNeedsMigration(c, true);
        runMs(sim, 500);
        assertThat(statusOf(sim, 'a', 'c')).isEqualTo(NodeStatus.NEEDS_MIGRATION);
        assertThat(c.core.view().selfStatus()).isEqualTo(NodeStatus.NEEDS_MIGRATION);
    }

    /** The invariant checker is not vacuous: a lease longer than the followers' patience is caught. */
    @Test
    void theCheckerCatchesAnUnsafeLease() {
        Simulation sim = cluster(3, c -> new CoreConfig(c.self(), c.clusterSize(), c.mode(), c.heartbeatIntervalMs(),
                c.electionTimeoutMs(), c.electionTimeoutMinMs(), c.electionTimeoutMaxMs(), false, false, true, 0, 1,
                -0.6)); // a negative drift bound makes the lease 3.6 election timeouts long
        untilWriter(sim, 3000);
        SimNode a = node(sim, 'a');
        for (char other : new char[] {'b', 'c'}) {
            sim.block(a, node(sim, other));
            sim.block(node(sim, other), a);
        }
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> runMs(sim, 3000))
                .isInstanceOf(Invariants.SafetyViolation.class).hasMessageContaining("two nodes accept writes");
    }

    private static NodeStatus statusOf(Simulation sim, char viewer, char subject) {
        return node(sim, viewer).core.view().nodes().stream()
                .filter(i -> i.id().value().equals("node-" + subject)).findFirst().orElseThrow().status();
    }
}
