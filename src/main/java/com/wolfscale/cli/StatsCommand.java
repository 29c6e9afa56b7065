package com.wolfscale.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.wolfscale.api.OriginalNames;
import com.wolfscale.api.model.StatsView;
import java.io.PrintWriter;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code wolfctl stats}: live view refreshed every second until Ctrl+C — throughput (WAL records per
 * second from the change of the node's last LSN), commit latency, per-node lag, recent errors, busy
 * sessions and a graph of the last {@value #GRAPH_WIDTH} seconds. {@code --once} prints one frame (two
 * samples one interval apart) for scripts.
 */
@Command(name = "stats", mixinStandardHelpOptions = true,
        description = "Live throughput, commit latency, lag, errors (Ctrl+C to stop; --once for one frame).")
final class StatsCommand implements Callable<Integer> {

    static final int GRAPH_WIDTH = 40;
    private static final int GRAPH_HEIGHT = 6;

    @Option(names = "--once", description = "Print one frame and exit.")
    boolean once;

    @Option(names = "--interval", defaultValue = "1000", paramLabel = "MS", description = "Refresh interval (default 1000 ms).")
    long intervalMs;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    private final Deque<Double> history = new ArrayDeque<>();
    private double peak;
    private long firstLsn = -1;
    private long startNanos;

    @Override
    public Integer call() throws Exception {
        Wolfctl root = Wolfctl.root(spec);
        ApiClient client = root.client();
        PrintWriter out = spec.commandLine().getOut();
        JsonNode prev = client.get("/stats");
        startNanos = System.nanoTime();
        long prevNanos = startNanos;
        while (true) {
            Thread.sleep(intervalMs);
            JsonNode now = client.get("/stats");
            long nowNanos = System.nanoTime();
            StatsView a = ApiClient.convert(prev, StatsView.class);
            StatsView b = ApiClient.convert(now, StatsView.class);
            double rate = Math.max(0, b.currentLsn() - a.currentLsn()) / ((nowNanos - prevNanos) / 1e9);
            record(a, rate);
            if (root.json) {
                out.println(now.toString());
            } else {
                if (!once) {
                    out.print("\033[H\033[2J");
                }
                frame(out, b, rate, nowNanos);
            }
            out.flush();
            if (once) {
                return 0;
            }
            prev = now;
            prevNanos = nowNanos;
        }
    }

    private void record(StatsView first, double rate) {
        if (firstLsn < 0) {
            firstLsn = first.currentLsn();
        }
        history.addLast(rate);
        while (history.size() > GRAPH_WIDTH) {
            history.removeFirst();
        }
        peak = Math.max(peak, rate);
    }

    void frame(PrintWriter out, StatsView s, double rate, long nowNanos) {
        double elapsed = Math.max(1e-9, (nowNanos - startNanos) / 1e9);
        long total = s.currentLsn() - firstLsn;
        out.printf(Locale.ROOT, "WolfScale stats: %s (%s), uptime %d s%n", s.nodeId(), OriginalNames.upper(s.role()),
                s.uptimeSeconds());
        out.printf(Locale.ROOT, "Throughput:     %.1f rec/s (avg %.1f, peak %.1f, %d records while watching)%n",
                rate, total / elapsed, peak, total);
        StatsView.Latency l = s.commitLatency();
        out.println(l == null || l.count() == 0 ? "Commit latency: - (nothing committed through this node)"
                : String.format(Locale.ROOT, "Commit latency: p50 %.2f ms, p99 %.2f ms, max %.2f ms (%d commits)",
                l.p50Ms(), l.p99Ms(), l.maxMs(), l.count()));
        out.printf(Locale.ROOT, "LSN:            last %d, commit %d, applied %d; %d node(s), %d active%n",
                s.currentLsn(), s.commitLsn(), s.appliedLsn(), s.clusterSize(), s.activeNodes());
        out.println("Other nodes:");
        for (StatsView.Follower f : s.followers()) {
            out.printf(Locale.ROOT, "  %-16s %-15s applied %-10d lag %d rec / %d ms%n", f.nodeId(),
                    OriginalNames.upper(f.status()), f.lastAppliedLsn(), f.lag(), f.lagMs());
        }
        out.println("Recent errors:" + (s.recentErrors().isEmpty() ? " none" : ""));
        s.recentErrors().forEach(e -> out.println("  " + e.timestamp() + " " + e.level() + " " + e.message()));
        if (!s.processlist().isEmpty()) {
            out.println("Busy sessions:");
            s.processlist().stream().limit(8).forEach(p -> out.printf(Locale.ROOT, "  %-8d %-12s %-10s %5d s %s%n",
                    p.id(), p.user(), p.command(), p.time(), p.info() == null ? "" : p.info()));
        }
        graph(out);
    }

    /** Columns of '#' scaled to the peak of the window, newest on the right. */
    void graph(PrintWriter out) {
        double max = history.stream().mapToDouble(Double::doubleValue).max().orElse(0);
        out.printf(Locale.ROOT, "Throughput, last %d samples (max %.1f rec/s):%n", GRAPH_WIDTH, max);
        for (int row = GRAPH_HEIGHT; row >= 1; row--) {
            StringBuilder line = new StringBuilder("  |");
            for (int i = 0; i < GRAPH_WIDTH - history.size(); i++) {
                line.append(' ');
            }
            for (double v : history) {
                line.append(max > 0 && v / max * GRAPH_HEIGHT >= row - 0.5 ? '#' : ' ');
            }
            out.println(line);
        }
        out.println("  +" + "-".repeat(GRAPH_WIDTH));
    }
}
