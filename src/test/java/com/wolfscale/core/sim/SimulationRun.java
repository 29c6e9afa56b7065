package com.wolfscale.core.sim;

import com.wolfscale.common.NodeId;
import com.wolfscale.core.CoreConfig;
import com.wolfscale.core.CoreView;
import com.wolfscale.core.QuorumMode;
import com.wolfscale.core.Role;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;

/**
 * One seeded schedule: a random cluster (1–7 nodes, quorum or available mode, some nodes that may not
 * lead), a fault phase (crashes with lost unsynced data, restarts, symmetric and one-way partitions, loss,
 * duplication, delay spikes, slow disks, process pauses, database failures), then a healed phase in which
 * liveness is checked: a leader is elected within a bound, it is the lowest eligible id, and the logs
 * converge. Safety invariants are checked after every event throughout.
 */
public final class SimulationRun {

    static final long FAULT_PHASE_US = 20_000_000;
    static final long HEALED_PHASE_US = 16_000_000;
    static final long LEADER_WITHIN_US = 10_000_000;

    /** Outcome of a run that kept every invariant. */
    public record Result(long seed, int nodes, QuorumMode mode, long faults, long writes, long committed,
                         long reportedLosses, long leaderAfterHealUs, String leader) { }

    private final long seed;
    private final Random plan;
    private final Simulation sim;
    private final QuorumMode mode;
    private long faults;

    public SimulationRun(long seed) {
        this.seed = seed;
        this.plan = new Random(seed * 31 + 7);
        int n = pickSize();
        this.mode = plan.nextInt(5) == 0 ? QuorumMode.AVAILABLE : QuorumMode.QUORUM;
        boolean failback = plan.nextInt(5) != 0;
        int restricted = n >= 3 && plan.nextInt(4) == 0 ? plan.nextInt(n) : -1;
        List<CoreConfig> configs = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            CoreConfig c = CoreConfig.defaults(NodeId.of("node-" + (char) ('a' + i)), n).withMode(mode).withFailback(failback);
            if (i == restricted) {
                c = plan.nextBoolean() ? c.withLeadership(true, false) : c.withLeadership(false, true);
            }
            configs.add(c);
        }
        if (new Random(seed * 131 + 11).nextBoolean()) { // its own draw: the other choices stay as they were
            configs.replaceAll(c -> c.withDrainBeforeTransfer(true)); // nodes with a database drain before a handover
        }
        this.sim = new Simulation(seed, configs, 0.01);
    }

    private int pickSize() {
        int[] sizes = {1, 2, 3, 3, 3, 4, 5, 5, 6, 7};
        return sizes[plan.nextInt(sizes.length)];
    }

    public Result run() {
        sim.trace(null, "seed " + seed + ": " + sim.nodes().size() + " nodes, " + mode + ", failback "
                + sim.nodes().get(0).config.failback() + ", drain before transfer "
                + sim.nodes().get(0).config.drainBeforeTransfer());
        sim.nodes().forEach(sim::start);
        long t = 0;
        while (t < FAULT_PHASE_US) {
            t += 300_000 + plan.nextLong(2_500_000);
            sim.runUntil(Math.min(t, FAULT_PHASE_US));
            processRestarts();
            if (t < FAULT_PHASE_US) {
                injectFault();
            }
        }
        heal();
        return checkLiveness();
    }

    private void injectFault() {
        faults++;
        List<SimNode> nodes = sim.nodes();
        SimNode victim = nodes.get(plan.nextInt(nodes.size()));
        long now = sim.nowUs();
        int kind = plan.nextInt(10);
        sim.trace(victim, "fault " + kind);
        switch (kind) {
            case 0, 1 -> {
                sim.crash(victim);
                restartLater(victim, now + 300_000 + plan.nextLong(4_000_000));
            }
            case 2 -> partition(nodes);
            case 3 -> sim.block(victim, nodes.get(plan.nextInt(nodes.size())));
            case 4 -> sim.loss = plan.nextDouble() * 0.3;
            case 5 -> sim.duplicate = plan.nextDouble() * 0.2;
            case 6 -> sim.delayMaxUs = 600 + plan.nextLong(80_000);
            case 7 -> victim.diskSlowFactor = 1 + plan.nextLong(200);
            case 8 -> sim.pause(victim, 100_000 + plan.nextLong(2_000_000));
            default -> sim.setDatabaseHealthy(victim, !victim.dbHealthy);
        }
        if (plan.nextInt(3) == 0) {
            sim.unblockAll();
            sim.loss = 0;
        }
    }

    private final List<long[]> restarts = new ArrayList<>();

    private void restartLater(SimNode n, long atUs) {
        restarts.add(new long[] {n.index, atUs});
        restarts.sort(Comparator.comparingLong(r -> r[1]));
    }

    private void processRestarts() {
        // a restart happens at the first fault boundary after its planned time
        restarts.removeIf(r -> {
            if (r[1] <= sim.nowUs()) {
                SimNode n = sim.nodes().get((int) r[0]);
                if (!n.up) {
                    sim.start(n);
                }
                return true;
            }
            return false;
        });
    }

    private void partition(List<SimNode> nodes) {
        List<SimNode> side = new ArrayList<>();
        for (SimNode n : nodes) {
            if (plan.nextBoolean()) {
                side.add(n);
            }
        }
        for (SimNode a : side) {
            for (SimNode b : nodes) {
                if (!side.contains(b)) {
                    sim.block(a, b);
                    sim.block(b, a);
                }
            }
        }
    }

    private void heal() {
        sim.unblockAll();
        sim.loss = 0;
        sim.duplicate = 0;
        sim.delayMaxUs = 600;
        for (SimNode n : sim.nodes()) {
            n.diskSlowFactor = 1;
            n.pausedUntilUs = Math.min(n.pausedUntilUs, sim.nowUs());
            if (!n.up) {
                sim.start(n);
            }
            if (!n.dbHealthy) {
                sim.setDatabaseHealthy(n, true);
            }
        }
        restarts.clear();
    }

    private Result checkLiveness() {
        long healedAt = sim.nowUs();
        boolean failback = sim.nodes().get(0).config.failback();
        List<SimNode> eligible = sim.nodes().stream()
                .filter(n -> !n.config.neverLeader() && !n.config.disableAutoElection()).toList();
        long[] firstWritable = new long[sim.nodes().size()];
        java.util.Arrays.fill(firstWritable, -1);
        for (long t = healedAt; t <= healedAt + HEALED_PHASE_US - 3_000_000; t += 20_000) {
            sim.runUntil(t);
            for (SimNode n : sim.nodes()) {
                if (firstWritable[n.index] < 0 && n.core.view().writable(n.localMs(sim.nowUs()))) {
                    firstWritable[n.index] = t - healedAt;
                }
            }
        }
        sim.clientWrites = false;
        sim.runUntil(healedAt + HEALED_PHASE_US);
        if (eligible.isEmpty()) {
            return result(-1, "none");
        }
        List<SimNode> leaders = sim.nodes().stream().filter(n -> n.core.view().isLeader()).toList();
        SimNode leader = leaders.size() == 1 ? leaders.get(0) : null;
        boolean rightNode = leader != null && (failback ? leader == eligible.get(0) : eligible.contains(leader));
        long leaderAt = leader == null ? -1 : firstWritable[leader.index];
        if (!rightNode || leaderAt < 0 || leaderAt > LEADER_WITHIN_US) {
            throw new Invariants.SafetyViolation("liveness: expected " + (failback ? eligible.get(0).id : "one eligible node")
                    + " to lead within " + LEADER_WITHIN_US / 1000 + " ms of healing; leaders at the end "
                    + leaders.stream().map(n -> n.id + "(epoch " + n.core.view().epoch() + ")").toList()
                    + ", first writable at " + leaderAt / 1000 + " ms; alerts: "
                    + sim.nodes().stream().map(n -> n.id + "=" + tail(n.alerts)).toList());
        }
        for (SimNode n : sim.nodes()) {
            if (!n.core.view().commitLsn().equals(leader.log.lastLsn()) || !n.applied.equals(leader.log.lastLsn())) {
                throw new Invariants.SafetyViolation("liveness: " + n.id + " did not converge: commit "
                        + n.core.view().commitLsn() + ", applied " + n.applied + ", leader log ends at "
                        + leader.log.lastLsn());
            }
        }
        return result(leaderAt, leader.id.toString());
    }

    private Result result(long leaderAt, String leader) {
        return new Result(seed, sim.nodes().size(), mode, faults, sim.writesAccepted, sim.invariants.committedCount(),
                sim.invariants.reportedLosses(), leaderAt, leader);
    }

    private static String tail(List<String> alerts) {
        return alerts.subList(Math.max(0, alerts.size() - 6), alerts.size()).toString();
    }
}
