package com.wolfscale.bench;

import com.wolfscale.config.HostPort;
import com.wolfscale.config.Secret;
import com.wolfscale.proxy.ProxyConfig;
import com.wolfscale.proxy.ProxyServer;
import com.wolfscale.proxy.TestCluster;
import com.wolfscale.sandbox.MariaDbInstance;
import com.wolfscale.sandbox.MariaDbOptions;
import com.wolfscale.sandbox.MariaDbSandbox;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Proxy overhead against one MariaDB started here (and destroyed at the end): sysbench
 * {@code oltp_point_select}, {@code oltp_read_only} and {@code oltp_read_write} (prepared statements) at 8
 * and 32 threads, directly and through an in-process proxy in front of the same server, alternating; then
 * a connection storm from a separate process (2,000 idle logged-in connections, the proxy's heap measured
 * after a full GC before and with them, then 200 connects/s). The last line is one JSON object.
 *
 * <p>Usage: {@code ProxyBenchmark [SECONDS_PER_RUN] [IDLE] [RATE] [STORM_SECONDS]} (defaults 10 2000 200 5).
 */
public final class ProxyBenchmark {

    private static final Pattern QPS = Pattern.compile("queries:\\s+\\d+\\s+\\(([\\d.]+) per sec");
    private static final Pattern TPS = Pattern.compile("transactions:\\s+\\d+\\s+\\(([\\d.]+) per sec");
    private static final Pattern P95 = Pattern.compile("95th percentile:\\s+([\\d.]+)");
    private static final Pattern ERRORS = Pattern.compile("ignored errors:\\s+(\\d+)");

    record Run(double qps, double tps, double p95Ms, long errors) {
    }

    public static void main(String[] args) throws Exception {
        int seconds = args.length > 0 ? Integer.parseInt(args[0]) : 10;
        int idle = args.length > 1 ? Integer.parseInt(args[1]) : 2000;
        int rate = args.length > 2 ? Integer.parseInt(args[2]) : 200;
        int stormSeconds = args.length > 3 ? Integer.parseInt(args[3]) : 5;
        Path root = Path.of(System.getProperty("java.io.tmpdir"), "wolfscale-bench-proxy");
        Map<String, Object> json = new LinkedHashMap<>();
        try (MariaDbSandbox sandbox = MariaDbSandbox.open(root)) {
            MariaDbInstance db = sandbox.start(1, MariaDbOptions.defaults().withSettings("max_connections=2600",
                    "innodb_buffer_pool_size=256M", "innodb_flush_log_at_trx_commit=2", "sync_binlog=0",
                    "thread_cache_size=64", "max_prepared_stmt_count=200000", "table_open_cache=2000")).get(0);
            try {
                db.execute("CREATE USER sbtest@'%' IDENTIFIED BY 'sbtest-pw'", "GRANT ALL ON *.* TO sbtest@'%'",
                        "CREATE DATABASE sbtest");
                HostPort direct = new HostPort(db.host(), db.port());
                ProxyConfig config = ProxyConfig.plain(new HostPort("127.0.0.1", freePort()),
                        new ProxyConfig.AccountReader("root", new Secret(""))).withMaxConnections(10_000);
                Optional<TcpRelay> relay = TcpRelay.start(direct, freePort());
                if (relay.isEmpty()) {
                    System.out.println("haproxy not installed: no TCP-relay baseline (apt-get install haproxy)");
                }
                try (ProxyServer proxy = ProxyServer.start(config, TestCluster.leader(direct))) {
                    sysbench("oltp_read_write", direct, 8, 0, "prepare");
                    for (String workload : System.getProperty("bench.workloads",
                            "oltp_point_select,oltp_read_only,oltp_read_write").split(",")) {
                        for (String t : System.getProperty("bench.threads", "8,32").split(",")) {
                            int threads = Integer.parseInt(t);
                            Run d = sysbench(workload, direct, threads, seconds, "run");
                            Run p = sysbench(workload, proxy.address(), threads, seconds, "run");
                            report(json, workload, threads, d, p);
                            if (relay.isPresent()) {
                                Run r = sysbench(workload, relay.get().address(), threads, seconds, "run");
                                reportRelay(json, workload, threads, d, p, r);
                            }
                        }
                    }
                    if (idle > 0) {
                        storm(json, proxy, idle, rate, stormSeconds);
                    }
                } finally {
                    if (relay.isPresent()) {
                        relay.get().close();
                    }
                }
            } finally {
                sandbox.destroy(db);
            }
        }
        json.put("targets_met", at(json, "point_select_ratio_8") >= 0.85 && at(json, "point_select_ratio_32") >= 0.85
                && at(json, "read_write_ratio") >= 0.85 && at(json, "added_p95_ms") <= 0.3
                && at(json, "heap_per_idle_conn_kib") <= 64);
        System.out.println(toJson(json));
    }

    private static double at(Map<String, Object> json, String key) {
        Object v = json.get(key);
        return v instanceof Number n ? n.doubleValue() : Double.NaN;
    }

    private static void report(Map<String, Object> json, String workload, int threads, Run d, Run p) {
        String key = workload.replace("oltp_", "");
        double ratio = round(p.qps() / d.qps());
        System.out.printf(Locale.ROOT, "%-18s %2d threads: direct %9.0f qps p95 %6.2f ms | proxy %9.0f qps p95 %6.2f ms"
                + " | ratio %.3f | errors %d/%d%n", workload, threads, d.qps(), d.p95Ms(), p.qps(), p.p95Ms(), ratio,
                d.errors(), p.errors());
        json.put(key + "_ratio_" + threads, ratio);
        json.put(key + "_qps_direct_" + threads, Math.round(d.qps()));
        json.put(key + "_qps_proxy_" + threads, Math.round(p.qps()));
        json.put(key + "_p95_ms_direct_" + threads, d.p95Ms());
        json.put(key + "_p95_ms_proxy_" + threads, p.p95Ms());
        if (workload.equals("oltp_point_select") && threads == 8) {
            json.put("added_p95_ms", round(p.p95Ms() - d.p95Ms()));
        }
        if (workload.equals("oltp_read_write")) {
            Object other = json.get("read_write_ratio");
            json.put("read_write_ratio", other == null ? ratio : Math.min((double) other, ratio));
        }
        if (p.errors() > 0) {
            json.put("proxy_errors", (long) json.getOrDefault("proxy_errors", 0L) + p.errors());
        }
    }

    /**
     * The same workload through a relay that only copies bytes (haproxy, TCP mode): on a machine where the
     * client and the server already fill the cores, this is what any hop in between costs.
     */
    private static void reportRelay(Map<String, Object> json, String workload, int threads, Run d, Run p, Run r) {
        String key = workload.replace("oltp_", "");
        double ratio = round(r.qps() / d.qps());
        System.out.printf(Locale.ROOT, "%-18s %2d threads: haproxy TCP relay %9.0f qps p95 %6.2f ms | ratio %.3f | "
                + "WolfScale proxy / relay %.3f%n", workload, threads, r.qps(), r.p95Ms(), ratio, round(p.qps() / r.qps()));
        json.put(key + "_relay_ratio_" + threads, ratio);
        json.put(key + "_proxy_vs_relay_" + threads, round(p.qps() / r.qps()));
    }

    private static void storm(Map<String, Object> json, ProxyServer proxy, int idle, int rate, int seconds)
            throws Exception {
        long before = heapAfterGc();
        String java = ProcessHandle.current().info().command().orElse("java");
        Process child = new ProcessBuilder(java, "-Xss256k", "-cp", System.getProperty("java.class.path"),
                ConnectionStorm.class.getName(), proxy.address().host(), Integer.toString(proxy.address().port()),
                "sbtest", "sbtest-pw", Integer.toString(idle), Integer.toString(rate), Integer.toString(seconds))
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
             PrintWriter in = new PrintWriter(child.getOutputStream(), true)) {
            String idleLine = out.readLine();
            System.out.println("connection storm: " + idleLine + ", proxy sessions " + proxy.sessionCount());
            long with = heapAfterGc();
            double perConnKib = (with - before) / 1024.0 / Math.max(1, proxy.sessionCount());
            json.put("idle_connections", proxy.sessionCount());
            json.put("heap_per_idle_conn_kib", round(perConnKib));
            in.println("storm");
            String[] storm = out.readLine().split(" ");
            json.put("storm_connect_p50_ms", Double.parseDouble(storm[1]));
            json.put("storm_connect_p99_ms", Double.parseDouble(storm[2]));
            json.put("storm_failures", Integer.parseInt(storm[3]));
            json.put("storm_rate_per_s", rate);
            System.out.println("storm: connect p50 " + storm[1] + " ms, p99 " + storm[2] + " ms, failures " + storm[3]
                    + "; heap per idle connection " + round(perConnKib) + " KiB");
            in.println("quit");
        } finally {
            if (!child.waitFor(30, TimeUnit.SECONDS)) {
                child.destroyForcibly();
            }
        }
    }

    private static long heapAfterGc() throws InterruptedException {
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(200);
        }
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    static Run sysbench(String workload, HostPort target, int threads, int seconds, String command)
            throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of("sysbench", workload, "--db-driver=mysql",
                "--mysql-host=" + target.host(), "--mysql-port=" + target.port(), "--mysql-user=sbtest",
                "--mysql-password=sbtest-pw", "--mysql-db=sbtest", "--tables=4", "--table-size=10000",
                "--threads=" + threads, "--percentile=95", "--db-ps-mode=auto"));
        if (seconds > 0) {
            cmd.add("--time=" + seconds);
        }
        cmd.add(command);
        Path log = Files.createTempFile("sysbench", ".log");
        try {
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
            if (!p.waitFor(seconds + 120L, TimeUnit.SECONDS) || p.exitValue() != 0) {
                p.destroyForcibly();
                throw new IOException("sysbench " + workload + " " + command + " against " + target + " failed:\n"
                        + Files.readString(log));
            }
            String out = Files.readString(log);
            return command.equals("run") ? new Run(find(QPS, out), find(TPS, out), find(P95, out), (long) find(ERRORS, out))
                    : new Run(0, 0, 0, 0);
        } finally {
            Files.delete(log);
        }
    }

    private static double find(Pattern p, String text) {
        Matcher m = p.matcher(text);
        return m.find() ? Double.parseDouble(m.group(1)) : Double.NaN;
    }

    private static double round(double v) {
        return Math.round(v * 1000) / 1000.0;
    }

    private static int freePort() throws IOException {
        return com.wolfscale.sandbox.LoopbackPorts.next();
    }

    private static String toJson(Map<String, Object> map) {
        StringBuilder sb = new StringBuilder("{");
        map.forEach((k, v) -> sb.append(sb.length() > 1 ? ", " : "").append('"').append(k).append("\": ").append(v));
        return sb.append('}').toString();
    }
}
