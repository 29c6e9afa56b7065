package com.wolfscale.bench;

import static com.wolfscale.bench.FailoverRun.*;
import static com.wolfscale.bench.BaselineClusters.*;
import static com.wolfscale.bench.Sysbench.*;

import com.fasterxml.jackson.databind.JsonNode;
import com.wolfscale.sandbox.MariaDbInstance;
import com.wolfscale.testkit.HttpCalls;
import com.wolfscale.testkit.NodeProcess;
import com.wolfscale.testkit.TestCluster;
import java.io.IOException;
import java.net.InetAddress;
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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;

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


    /** Cleanups still to run (newest last); the shutdown hook runs what is left after Ctrl+C or SIGTERM. */
    static final List<Runnable> CLEANUPS = Collections.synchronizedList(new ArrayList<>());

    record Settings(int time, int tables, int tableSize, int threads, int kills, boolean quick, Path work,
                    Path galeraTool, Set<String> only, Path logs, int warmup) {
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

    static void phase(String name, Settings s, Map<String, Object> json, Phase p) {
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

    static void statsLine(NodeProcess leader) {
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

    static void closeQuietly(Connection c) {
        if (c != null) {
            try {
                c.close();
            } catch (SQLException | RuntimeException ignored) {
                // the connection is gone anyway
            }
        }
    }

    static void sleepMs(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    static Runnable once(Runnable r) {
        AtomicBoolean done = new AtomicBoolean();
        return () -> {
            if (done.compareAndSet(false, true)) {
                r.run();
            }
        };
    }

    static void cleanupAll() {
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

    static double round(double v, int digits) {
        double f = Math.pow(10, digits);
        return Math.round(v * f) / f;
    }

    static Double num(Map<String, Object> json, String key) {
        return json.get(key) instanceof Number n ? n.doubleValue() : null;
    }

    static Boolean atLeast(Map<String, Object> json, String key, double min) {
        Double v = num(json, key);
        return v == null ? null : v >= min;
    }

    static Boolean atMost(Map<String, Object> json, String key, double max) {
        Double v = num(json, key);
        return v == null ? null : v <= max;
    }

    static String met(Object b) {
        return b == null ? "NOT MEASURED" : (Boolean) b ? "met" : "NOT MET";
    }

    static String firstLine(String s) {
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
