package com.wolfscale.bench;

import static com.wolfscale.bench.ClusterBenchmark.*;

import com.fasterxml.jackson.databind.JsonNode;
import com.wolfscale.testkit.NodeProcess;
import com.wolfscale.testkit.TestCluster;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * bench/cluster's failover phase: a writer through a surviving proxy, SIGKILLs of the leader's wolfscale
 * process, the time from each kill to the first successful write that started after it, and at the end every
 * acknowledged write checked on the leader. See {@link ClusterBenchmark} for the method.
 */
final class FailoverRun {

    private FailoverRun() {
    }

    /** The writer loop of the failover test: autocommit INSERTs through one proxy, reconnecting on errors. */
    static final class Writer implements Runnable {
        volatile int port;
        volatile boolean stop;
        final AtomicLong seq = new AtomicLong();
        final ConcurrentLinkedQueue<Long> acked = new ConcurrentLinkedQueue<>();
        final AtomicLong errors = new AtomicLong();
        /** error code (or exception class) -> count, over the whole failover test */
        final Map<String, Long> errorKinds = new java.util.concurrent.ConcurrentSkipListMap<>();
        volatile String lastError = "";
        private long armedAt = Long.MAX_VALUE;
        private long recoveredAt;
        private long lastEnd;
        private long gapWindowStart = Long.MAX_VALUE;
        private long maxGap;

        Writer(int port) {
            this.port = port;
        }

        @Override
        public void run() {
            Connection c = null;
            int connected = -1;
            while (!stop) {
                long start = System.nanoTime();
                try {
                    int p = port;
                    if (c == null || connected != p) {
                        closeQuietly(c);
                        c = null;
                        c = DriverManager.getConnection(url(p) + "&socketTimeout=15000", SB_USER, SB_PASSWORD);
                        connected = p;
                        noteError(start, System.nanoTime(), "connected", "");
                    }
                    long id = seq.incrementAndGet();
                    try (Statement st = c.createStatement()) {
                        st.executeUpdate("INSERT INTO " + SB_DB + ".failover (id) VALUES (" + id + ")");
                    }
                    acked.add(id);
                    succeeded(start, System.nanoTime());
                } catch (SQLException e) {
                    errors.incrementAndGet();
                    lastError = e.getMessage();
                    String kind = e.getErrorCode() != 0 ? Integer.toString(e.getErrorCode())
                            : e.getClass().getSimpleName();
                    errorKinds.merge(kind, 1L, Long::sum);
                    noteError(start, System.nanoTime(), kind, e.getMessage());
                    closeQuietly(c);
                    c = null;
                    sleepMs(5);
                }
            }
            closeQuietly(c);
        }

        /** What the writer saw between a kill and its recovery: "+started..ended ms code". */
        private final List<String> timeline = new ArrayList<>();

        private synchronized void noteError(long start, long end, String kind, String message) {
            if (armedAt != Long.MAX_VALUE && end >= armedAt && timeline.size() < 20) {
                timeline.add(String.format(Locale.ROOT, "+%d..%dms %s", Math.round((start - armedAt) / 1e6),
                        Math.round((end - armedAt) / 1e6), kind));
                if (timeline.size() == 1) {
                    firstErrorOfKill = message;
                }
            }
        }

        String firstErrorOfKill = "";

        synchronized String takeTimeline() {
            String t = String.join(", ", timeline);
            timeline.clear();
            return t;
        }

        private synchronized void succeeded(long start, long end) {
            if (start >= armedAt && recoveredAt == 0) {
                recoveredAt = end;
                notifyAll();
            }
            if (lastEnd >= gapWindowStart) {
                maxGap = Math.max(maxGap, end - lastEnd);
            }
            lastEnd = end;
            notifyAll();
        }

        /** Arms recovery detection for a kill at {@code at}. */
        synchronized void arm(long at) {
            armedAt = at;
            recoveredAt = 0;
        }

        /** @return nanos of the first success of a write started at or after the armed time, or -1 on timeout */
        synchronized long awaitRecovery(Duration timeout) throws InterruptedException {
            long deadline = System.nanoTime() + timeout.toNanos();
            while (recoveredAt == 0) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    armedAt = Long.MAX_VALUE;
                    return -1;
                }
                TimeUnit.NANOSECONDS.timedWait(this, left);
            }
            armedAt = Long.MAX_VALUE;
            return recoveredAt;
        }

        /** Waits until a write that started after now succeeded. */
        synchronized boolean awaitSuccessAfter(long t, Duration timeout) throws InterruptedException {
            long deadline = System.nanoTime() + timeout.toNanos();
            while (lastEnd <= t) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                TimeUnit.NANOSECONDS.timedWait(this, left);
            }
            return true;
        }

        /** Starts measuring the longest gap between two successful writes. */
        synchronized void openGapWindow(long at) {
            gapWindowStart = at;
            maxGap = 0;
        }

        synchronized long closeGapWindow() {
            gapWindowStart = Long.MAX_VALUE;
            return maxGap;
        }
    }

    static void failover(Settings s, TestCluster cluster, Map<String, Object> json) throws Exception {
        NodeProcess leader = awaitStable(cluster, null, Duration.ofSeconds(120));
        execute(leader.proxyPort(), SB_USER, SB_PASSWORD, "CREATE TABLE " + SB_DB + ".failover (id BIGINT PRIMARY KEY,"
                + " at TIMESTAMP(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6)) ENGINE=InnoDB");
        Writer w = new Writer(survivor(cluster, leader).proxyPort());
        Thread writer = Thread.ofPlatform().name("failover-writer").start(w);
        List<Long> times = new ArrayList<>();
        List<Long> failbackPauses = new ArrayList<>();
        int timeouts = 0;
        int failbacks = 0;
        int noFailback = 0;
        say("failover: %d kills of the leader's wolfscale process (SIGKILL), writer through a surviving proxy",
                s.kills());
        try {
            for (int k = 1; k <= s.kills(); k++) {
                leader = awaitStable(cluster, w, Duration.ofSeconds(180));
                NodeProcess via = survivor(cluster, leader);
                if (w.port != via.proxyPort()) {
                    w.port = via.proxyPort();
                    if (!w.awaitSuccessAfter(System.nanoTime(), Duration.ofSeconds(30))) {
                        throw new IllegalStateException("no write through " + via.id() + "'s proxy: " + w.lastError);
                    }
                }
                sleepMs(300 + ThreadLocalRandom.current().nextInt(400)); // the kill lands anywhere in a write
                long t0 = System.nanoTime();
                w.arm(t0);
                leader.kill();
                long done = w.awaitRecovery(Duration.ofSeconds(60));
                String newLeader = leaderId(cluster).orElse("?");
                if (done < 0) {
                    timeouts++;
                    say("kill %2d: %s killed; NO successful write through %s's proxy within 60 s (last error: %s)", k,
                            leader.id(), via.id(), w.lastError);
                } else {
                    long ms = Math.round((done - t0) / 1e6);
                    times.add(ms);
                    say("kill %2d: %s killed; first write through %s's proxy after %5d ms; new leader %s", k,
                            leader.id(), via.id(), ms, newLeader);
                }
                String errs = w.takeTimeline();
                if (!errs.isEmpty()) {
                    say("         writer errors after the kill: %s (first: %s)", errs, firstLine(w.firstErrorOfKill));
                }
                long restart = System.nanoTime();
                w.openGapWindow(restart);
                leader.start();
                NodeProcess after = awaitStable(cluster, w, Duration.ofSeconds(180));
                long pause = Math.round(w.closeGapWindow() / 1e6);
                failbackPauses.add(pause);
                if (!after.id().equals(newLeader)) {
                    failbacks++;
                }
                if (!after.id().equals(cluster.nodes().get(0).id())) {
                    noFailback++;
                }
                say("         %s restarted, caught up; %s leads after %.1f s; longest write pause meanwhile %d ms",
                        leader.id(), after.id(), (System.nanoTime() - restart) / 1e9, pause);
            }
        } finally {
            w.stop = true;
            writer.join(30_000);
        }
        NodeProcess last = awaitStable(cluster, null, Duration.ofSeconds(120));
        Set<Long> present = new HashSet<>();
        try (Connection c = last.db().connect(); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT id FROM " + SB_DB + ".failover")) {
            while (rs.next()) {
                present.add(rs.getLong(1));
            }
        }
        long lost = w.acked.stream().filter(id -> !present.contains(id)).count();
        boolean converged;
        try {
            cluster.awaitConverged(SB_DB, Duration.ofSeconds(120));
            converged = true;
        } catch (AssertionError e) {
            converged = false;
            say("failover: the nodes' sbtest checksums differ: %s", firstLine(e.getMessage()));
        }
        long[] sorted = times.stream().mapToLong(Long::longValue).sorted().toArray();
        say("failover: %d kills, %d measured: p50 %d ms, p99 %d ms, max %d ms; %d without recovery in 60 s",
                s.kills(), sorted.length, pct(sorted, 50), pct(sorted, 99), sorted.length == 0 ? -1
                        : sorted[sorted.length - 1], timeouts);
        say("failover: %d acknowledged writes, %d missing on the leader; checksums equal on all nodes: %s; "
                + "failbacks %d; writer errors %d %s", w.acked.size(), lost, converged, failbacks, w.errors.get(),
                w.errorKinds);
        json.put("failover_p50_ms", sorted.length == 0 ? null : pct(sorted, 50));
        json.put("failover_p99_ms", sorted.length == 0 ? null : pct(sorted, 99));
        json.put("failover_max_ms", sorted.length == 0 ? null : sorted[sorted.length - 1]);
        json.put("kills", s.kills());
        json.put("failover_times_ms", times.toString().replace(" ", ""));
        json.put("failover_timeouts", timeouts);
        json.put("failbacks", failbacks);
        json.put("kills_without_failback", noFailback);
        long[] pauses = failbackPauses.stream().mapToLong(Long::longValue).sorted().toArray();
        json.put("failback_pause_p50_ms", pauses.length == 0 ? null : pct(pauses, 50));
        json.put("failback_pause_max_ms", pauses.length == 0 ? null : pauses[pauses.length - 1]);
        json.put("writer_errors", w.errorKinds.toString().replace(" ", ""));
        json.put("acked_writes", w.acked.size());
        json.put("lost_acked_writes", lost);
        json.put("converged_after_failovers", converged);
    }

    /** The highest-id node that is not the leader: its proxy forwards writes, and it survives the kill. */
    static NodeProcess survivor(TestCluster cluster, NodeProcess leader) {
        List<NodeProcess> others = new ArrayList<>(cluster.nodes());
        others.remove(leader);
        return others.get(others.size() - 1);
    }

    static Optional<String> leaderId(TestCluster cluster) throws InterruptedException {
        for (int i = 0; i < 100; i++) {
            for (NodeProcess n : cluster.nodes()) {
                JsonNode st = status(n);
                if (st != null && st.path("is_leader").asBoolean() && st.path("writable").asBoolean()) {
                    return Optional.of(n.id());
                }
            }
            Thread.sleep(50);
        }
        return Optional.empty();
    }

    /**
     * Waits until every node runs and answers, all name the same leader, the leader is writable, every node
     * is Active, the followers applied the leader's commit index, the lowest id leads (failback) — or, if it
     * does not within 30 s of all that, whichever node leads — and (with a writer) a write started after
     * that succeeded.
     */
    static NodeProcess awaitStable(TestCluster cluster, Writer w, Duration timeout) throws Exception {
        long start = System.nanoTime();
        long deadline = start + timeout.toNanos();
        long settledSince = 0;
        String why = "";
        while (System.nanoTime() < deadline) {
            Map<String, JsonNode> st = new LinkedHashMap<>();
            for (NodeProcess n : cluster.nodes()) {
                st.put(n.id(), status(n));
            }
            NodeProcess leader = null;
            why = "";
            for (NodeProcess n : cluster.nodes()) {
                JsonNode j = st.get(n.id());
                if (j == null) {
                    why = n.id() + " does not answer";
                } else if (j.path("is_leader").asBoolean() && j.path("writable").asBoolean()) {
                    leader = n;
                }
            }
            if (why.isEmpty() && leader == null) {
                why = "no writable leader";
            }
            if (why.isEmpty()) {
                long commit = st.get(leader.id()).path("commit_lsn").asLong();
                for (NodeProcess n : cluster.nodes()) {
                    JsonNode j = st.get(n.id());
                    if (!leader.id().equals(j.path("leader_id").asText())) {
                        why = n.id() + " follows " + j.path("leader_id").asText();
                    } else if (!"Active".equals(j.path("status").asText())) {
                        why = n.id() + " is " + j.path("status").asText();
                    } else if (n != leader) {
                        JsonNode again = status(n); // read after the leader's commit index
                        if (again == null || again.path("last_applied_lsn").asLong() < commit) {
                            why = n.id() + " applied " + (again == null ? "?" : again.path("last_applied_lsn").asLong())
                                    + " < " + commit;
                        }
                    }
                }
            }
            if (why.isEmpty()) {
                boolean lowest = leader == cluster.nodes().get(0);
                if (settledSince == 0) {
                    settledSince = System.nanoTime();
                }
                if (lowest || System.nanoTime() - settledSince > Duration.ofSeconds(30).toNanos()) {
                    if (!lowest) {
                        say("         (no failback to %s within 30 s; %s keeps leading)", cluster.nodes().get(0).id(),
                                leader.id());
                    }
                    if (w == null || w.awaitSuccessAfter(System.nanoTime(), Duration.ofSeconds(20))) {
                        return leader;
                    }
                    why = "the writer cannot write: " + w.lastError;
                }
            } else {
                settledSince = 0;
            }
            Thread.sleep(50);
        }
        StringBuilder logs = new StringBuilder();
        cluster.nodes().forEach(n -> logs.append("\n--- ").append(n.id()).append(n.isAlive() ? "" : " (not running)")
                .append(" ---\n").append(n.logTail(25)));
        throw new IllegalStateException("cluster not stable within " + timeout + ": " + why + logs);
    }
}
