package com.wolfscale.bench;

import static com.wolfscale.bench.ClusterBenchmark.*;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Runs sysbench for bench/cluster (prepare, run, the common warm-up) and reads its figures.
 */
final class Sysbench {

    private static final Pattern TPS = Pattern.compile("transactions:\\s+\\d+\\s+\\(([\\d.]+) per sec");
    private static final Pattern QPS = Pattern.compile("queries:\\s+\\d+\\s+\\(([\\d.]+) per sec");
    private static final Pattern P95 = Pattern.compile("95th percentile:\\s+([\\d.]+)");
    private static final Pattern ERRORS = Pattern.compile("ignored errors:\\s+(\\d+)");

    record Run(double tps, double qps, double p95Ms, long errors) {
    }

    private Sysbench() {
    }

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

    static void report(String system, String workload, Run r, String extra) {
        say("%-9s %-16s %8.1f tps %9.1f qps  p95 %7.2f ms  errors %d%s", system, workload, r.tps(), r.qps(), r.p95Ms(),
                r.errors(), extra.isEmpty() ? "" : "  " + extra);
    }

    static double find(Pattern p, String text) {
        Matcher m = p.matcher(text);
        return m.find() ? Double.parseDouble(m.group(1)) : Double.NaN;
    }
}
