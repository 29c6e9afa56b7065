package com.wolfscale.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.wolfscale.sandbox.MariaDbInstance;
import com.wolfscale.sandbox.MariaDbOptions;
import com.wolfscale.testkit.HttpCalls;
import com.wolfscale.testkit.MariaDbServers;
import com.wolfscale.testkit.NodeProcess;
import com.wolfscale.testkit.TestCluster;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
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
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Issue #8: a real 3-node WolfScale cluster ({@code wolfscale start} processes, each with its own MariaDB,
 * quorum durability) against MariaDB semi-sync (AFTER_SYNC, 1 primary + 2 replicas) and a 3-node Galera
 * cluster, all on this machine, one system at a time, with the same durable settings (sync_binlog=1,
 * innodb_flush_log_at_trx_commit=1, ROW binlogs):
 * <ol>
 * <li>sysbench {@code oltp_write_only} and {@code oltp_read_write} (prepared statements) through the leader's
 *     MySQL proxy, against the semi-sync primary and against Galera node 1;</li>
 * <li>{@code behind_at_end_s}: after each WolfScale sysbench run, the seconds from sysbench's exit until every
 *     follower has applied the leader's last commit. The target is the leader's {@code commit_lsn} from
 *     {@code GET /status} read right after sysbench exited (every transaction sysbench saw commit is at or
 *     below it, since with quorum durability a COMMIT returns only once its WAL record is committed); a
 *     follower has applied it when its {@code last_applied_lsn} reaches it. This is measured, not the lag
 *     the API estimates ({@code lag_ms}). The key is the larger of the two runs;</li>
 * <li>failover: a writer loop (autocommit INSERTs of increasing ids) through the proxy of a node that
 *     survives; the leader's wolfscale process gets SIGKILL; the failover time is from the kill to the end
 *     of the first successful write that <em>started</em> after the kill (so a write already in flight that
 *     the old leader committed does not count). The killed node is restarted; the next kill waits until it
 *     has caught up and, with failback (the default), until the lowest id leads again, every node is Active,
 *     the followers applied the leader's commit index and the writer wrote again. Every acknowledged id is
 *     checked on the leader at the end, and the three databases' checksums compared.</li>
 * </ol>
 * Usage: {@code ClusterBenchmark --work DIR --galera-tool PATH [--time S] [--warmup S] [--tables N] [--table-size N]
 * [--threads N] [--kills N] [--quick] [--only wolfscale,semisync,galera]}. The last line is one JSON object.
 */
public final class ClusterBenchmark {

    static final String SB_USER = "sbtest";
    static final String SB_PASSWORD = "sbtest-pw-8";
    static final String SB_DB = "sbtest";

    private static final Pattern TPS = Pattern.compile("transactions:\\s+\\d+\\s+\\(([\\d.]+) per sec");
    private static final Pattern QPS = Pattern.compile("queries:\\s+\\d+\\s+\\(([\\d.]+) per sec");
    private static final Pattern P95 = Pattern.compile("95th percentile:\\s+([\\d.]+)");
    private static final Pattern ERRORS = Pattern.compile("ignored errors:\\s+(\\d+)");

    /** Cleanups still to run (newest last); the shutdown hook runs what is left after Ctrl+C or SIGTERM. */
    private static final List<Runnable> CLEANUPS = Collections.synchronizedList(new ArrayList<>());

    record Settings(int time, int tables, int tableSize, int threads, int kills, boolean quick, Path work,
                    Path galeraTool, Set<String> only, Path logs, int warmup) {
    }

    record Run(double tps, double qps, double p95Ms, long errors) {
    }

    private ClusterBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        Settings s = parse(args);
        // the failover writer's expected errors are counted and summarised, not logged one by one
        ((ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger("org.mariadb.jdbc"))
                .setLevel(ch.qos.logback.classic.Level.OFF);
        Runtime.getRuntime().addShutdownHook(new Thread(ClusterBenchmark::cleanupAll, "cluster-bench-cleanup"));
        Files.createDirectories(s.logs());
        try (var old = Files.list(s.logs())) { // this run's logs only
            for (Path f : old.filter(Files::isRegularFile).toList()) {
                Files.delete(f);
            }
        }
        long started = System.nanoTime();
        Map<String, Object> json = new LinkedHashMap<>();
        for (String k : List.of("write_only_tps", "read_write_tps", "semisync_write_only_tps", "semisync_read_write_tps",
                "galera_write_only_tps", "galera_read_write_tps", "ratio_vs_semisync", "ratio_vs_galera",
                "behind_at_end_s", "failover_p50_ms", "failover_p99_ms", "failover_max_ms", "kills")) {
            json.put(k, null);
        }
        say("settings: %d s per sysbench run, %d tables x %d rows, %d threads, %d kills%s; logs in %s", s.time(),
                s.tables(), s.tableSize(), s.threads(), s.kills(), s.quick() ? " (quick)" : "", s.logs());
        phase("wolfscale", s, json, () -> wolfscale(s, json));
        phase("semisync", s, json, () -> semisync(s, json));
        phase("galera", s, json, () -> galera(s, json));

        Double wo = num(json, "write_only_tps");
        Double semi = num(json, "semisync_write_only_tps");
        Double gal = num(json, "galera_write_only_tps");
        json.put("ratio_vs_semisync", wo != null && semi != null ? round(wo / semi, 3) : null);
        json.put("ratio_vs_galera", wo != null && gal != null ? round(wo / gal, 3) : null);
        Double rw = num(json, "read_write_tps");
        Double semiRw = num(json, "semisync_read_write_tps");
        Double galRw = num(json, "galera_read_write_tps");
        json.put("rw_ratio_vs_semisync", rw != null && semiRw != null ? round(rw / semiRw, 3) : null);
        json.put("rw_ratio_vs_galera", rw != null && galRw != null ? round(rw / galRw, 3) : null);

        Map<String, Object> targets = new LinkedHashMap<>();
        targets.put("target_ratio_vs_semisync_met", atLeast(json, "ratio_vs_semisync", 1.25));
        targets.put("target_ratio_vs_galera_met", atLeast(json, "ratio_vs_galera", 1.5));
        targets.put("target_behind_at_end_met", atMost(json, "behind_at_end_s", 1.0));
        targets.put("target_failover_p50_met", atMost(json, "failover_p50_ms", 1500));
        targets.put("target_failover_p99_met", atMost(json, "failover_p99_ms", 3000));
        say("targets:");
        say("  write TPS >= 1.25x semi-sync: %s (ratio %s)", met(targets.get("target_ratio_vs_semisync_met")),
                json.get("ratio_vs_semisync"));
        say("  write TPS >= 1.5x Galera:     %s (ratio %s)", met(targets.get("target_ratio_vs_galera_met")),
                json.get("ratio_vs_galera"));
        say("  followers <= 1 s behind:      %s (%s s)", met(targets.get("target_behind_at_end_met")),
                json.get("behind_at_end_s"));
        say("  failover p50 <= 1.5 s:        %s (%s ms)", met(targets.get("target_failover_p50_met")),
                json.get("failover_p50_ms"));
        say("  failover p99 <= 3 s:          %s (%s ms)", met(targets.get("target_failover_p99_met")),
                json.get("failover_p99_ms"));
        json.putAll(targets);
        json.put("targets_met", targets.values().stream().allMatch(Boolean.TRUE::equals));
        json.put("time_s", s.time());
        json.put("warmup_s", s.warmup());
        json.put("tables", s.tables());
        json.put("table_size", s.tableSize());
        json.put("threads", s.threads());
        json.put("kills_requested", s.kills());
        json.put("quick", s.quick());
        json.put("durability", "sync_binlog=1 innodb_flush_log_at_trx_commit=1 (all systems); WolfScale quorum, "
                + "semi-sync AFTER_SYNC, Galera");
        json.put("cores", Runtime.getRuntime().availableProcessors());
        json.put("duration_s", Math.round((System.nanoTime() - started) / 1e9));
        say("done in %d s", Math.round((System.nanoTime() - started) / 1e9));
        System.out.println(toJson(json));
        System.out.flush();
        System.exit(0); // the shutdown hook finds nothing left to clean
    }

    interface Phase {
        void run() throws Exception;
    }

    private static void phase(String name, Settings s, Map<String, Object> json, Phase p) {
        if (!s.only().contains(name)) {
            json.put(name + "_skipped", true);
            return;
        }
        long t0 = System.nanoTime();
        try {
            p.run();
        } catch (Exception | AssertionError e) {
            String why = e.getClass().getSimpleName() + ": " + firstLine(e.getMessage());
            say("%s FAILED: %s", name, why);
            e.printStackTrace(System.err);
            json.put(name + "_error", why);
        }
        say("%s phase took %d s", name, Math.round((System.nanoTime() - t0) / 1e9));
    }

    // ------------------------------------------------------------------------------------------ WolfScale

    static void wolfscale(Settings s, Map<String, Object> json) throws Exception {
        String level = System.getProperty("bench.nodeLogLevel", "info"); // debug: to see where a failover's time goes
        TestCluster cluster = TestCluster.of(3, toml -> toml.replace("level = \"info\"", "level = \"" + level + "\""));
        Runnable close = once(() -> cluster.close("ClusterBenchmark"));
        CLEANUPS.add(close);
        try {
            say("wolfscale: starting 3 MariaDB servers and 3 wolfscale node processes");
            cluster.start();
            cluster.awaitLeader(Duration.ofSeconds(90));
            NodeProcess leader = awaitStable(cluster, null, Duration.ofSeconds(90)); // APIs answer, all Active
            for (NodeProcess n : cluster.nodes()) {
                awaitPort(n.proxyPort(), Duration.ofSeconds(60)); // a node opens its proxy last
            }
            say("wolfscale: %s leads; proxies on ports %s", leader.id(),
                    cluster.nodes().stream().map(n -> n.id() + "=" + n.proxyPort()).toList());
            for (NodeProcess n : cluster.nodes()) {
                // on every MariaDB, unreplicated: the proxy runs statements under the client's own account
                n.db().execute("SET SESSION sql_log_bin = 0", "CREATE USER '" + SB_USER + "'@'%' IDENTIFIED BY '"
                        + SB_PASSWORD + "'", "GRANT " + TestCluster.APP_PRIVILEGES + " ON *.* TO '" + SB_USER + "'@'%'");
            }
            int proxy = leader.proxyPort();
            execute(proxy, SB_USER, SB_PASSWORD, "CREATE DATABASE " + SB_DB);
            say("wolfscale: preparing %d x %d rows through %s's proxy", s.tables(), s.tableSize(), leader.id());
            sysbench(s, "oltp_read_write", proxy, SB_USER, SB_PASSWORD, "prepare", "wolfscale");
            behindAtEnd(cluster, leader, Duration.ofSeconds(300)); // the prepared tables are everywhere
            warmUp(s, proxy, "wolfscale");
            behindAtEnd(cluster, leader, Duration.ofSeconds(300));
            Run wo = sysbench(s, "oltp_write_only", proxy, SB_USER, SB_PASSWORD, "run", "wolfscale");
            double behindWo = behindAtEnd(cluster, leader, Duration.ofSeconds(300));
            report("wolfscale", "oltp_write_only", wo, String.format(Locale.ROOT, "followers behind at end %.3f s",
                    behindWo));
            Run rw = sysbench(s, "oltp_read_write", proxy, SB_USER, SB_PASSWORD, "run", "wolfscale");
            double behindRw = behindAtEnd(cluster, leader, Duration.ofSeconds(300));
            report("wolfscale", "oltp_read_write", rw, String.format(Locale.ROOT, "followers behind at end %.3f s",
                    behindRw));
            // diagnostic: the same write load straight to the leader's MariaDB (still replicated with quorum
            // durability, without the proxy), to tell the proxy's share of the cost from replication's
            Run direct = sysbench(s, "oltp_write_only", leader.db().port(), SB_USER, SB_PASSWORD, "run",
                    "wolfscale-direct");
            behindAtEnd(cluster, leader, Duration.ofSeconds(300));
            report("wolfscale", "write_only/db", direct, "straight to the leader's MariaDB, not through the proxy");
            json.put("write_only_tps_leader_db_direct", round(direct.tps(), 1));
            json.put("write_only_tps", round(wo.tps(), 1));
            json.put("read_write_tps", round(rw.tps(), 1));
            json.put("behind_at_end_s", round(Math.max(behindWo, behindRw), 3));
            json.put("behind_at_end_write_only_s", round(behindWo, 3));
            json.put("behind_at_end_read_write_s", round(behindRw, 3));
            json.put("write_only_p95_ms", wo.p95Ms());
            json.put("read_write_p95_ms", rw.p95Ms());
            json.put("sysbench_errors", wo.errors() + rw.errors());
            statsLine(leader);
            if (s.kills() > 0) {
                failover(s, cluster, json);
            }
        } finally {
            close.run();
            CLEANUPS.remove(close);
        }
    }

    private static void statsLine(NodeProcess leader) {
        try {
            JsonNode st = HttpCalls.get(leader.apiUrl() + "/stats").json();
            JsonNode cl = st.path("commit_latency");
            say("wolfscale: leader commit latency (capture -> quorum) p50 %s ms, p99 %s ms, over %s commits",
                    cl.path("p50_ms").asText("?"), cl.path("p99_ms").asText("?"), cl.path("count").asText("?"));
        } catch (Exception e) {
            say("wolfscale: /stats unavailable: %s", e.getMessage());
        }
    }

    /** Seconds from now until every follower has applied the leader's commit index as read now. */
    static double behindAtEnd(TestCluster cluster, NodeProcess leader, Duration timeout) throws Exception {
        long stopped = System.nanoTime();
        JsonNode ls = status(leader);
        if (ls == null) {
            throw new IllegalStateException(leader.id() + " does not answer GET /status");
        }
        long target = ls.path("commit_lsn").asLong();
        long deadline = stopped + timeout.toNanos();
        while (true) {
            boolean all = true;
            StringBuilder where = new StringBuilder();
            for (NodeProcess n : cluster.nodes()) {
                if (n == leader) {
                    continue;
                }
                JsonNode st = status(n);
                long applied = st == null ? -1 : st.path("last_applied_lsn").asLong(-1);
                where.append(n.id()).append('=').append(applied).append(' ');
                all &= applied >= target;
            }
            if (all) {
                return (System.nanoTime() - stopped) / 1e9;
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("followers did not apply LSN " + target + " within " + timeout
                        + " (applied: " + where.toString().trim() + ")");
            }
            Thread.sleep(2);
        }
    }

    static void awaitPort(int port, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            try (java.net.Socket sock = new java.net.Socket(InetAddress.getLoopbackAddress(), port)) {
                return;
            } catch (IOException e) {
                if (System.nanoTime() > deadline) {
                    throw new IOException("nothing listens on port " + port + " after " + timeout, e);
                }
                Thread.sleep(50);
            }
        }
    }

    static JsonNode status(NodeProcess n) {
        if (!n.isAlive()) {
            return null;
        }
        try {
            HttpCalls.Answer a = HttpCalls.get(n.apiUrl() + "/status");
            return a.status() == 200 ? a.json() : null;
        } catch (Exception e) {
            return null;
        }
    }

    // ------------------------------------------------------------------------------------------ failover

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

    // ------------------------------------------------------------------------------------------ semi-sync

    static void semisync(Settings s, Map<String, Object> json) throws Exception {
        say("semisync: starting 3 MariaDB servers (1 primary + 2 replicas, AFTER_SYNC, same settings as the nodes')");
        List<String> settings = new ArrayList<>(TestCluster.NODE_DB_SETTINGS);
        settings.add("log_slave_updates=ON"); // a replica that may be promoted keeps its binlog, as a node does
        List<MariaDbInstance> dbs = MariaDbServers.sandbox().start(3,
                MariaDbOptions.defaults().withSettings(settings.toArray(String[]::new)));
        Runnable destroy = once(() -> dbs.forEach(MariaDbServers.sandbox()::destroy));
        CLEANUPS.add(destroy);
        try {
            MariaDbInstance primary = dbs.get(0);
            primary.execute("SET SESSION sql_log_bin = 0",
                    "CREATE USER 'repl'@'127.0.0.1' IDENTIFIED BY 'repl'",
                    "GRANT REPLICATION SLAVE ON *.* TO 'repl'@'127.0.0.1'",
                    "SET GLOBAL read_only = OFF", "SET GLOBAL rpl_semi_sync_master_enabled = ON");
            for (MariaDbInstance r : dbs.subList(1, 3)) {
                r.execute("SET GLOBAL rpl_semi_sync_slave_enabled = ON",
                        "CHANGE MASTER TO MASTER_HOST='127.0.0.1', MASTER_PORT=" + primary.port()
                                + ", MASTER_USER='repl', MASTER_PASSWORD='repl', MASTER_USE_GTID=slave_pos,"
                                + " MASTER_CONNECT_RETRY=1", "START SLAVE");
            }
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (Long.parseLong(single(primary, "SELECT VARIABLE_VALUE FROM information_schema.GLOBAL_STATUS"
                    + " WHERE VARIABLE_NAME = 'RPL_SEMI_SYNC_MASTER_CLIENTS'")) < 2) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("the 2 replicas did not register as semi-sync clients");
                }
                Thread.sleep(100);
            }
            primary.execute("CREATE USER '" + SB_USER + "'@'%' IDENTIFIED BY '" + SB_PASSWORD + "'",
                    "GRANT " + TestCluster.APP_PRIVILEGES + " ON *.* TO '" + SB_USER + "'@'%'",
                    "CREATE DATABASE " + SB_DB);
            sysbench(s, "oltp_read_write", primary.port(), SB_USER, SB_PASSWORD, "prepare", "semisync");
            warmUp(s, primary.port(), "semisync");
            waitReplicas(primary, dbs.subList(1, 3));
            Run wo = sysbench(s, "oltp_write_only", primary.port(), SB_USER, SB_PASSWORD, "run", "semisync");
            double behindWo = waitReplicas(primary, dbs.subList(1, 3));
            report("semisync", "oltp_write_only", wo, String.format(Locale.ROOT, "replicas behind at end %.3f s",
                    behindWo));
            Run rw = sysbench(s, "oltp_read_write", primary.port(), SB_USER, SB_PASSWORD, "run", "semisync");
            double behindRw = waitReplicas(primary, dbs.subList(1, 3));
            report("semisync", "oltp_read_write", rw, String.format(Locale.ROOT, "replicas behind at end %.3f s",
                    behindRw));
            String noTx = single(primary, "SELECT VARIABLE_VALUE FROM information_schema.GLOBAL_STATUS"
                    + " WHERE VARIABLE_NAME = 'RPL_SEMI_SYNC_MASTER_NO_TX'");
            String yesTx = single(primary, "SELECT VARIABLE_VALUE FROM information_schema.GLOBAL_STATUS"
                    + " WHERE VARIABLE_NAME = 'RPL_SEMI_SYNC_MASTER_YES_TX'");
            say("semisync: %s transactions acknowledged by a replica, %s committed without (async fallback)", yesTx,
                    noTx);
            json.put("semisync_write_only_tps", round(wo.tps(), 1));
            json.put("semisync_read_write_tps", round(rw.tps(), 1));
            json.put("semisync_behind_at_end_s", round(Math.max(behindWo, behindRw), 3));
            json.put("semisync_no_ack_tx", Long.parseLong(noTx));
        } finally {
            destroy.run();
            CLEANUPS.remove(destroy);
        }
    }

    /** Seconds until both replicas executed the primary's gtid_binlog_pos as read now. */
    static double waitReplicas(MariaDbInstance primary, List<MariaDbInstance> replicas) throws SQLException {
        long t0 = System.nanoTime();
        String pos = single(primary, "SELECT @@gtid_binlog_pos");
        for (MariaDbInstance r : replicas) {
            if (!"0".equals(single(r, "SELECT MASTER_GTID_WAIT('" + pos + "', 300)"))) {
                throw new IllegalStateException(r + " did not reach " + pos + " within 300 s");
            }
        }
        return (System.nanoTime() - t0) / 1e9;
    }

    // ------------------------------------------------------------------------------------------ Galera

    static void galera(Settings s, Map<String, Object> json) throws Exception {
        Path provider = Path.of("/usr/lib/galera/libgalera_smm.so");
        if (!Files.exists(provider)) {
            json.put("galera_error", "galera-4 is not installed (" + provider + " missing); run "
                    + "install-mariadb-tools --with-galera");
            say("galera: skipped, %s", json.get("galera_error"));
            return;
        }
        if (!Files.isExecutable(s.galeraTool())) {
            json.put("galera_error", "galera-sandbox not found at " + s.galeraTool());
            say("galera: skipped, %s", json.get("galera_error"));
            return;
        }
        Path dir = s.work().resolve("galera");
        int base = galeraBasePort();
        Runnable destroy = once(() -> {
            try {
                tool(s, List.of("destroy", dir.toString()), Duration.ofSeconds(120), s.logs().resolve("galera-sandbox.log"));
            } catch (Exception e) {
                say("galera: destroy failed: %s", e.getMessage());
            }
        });
        CLEANUPS.add(destroy);
        try {
            say("galera: starting 3 Galera nodes (galera-sandbox, rsync SST) on ports %d-%d", base, base + 2);
            tool(s, List.of("start", dir.toString(), "3", Integer.toString(base)), Duration.ofSeconds(600),
                    s.logs().resolve("galera-sandbox.log"));
            String url = "jdbc:mariadb://127.0.0.1:" + base + "/?connectTimeout=5000";
            try (Connection c = DriverManager.getConnection(url, "root", ""); Statement st = c.createStatement()) {
                st.execute("CREATE USER '" + SB_USER + "'@'%' IDENTIFIED BY '" + SB_PASSWORD + "'");
                st.execute("GRANT " + TestCluster.APP_PRIVILEGES + " ON *.* TO '" + SB_USER + "'@'%'");
                st.execute("CREATE DATABASE " + SB_DB);
                try (ResultSet rs = st.executeQuery("SELECT @@sync_binlog, @@innodb_flush_log_at_trx_commit,"
                        + " (SELECT VARIABLE_VALUE FROM information_schema.GLOBAL_STATUS"
                        + " WHERE VARIABLE_NAME = 'WSREP_CLUSTER_SIZE')")) {
                    rs.next();
                    say("galera: sync_binlog=%s innodb_flush_log_at_trx_commit=%s cluster size %s", rs.getString(1),
                            rs.getString(2), rs.getString(3));
                }
            }
            sysbench(s, "oltp_read_write", base, SB_USER, SB_PASSWORD, "prepare", "galera");
            warmUp(s, base, "galera");
            Run wo = sysbench(s, "oltp_write_only", base, SB_USER, SB_PASSWORD, "run", "galera");
            report("galera", "oltp_write_only", wo, "");
            Run rw = sysbench(s, "oltp_read_write", base, SB_USER, SB_PASSWORD, "run", "galera");
            report("galera", "oltp_read_write", rw, "");
            json.put("galera_write_only_tps", round(wo.tps(), 1));
            json.put("galera_read_write_tps", round(rw.tps(), 1));
            try (Connection c = DriverManager.getConnection(url, "root", ""); Statement st = c.createStatement();
                 ResultSet rs = st.executeQuery("SHOW STATUS WHERE Variable_name IN ('wsrep_flow_control_paused',"
                         + " 'wsrep_local_cert_failures', 'wsrep_local_bf_aborts')")) {
                StringBuilder sb = new StringBuilder();
                while (rs.next()) {
                    sb.append(rs.getString(1)).append('=').append(rs.getString(2)).append(' ');
                }
                say("galera: %s", sb.toString().trim());
            }
        } finally {
            destroy.run();
            CLEANUPS.remove(destroy);
        }
    }

    private static void tool(Settings s, List<String> args, Duration timeout, Path log) throws Exception {
        List<String> cmd = new ArrayList<>();
        cmd.add(s.galeraTool().toString());
        cmd.addAll(args);
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        // the same durable settings as the other systems (Galera deployments often relax them; not here)
        pb.environment().put("GALERA_SANDBOX_CNF", String.join("\n", "sync_binlog=1", "innodb_flush_log_at_trx_commit=1",
                "binlog_row_image=FULL", "max_connections=500"));
        Process p = pb.start();
        Runnable stop = p::destroyForcibly;
        CLEANUPS.add(stop);
        try {
            if (!p.waitFor(timeout.toSeconds(), TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IOException("galera-sandbox " + args.get(0) + " took more than " + timeout);
            }
        } finally {
            CLEANUPS.remove(stop);
        }
        if (p.exitValue() != 0) {
            List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
            throw new IOException("galera-sandbox " + args.get(0) + " failed (exit " + p.exitValue() + "): "
                    + String.join(" | ", lines.subList(Math.max(0, lines.size() - 6), lines.size())));
        }
    }

    /** A base port P with P..P+2 (SQL) and P+1000..P+1022 (group communication, IST, SST) free. */
    static int galeraBasePort() throws IOException {
        for (int attempt = 0; attempt < 200; attempt++) {
            int base = 20_000 + ThreadLocalRandom.current().nextInt(20_000);
            List<Integer> ports = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                ports.add(base + i);
                for (int j = 0; j < 3; j++) {
                    ports.add(base + 1000 + 10 * i + j);
                }
            }
            if (ports.stream().allMatch(ClusterBenchmark::free)) {
                return base;
            }
        }
        throw new IOException("no free port range for Galera");
    }

    private static boolean free(int port) {
        try (ServerSocket s = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    // ------------------------------------------------------------------------------------------ sysbench

    /**
     * The same unmeasured oltp_read_write run before every system's measured runs: JIT-compiled code for the
     * JVM, warm buffer pools and connection paths for all. Without it the first measured WolfScale run
     * spent its first seconds in the interpreter (quick runs gave 200 tps where warm demo clusters gave 300+).
     */
    static void warmUp(Settings s, int port, String label) throws IOException, InterruptedException {
        if (s.warmup() > 0) {
            sysbench(new Settings(s.warmup(), s.tables(), s.tableSize(), s.threads(), s.kills(), s.quick(), s.work(),
                    s.galeraTool(), s.only(), s.logs(), 0), "oltp_read_write", port, SB_USER, SB_PASSWORD, "run",
                    label + "-warmup");
        }
    }

    static Run sysbench(Settings s, String workload, int port, String user, String password, String command,
                        String label) throws IOException, InterruptedException {
        boolean run = command.equals("run");
        List<String> cmd = new ArrayList<>(List.of("sysbench", workload, "--db-driver=mysql", "--mysql-host=127.0.0.1",
                "--mysql-port=" + port, "--mysql-user=" + user, "--mysql-password=" + password, "--mysql-db=" + SB_DB,
                "--tables=" + s.tables(), "--table-size=" + s.tableSize(), "--percentile=95",
                "--threads=" + (run ? s.threads() : Math.min(s.threads(), s.tables()))));
        if (run) {
            cmd.add("--time=" + s.time());
            cmd.add("--report-interval=10");
        }
        cmd.add(command);
        Path log = s.logs().resolve(label + "." + workload + "." + command + ".log");
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        Runnable stop = p::destroyForcibly; // Ctrl+C during a run: sysbench goes too
        CLEANUPS.add(stop);
        long limit = (run ? s.time() : 0) + 600L;
        try {
            if (!p.waitFor(limit, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IOException("sysbench " + workload + " " + command + " (" + label + ") did not end within "
                        + limit + " s; see " + log);
            }
        } finally {
            CLEANUPS.remove(stop);
        }
        String out = Files.readString(log);
        if (p.exitValue() != 0) {
            String[] lines = out.split("\n");
            throw new IOException("sysbench " + workload + " " + command + " (" + label + ") failed: "
                    + String.join(" | ", List.of(lines).subList(Math.max(0, lines.length - 5), lines.length)));
        }
        return run ? new Run(find(TPS, out), find(QPS, out), find(P95, out), (long) find(ERRORS, out))
                : new Run(0, 0, 0, 0);
    }

    private static void report(String system, String workload, Run r, String extra) {
        say("%-9s %-16s %8.1f tps %9.1f qps  p95 %7.2f ms  errors %d%s", system, workload, r.tps(), r.qps(), r.p95Ms(),
                r.errors(), extra.isEmpty() ? "" : "  " + extra);
    }

    // ------------------------------------------------------------------------------------------ helpers

    static String url(int port) {
        return "jdbc:mariadb://127.0.0.1:" + port + "/?connectTimeout=3000";
    }

    static void execute(int port, String user, String password, String sql) throws SQLException {
        try (Connection c = DriverManager.getConnection(url(port) + "&socketTimeout=60000", user, password);
             Statement st = c.createStatement()) {
            st.execute(sql);
        }
    }

    static String single(MariaDbInstance db, String sql) throws SQLException {
        try (Connection c = db.connect(); Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getString(1);
        }
    }

    private static void closeQuietly(Connection c) {
        if (c != null) {
            try {
                c.close();
            } catch (SQLException | RuntimeException ignored) {
                // the connection is gone anyway
            }
        }
    }

    private static void sleepMs(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static Runnable once(Runnable r) {
        AtomicBoolean done = new AtomicBoolean();
        return () -> {
            if (done.compareAndSet(false, true)) {
                r.run();
            }
        };
    }

    private static void cleanupAll() {
        List<Runnable> left;
        synchronized (CLEANUPS) {
            left = new ArrayList<>(CLEANUPS);
            CLEANUPS.clear();
        }
        Collections.reverse(left);
        for (Runnable r : left) {
            try {
                r.run();
            } catch (RuntimeException e) {
                System.err.println("cleanup: " + e);
            }
        }
    }

    static long pct(long[] sorted, double p) {
        if (sorted.length == 0) {
            return 0;
        }
        int i = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, i))];
    }

    private static double find(Pattern p, String text) {
        Matcher m = p.matcher(text);
        return m.find() ? Double.parseDouble(m.group(1)) : Double.NaN;
    }

    private static double round(double v, int digits) {
        double f = Math.pow(10, digits);
        return Math.round(v * f) / f;
    }

    private static Double num(Map<String, Object> json, String key) {
        return json.get(key) instanceof Number n ? n.doubleValue() : null;
    }

    private static Boolean atLeast(Map<String, Object> json, String key, double min) {
        Double v = num(json, key);
        return v == null ? null : v >= min;
    }

    private static Boolean atMost(Map<String, Object> json, String key, double max) {
        Double v = num(json, key);
        return v == null ? null : v <= max;
    }

    private static String met(Object b) {
        return b == null ? "NOT MEASURED" : (Boolean) b ? "met" : "NOT MET";
    }

    private static String firstLine(String s) {
        if (s == null) {
            return "";
        }
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }

    static void say(String format, Object... args) {
        System.out.println(String.format(Locale.ROOT, format, args));
        System.out.flush();
    }

    static String toJson(Map<String, Object> map) {
        StringBuilder sb = new StringBuilder("{");
        map.forEach((k, v) -> {
            sb.append(sb.length() > 1 ? ", " : "").append('"').append(k).append("\": ");
            if (v == null || v instanceof Number || v instanceof Boolean) {
                sb.append(v);
            } else {
                sb.append('"').append(v.toString().replace("\\", "\\\\").replace("\"", "\\\"")).append('"');
            }
        });
        return sb.append('}').toString();
    }

    static Settings parse(String[] args) {
        Integer time = null;
        Integer warmup = null;
        int tables = 4;
        int size = 10_000;
        int threads = 8;
        Integer kills = null;
        boolean quick = false;
        Path work = null;
        Path tool = Path.of("/work/shared/tools/galera-sandbox");
        Set<String> only = Set.of("wolfscale", "semisync", "galera");
        Path logs = Path.of("target", "cluster-logs", "ClusterBenchmark");
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            switch (a) {
                case "--time" -> time = Integer.parseInt(args[++i]);
                case "--warmup" -> warmup = Integer.parseInt(args[++i]);
                case "--tables" -> tables = Integer.parseInt(args[++i]);
                case "--table-size" -> size = Integer.parseInt(args[++i]);
                case "--threads" -> threads = Integer.parseInt(args[++i]);
                case "--kills" -> kills = Integer.parseInt(args[++i]);
                case "--quick" -> quick = true;
                case "--work" -> work = Path.of(args[++i]);
                case "--galera-tool" -> tool = Path.of(args[++i]);
                case "--only" -> only = Set.of(args[++i].split(","));
                case "--logs" -> logs = Path.of(args[++i]);
                default -> throw new IllegalArgumentException("unknown argument " + a);
            }
        }
        if (work == null) {
            throw new IllegalArgumentException("--work DIR is required");
        }
        // --quick: ~10 s runs; the kill count stays what was asked (default 20: the task's minimum)
        return new Settings(time != null ? time : quick ? 10 : 30, tables, size, threads, kills != null ? kills : 20,
                quick, work, tool, only, logs, warmup != null ? warmup : quick ? 5 : 10);
    }
}
