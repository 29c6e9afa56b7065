package com.wolfscale.core.sim;

import com.wolfscale.common.Epoch;
import com.wolfscale.common.Lsn;
import com.wolfscale.common.NodeId;
import com.wolfscale.core.ClusterCore;
import com.wolfscale.core.CoreConfig;
import com.wolfscale.core.CoreEffect;
import com.wolfscale.core.CoreInput;
import com.wolfscale.core.CoreView;
import com.wolfscale.core.FetchFollower;
import com.wolfscale.core.FetchPlanner;
import com.wolfscale.core.FetchRequest;
import com.wolfscale.core.FetchResponse;
import com.wolfscale.core.LogRecord;
import com.wolfscale.core.Message;
import com.wolfscale.core.Role;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.PriorityQueue;
import java.util.Random;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * A seeded, deterministic simulation of a WolfScale cluster: the real {@link ClusterCore} on every node,
 * the real pull-replication decisions ({@link FetchPlanner}, {@link FetchFollower}), an in-memory network
 * with delay, loss, duplication, reordering and partitions, disks whose fsync takes time and whose
 * unsynced writes a crash loses, drifting clocks, process pauses, and database failures. Time is in
 * microseconds. {@link Invariants} are checked after every event; the same seed replays the same run.
 */
public final class Simulation {

    static final long TICK_US = 5_000;
    /** {@code -Dwolfscale.sim.trace=true} prints what happens (use with a single replayed seed). */
    static final boolean TRACE = Boolean.getBoolean("wolfscale.sim.trace");

    private final Random rnd;
    private final PriorityQueue<Event> queue = new PriorityQueue<>();
    private final List<SimNode> nodes = new ArrayList<>();
    final Invariants invariants;
    private long nowUs;
    private long seq;

    // network model
    double loss;
    double duplicate;
    long delayMinUs = 100;
    long delayMaxUs = 600;
    private final Set<Long> blocked = new HashSet<>();
    // disk model
    long fsyncMinUs = 100;
    long fsyncMaxUs = 400;
    boolean clientWrites = true;
    long writesAccepted;

    public Simulation(long seed, List<CoreConfig> configs, double maxClockSkew) {
        this.rnd = new Random(seed);
        this.invariants = new Invariants(configs.get(0).mode());
        for (int i = 0; i < configs.size(); i++) {
            double rate = 1 + (rnd.nextDouble() * 2 - 1) * maxClockSkew;
            nodes.add(new SimNode(i, configs.get(i).self(), configs.get(i), rate, rnd.nextLong(1_000_000_000L)));
        }
    }

    /** An event at a simulated time, ordered by time then by creation (so runs are reproducible). */
    private record Event(long atUs, long order, int node, int generation, Runnable action) implements Comparable<Event> {
        @Override
        public int compareTo(Event o) {
            return atUs != o.atUs ? Long.compare(atUs, o.atUs) : Long.compare(order, o.order);
        }
    }

    public long nowUs() {
        return nowUs;
    }

    public List<SimNode> nodes() {
        return nodes;
    }

    private long events;

    private boolean drainsHeld;

    private void at(long atUs, SimNode n, Runnable action) {
        queue.add(new Event(atUs, seq++, n == null ? -1 : n.index, n == null ? 0 : n.generation, action));
    }

    /** A schedule is expected to need far fewer events; more means a livelock (in the core or here). */
    static final long MAX_EVENTS = 20_000_000;

    /** Runs every event due before {@code untilUs}. */
    public void runUntil(long untilUs) {
        while (!queue.isEmpty() && queue.peek().atUs() <= untilUs) {
            if (++events > MAX_EVENTS) {
                throw new IllegalStateException("livelock: more than " + MAX_EVENTS + " events by simulated time "
                        + nowUs + " us (" + queue.size() + " queued)");
            }
            Event e = queue.poll();
            nowUs = e.atUs();
            if (e.node() >= 0) {
                SimNode n = nodes.get(e.node());
                if (!n.up || n.generation != e.generation()) {
                    continue;
                }
                if (nowUs < n.pausedUntilUs) {
                    queue.add(new Event(n.pausedUntilUs, e.order(), e.node(), e.generation(), e.action()));
                    continue;
                }
            }
            e.action().run();
            checkWriters();
        }
        nowUs = Math.max(nowUs, untilUs);
    }

    // ---------------------------------------------------------------- life cycle

    public void start(SimNode n) {
        trace(n, "START (hard " + n.hard + ", log " + n.log.lastEpoch() + ":" + n.log.lastLsn() + ")");
        n.up = true;
        n.generation++;
        n.core = new ClusterCore(n.config, n.hard, n.log, new SplittableRandom(rnd.nextLong()), n.localMs(nowUs));
        Set<NodeId> ids = new HashSet<>();
        nodes.forEach(m -> ids.add(m.id));
        process(n, new CoreInput.PeersKnown(ids));
        process(n, new CoreInput.LocalDatabase(n.dbHealthy, n.needsMigration, n.applied, n.appliedMicros));
        scheduleTick(n);
    }

    public void crash(SimNode n) {
        if (!n.up) {
            return;
        }
        trace(n, "CRASH (log " + n.log.lastLsn() + ", durable " + n.log.durableLsn() + ")");
        n.up = false;
        n.generation++;
        n.log.crash();
        n.checkedCommitUpTo = Lsn.min(n.checkedCommitUpTo, n.log.lastLsn());
        n.parked.clear();
        n.pendingFetch = null;
        n.awaitDurable = Lsn.ZERO;
    }

    public void pause(SimNode n, long durationUs) {
        n.pausedUntilUs = Math.max(n.pausedUntilUs, nowUs + durationUs);
    }

    /** Scenario tests: handovers get no automatic drain report; the test sends {@link CoreInput.WritesDrained}. */
    public void holdDrains() {
        drainsHeld = true;
    }

    public void setDatabaseHealthy(SimNode n, boolean healthy) {
        n.dbHealthy = healthy;
        if (n.running(nowUs)) {
            process(n, new CoreInput.LocalDatabase(healthy, n.needsMigration, n.applied, n.appliedMicros));
        }
    }

    public void setNeedsMigration(SimNode n, boolean needs) {
        n.needsMigration = needs;
        if (n.running(nowUs)) {
            process(n, new CoreInput.LocalDatabase(n.dbHealthy, needs, n.applied, n.appliedMicros));
        }
    }

    public void block(SimNode from, SimNode to) {
        trace(from, "block -> " + to.id);
        blocked.add(((long) from.index << 32) | to.index);
    }

    public void unblockAll() {
        blocked.clear();
    }

    public void operator(SimNode n, CoreInput command) {
        if (command instanceof CoreInput.ForceLeader) {
            invariants.forcedLeadership = true;
        }
        if (n.running(nowUs)) {
            process(n, command);
        }
    }

    private void scheduleTick(SimNode n) {
        at(nowUs + TICK_US, n, () -> {
            if (n.reportedHealthy != n.dbHealthy) {
                // the health monitor reports on its own schedule, also after a pause swallowed a change
                process(n, new CoreInput.LocalDatabase(n.dbHealthy, n.needsMigration, n.applied, n.appliedMicros));
            }
            process(n, new CoreInput.Tick());
            if (clientWrites) {
                clientWrite(n);
            }
            scheduleTick(n);
        });
    }

    // ---------------------------------------------------------------- the driver: what a node process does

    void process(SimNode n, CoreInput input) {
        if (input instanceof CoreInput.LocalDatabase d) {
            n.reportedHealthy = d.healthy();
        }
        List<CoreEffect> effects = n.core.step(input, n.localMs(nowUs));
        for (CoreEffect e : effects) {
            switch (e) {
                case CoreEffect.Send s -> {
                    if (TRACE && (s.message() instanceof com.wolfscale.core.VoteRequest
                            || s.message() instanceof com.wolfscale.core.VoteResponse
                            || s.message() instanceof com.wolfscale.core.TimeoutNow)) {
                        trace(n, "-> " + s.to() + " " + s.message());
                    }
                    send(n, nodeOf(s.to()), s.message());
                }
                case CoreEffect.PersistHardState p -> n.hard = p.state();
                case CoreEffect.AppendEpochStart a -> appendLocal(n, LogRecord.EPOCH_START, a.epoch());
                case CoreEffect.RoleChanged r -> {
                    trace(n, "role " + r.role() + " epoch " + r.epoch() + " leader " + r.leader().map(Object::toString).orElse("-")
                            + " log " + n.log.lastEpoch() + ":" + n.log.lastLsn() + " commit " + n.core.view().commitLsn());
                    if (r.role() == Role.LEADER) {
                        invariants.leaderElected(n, r.epoch());
                    }
                }
                case CoreEffect.Alert a -> {
                    n.alerts.add(a.severity() + " " + a.message());
                    trace(n, "alert " + a.severity() + " " + a.message());
                }
            }
        }
        invariants.afterStep(n);
        pump(n);
    }

    /** Work a node's background threads would do after a step: apply, fetch, answer parked fetches. */
    private void pump(SimNode n) {
        CoreView v = n.core.view();
        drainIfHandingOver(n, v);
        Lsn limit = Lsn.min(v.commitLsn(), n.log.durableLsn());
        if (limit.isAfter(n.applied) && n.dbHealthy) {
            n.applied = limit;
            n.appliedMicros = n.log.timestampAt(limit);
            process(n, new CoreInput.LocalDatabase(n.dbHealthy, n.needsMigration, n.applied, n.appliedMicros));
            return;
        }
        if (n.pendingFetch != null && (v.fetchSource().filter(n.pendingTarget::equals).isEmpty()
                || nowUs - n.pendingSentUs > 20 * n.config.heartbeatIntervalMs() * 1000)) {
            n.pendingFetch = null; // source changed or the request/answer was lost
        }
        if (n.pendingFetch == null && v.fetchSource().isPresent() && !n.awaitDurable.isAfter(n.log.durableLsn())) {
            FetchRequest req = FetchFollower.request(v, n.log, n.applied, 64, 1 << 20);
            n.pendingFetch = req;
            n.pendingTarget = v.fetchSource().get();
            n.pendingSentUs = nowUs;
            send(n, nodeOf(n.pendingTarget), req);
        }
        if (!n.parked.isEmpty()) {
            answerParked(n, false);
        }
    }

    /**
     * A node with a database reports its writes drained a little after a handover starts (RoleController sets
     * read_only, which MariaDB grants once no commit is in flight), unless its database is down.
     */
    private void drainIfHandingOver(SimNode n, CoreView v) {
        if (!n.config.drainBeforeTransfer() || drainsHeld) {
            return;
        }
        if (!v.isLeader() || v.transferTarget().isEmpty()) {
            n.drainReportedFor = null;
            return;
        }
        if (n.dbHealthy && !v.epoch().equals(n.drainReportedFor)) {
            Epoch epoch = v.epoch();
            n.drainReportedFor = epoch;
            at(nowUs + rnd.nextLong(5_000), n, () -> process(n, new CoreInput.WritesDrained(epoch)));
        }
    }

    private void clientWrite(SimNode n) {
        if (n.core.view().writable(n.localMs(nowUs)) && rnd.nextInt(4) == 0) {
            byte[] payload = new byte[8];
            rnd.nextBytes(payload);
            appendLocal(n, LogRecord.TRANSACTION, n.core.view().epoch(), payload);
            writesAccepted++;
        }
    }

    private void appendLocal(SimNode n, byte type, Epoch epoch) {
        appendLocal(n, type, epoch, new byte[0]);
    }

    private void appendLocal(SimNode n, byte type, Epoch epoch, byte[] payload) {
        if (n.log.lastEpoch().isAfter(epoch)) {
            return; // stepped down meanwhile; a real capture would fail the append the same way
        }
        n.log.append(new LogRecord(n.log.lastLsn().next(), epoch, nowUs, type, payload));
        scheduleFsync(n);
        process(n, new CoreInput.LogChanged());
    }

    private void scheduleFsync(SimNode n) {
        long writeId = n.log.nextWriteId();
        long delay = (fsyncMinUs + rnd.nextLong(fsyncMaxUs - fsyncMinUs + 1)) * n.diskSlowFactor;
        at(nowUs + delay, n, () -> {
            n.log.fsyncCompleted(writeId);
            process(n, new CoreInput.LogChanged());
        });
    }

    // ---------------------------------------------------------------- network

    private void send(SimNode from, SimNode to, Message m) {
        if (blocked.contains(((long) from.index << 32) | to.index) || rnd.nextDouble() < loss) {
            return;
        }
        int copies = rnd.nextDouble() < duplicate ? 2 : 1;
        for (int i = 0; i < copies; i++) {
            long delay = delayMinUs + rnd.nextLong(delayMaxUs - delayMinUs + 1);
            at(nowUs + delay, to, () -> deliver(to, m));
        }
    }

    private void deliver(SimNode to, Message m) {
        switch (m) {
            case FetchRequest r -> serveFetch(to, r);
            case FetchResponse r -> fetchAnswered(to, r);
            default -> process(to, new CoreInput.Received(m));
        }
    }

    private void serveFetch(SimNode server, FetchRequest req) {
        process(server, new CoreInput.Received(req));
        FetchPlanner.Plan plan = FetchPlanner.plan(req, server.log, server.core.view().epoch());
        switch (plan) {
            case FetchPlanner.Serve s -> {
                progress(server, req, s.matchedDurable());
                respond(server, req, new FetchResponse.Records(server.log.read(req.fromLsn(), req.maxRecords(), req.maxBytes())));
            }
            case FetchPlanner.Park p -> {
                progress(server, req, p.matchedDurable());
                SimNode.Parked parked = new SimNode.Parked(server.nextParkId++, req);
                server.parked.add(parked);
                at(nowUs + server.config.heartbeatIntervalMs() * 1000, server, () -> {
                    if (server.parked.remove(parked)) {
                        replan(server, req);
                    }
                });
            }
            case FetchPlanner.Answer a -> {
                a.matchedDurable().ifPresent(m -> progress(server, req, m));
                respond(server, req, a.outcome());
            }
        }
    }

    private void answerParked(SimNode server, boolean timeout) {
        List<SimNode.Parked> ready = new ArrayList<>();
        for (SimNode.Parked p : server.parked) {
            if (timeout || !p.request().fromLsn().isAfter(server.log.lastLsn())) {
                ready.add(p);
            }
        }
        server.parked.removeAll(ready);
        for (SimNode.Parked p : ready) {
            replan(server, p.request());
        }
    }

    private void replan(SimNode server, FetchRequest req) {
        FetchPlanner.Plan plan = FetchPlanner.plan(req, server.log, server.core.view().epoch());
        FetchResponse.FetchOutcome outcome = switch (plan) {
            case FetchPlanner.Serve s -> new FetchResponse.Records(server.log.read(req.fromLsn(), req.maxRecords(), req.maxBytes()));
            case FetchPlanner.Park p -> new FetchResponse.Records(List.of());
            case FetchPlanner.Answer a -> a.outcome();
        };
        respond(server, req, outcome);
    }

    private void progress(SimNode server, FetchRequest req, Lsn matched) {
        process(server, new CoreInput.FollowerProgress(req.from(), req.epoch(), matched, req.appliedLsn()));
    }

    private void respond(SimNode server, FetchRequest req, FetchResponse.FetchOutcome outcome) {
        CoreView v = server.core.view();
        send(server, nodeOf(req.from()), new FetchResponse(server.id, v.epoch(), v.isLeader(), v.commitLsn(),
                req.fromLsn(), outcome));
    }

    private void fetchAnswered(SimNode n, FetchResponse resp) {
        FetchRequest sent = n.pendingFetch;
        if (sent == null || !resp.from().equals(n.pendingTarget) || !resp.requestFrom().equals(sent.fromLsn())) {
            process(n, new CoreInput.Received(resp)); // a late duplicate: only its epoch counts
            return;
        }
        n.pendingFetch = null;
        FetchFollower.Action action = FetchFollower.handle(sent, resp, n.log, n.core.view());
        switch (action) {
            case FetchFollower.Append a -> {
                a.records().forEach(n.log::append);
                scheduleFsync(n);
                n.awaitDurable = n.log.lastLsn();
                process(n, a.answered());
            }
            case FetchFollower.Truncate t -> {
                trace(n, "truncate after " + t.afterLsn() + " (log " + n.log.lastEpoch() + ":" + n.log.lastLsn() + ", commit "
                        + n.core.view().commitLsn() + ") on answer from " + resp.from() + " epoch " + resp.epoch()
                        + " leader=" + resp.fromLeader());
                invariants.truncated(n, n.log.truncateAfter(t.afterLsn()));
                n.awaitDurable = Lsn.min(n.awaitDurable, n.log.lastLsn());
                process(n, new CoreInput.LogChanged());
                if (n.applied.isAfter(t.afterLsn())) {
                    // available mode: the rejoin repair rolls the database back to the surviving history
                    n.applied = t.afterLsn();
                    n.maxAppliedSeen = t.afterLsn();
                    n.appliedMicros = n.log.timestampAt(t.afterLsn());
                    process(n, new CoreInput.LocalDatabase(n.dbHealthy, n.needsMigration, n.applied, n.appliedMicros));
                }
                process(n, t.answered());
            }
            case FetchFollower.Refuse r -> Invariants.fail(n.id + " refused a truncation: " + r.reason());
            case FetchFollower.Nothing x -> {
                if (x.answered() != null) {
                    process(n, x.answered());
                } else {
                    pump(n);
                }
            }
        }
    }

    private void checkWriters() {
        List<SimNode> writers = new ArrayList<>();
        for (SimNode n : nodes) {
            if (n.running(nowUs) && n.core.view().writable(n.localMs(nowUs))) {
                writers.add(n);
            }
        }
        invariants.writersAt(nowUs, writers);
    }

    void trace(SimNode n, String what) {
        if (TRACE) {
            System.out.printf("%9.3f %s %s%n", nowUs / 1000.0, n == null ? "-" : n.id, what);
        }
    }

    SimNode nodeOf(NodeId id) {
        for (SimNode n : nodes) {
            if (n.id.equals(id)) {
                return n;
            }
        }
        throw new IllegalArgumentException("unknown node " + id);
    }

    Random random() {
        return rnd;
    }
}
