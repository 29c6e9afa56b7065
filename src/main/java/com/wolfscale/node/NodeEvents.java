package com.wolfscale.node;

import com.wolfscale.api.model.StatsView;
import com.wolfscale.apply.ApplyError;
import com.wolfscale.apply.ApplyLoop;
import com.wolfscale.capture.Capture;
import com.wolfscale.core.CoreEffect;
import com.wolfscale.core.CoreView;
import com.wolfscale.replication.ClusterMember;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * What the API reports about the node's recent past: the last warnings and errors (cluster alerts, apply
 * stops, capture interruptions, role problems — each with its time, consecutive repeats collapsed), and
 * when this node first heard from each other node since it started.
 */
final class NodeEvents implements ClusterMember.Listener, AutoCloseable {

    private static final int KEEP = 50;
    private static final long SAMPLE_MS = 500;

    private final Deque<StatsView.RecentError> recent = new ArrayDeque<>();
    private final Map<String, Instant> firstHeard = new ConcurrentHashMap<>();
    private final ClusterMember member;
    private final ApplyLoop apply;
    private final Supplier<Capture> capture;
    private final Supplier<String> roleProblem;
    private final Supplier<String> healthProblem;
    private final Thread sampler;
    private volatile boolean running = true;

    /** Registers for the member's alerts and samples the other sources every {@value #SAMPLE_MS} ms. */
    NodeEvents(ClusterMember member, ApplyLoop apply, Supplier<Capture> capture, Supplier<String> roleProblem,
               Supplier<String> healthProblem) {
        this.member = member;
        this.apply = apply;
        this.capture = capture;
        this.roleProblem = roleProblem;
        this.healthProblem = healthProblem;
        member.addListener(this);
        this.sampler = Thread.ofVirtual().name("node-events").start(this::sample);
    }

    private void sample() {
        while (running) {
            observe(member.view());
            ApplyError e = apply.error();
            if (e != null) {
                note("ERROR", "applier stopped: " + e.describe());
            }
            Capture c = capture.get();
            if (c != null && c.lastError() != null) {
                note("WARN", "capture: " + c.lastError());
            }
            noteIfPresent("WARN", roleProblem.get());
            noteIfPresent("WARN", healthProblem.get());
            try {
                Thread.sleep(SAMPLE_MS);
            } catch (InterruptedException ex) {
                return;
            }
        }
    }

    private void noteIfPresent(String level, String message) {
        if (message != null && !message.isEmpty()) {
            note(level, message);
        }
    }

    @Override
    public void close() {
        running = false;
        sampler.interrupt();
    }

    @Override
    public void alert(CoreEffect.Alert alert) {
        if (alert.severity() != CoreEffect.Alert.Severity.INFO) {
            note(alert.severity() == CoreEffect.Alert.Severity.CRITICAL ? "ERROR" : "WARN", alert.message());
        }
    }

    /** Records an event unless it repeats one of the last few (a sampled condition persists). */
    synchronized void note(String level, String message) {
        int checked = 0;
        for (var it = recent.descendingIterator(); it.hasNext() && checked++ < 8; ) {
            if (it.next().message().equals(message)) {
                return;
            }
        }
        recent.addLast(new StatsView.RecentError(Instant.now().toString(), level, message));
        while (recent.size() > KEEP) {
            recent.removeFirst();
        }
    }

    /** Newest first. */
    synchronized List<StatsView.RecentError> recent(int max) {
        List<StatsView.RecentError> out = new ArrayList<>(recent);
        java.util.Collections.reverse(out);
        return List.copyOf(out.subList(0, Math.min(max, out.size())));
    }

    /** Notes first contact with every node the view shows as heard. */
    void observe(CoreView view) {
        Instant now = Instant.now();
        for (CoreView.NodeInfo n : view.nodes()) {
            if (n.lastHeardAgoMs() >= 0) {
                firstHeard.putIfAbsent(n.id().value(), now.minusMillis(n.lastHeardAgoMs()));
            }
        }
    }

    Optional<Instant> firstHeard(String node) {
        return Optional.ofNullable(firstHeard.get(node));
    }
}
