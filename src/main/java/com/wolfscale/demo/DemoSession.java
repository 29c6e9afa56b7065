package com.wolfscale.demo;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * A running demo: prints how to connect, then the cluster's status every {@link #REFRESH} (when it
 * changed), and carries out the commands typed on standard input until {@code quit}, the end of input
 * or the end of {@code --duration}. Stopping the cluster is the caller's (it also runs on Ctrl+C).
 */
public final class DemoSession {

    static final Duration REFRESH = Duration.ofSeconds(2);
    /** How long the cluster may take to elect its first leader before the demo says so. */
    static final Duration FIRST_LEADER = Duration.ofSeconds(120);

    private final DemoCluster cluster;
    private final DemoOptions options;
    private final PrintStream out;
    private final StatusBoard board;
    private final CountDownLatch done = new CountDownLatch(1);

    public DemoSession(DemoCluster cluster, DemoOptions options, PrintStream out) {
        this.cluster = cluster;
        this.options = options;
        this.out = out;
        this.board = new StatusBoard(cluster);
    }

    /** Runs until quit / end of input / duration; returns normally in every case. */
    public void run(InputStream in) throws InterruptedException {
        printConnectionHelp();
        awaitFirstLeader();
        if (options.interactive()) {
            out.print(DemoConsole.help(cluster.temporary()));
            Thread.ofPlatform().daemon().name("demo-console").start(() -> readCommands(in));
        }
        Thread.ofPlatform().daemon().name("demo-status").start(this::refreshStatus);
        if (options.duration().isPresent()) {
            done.await(options.duration().get().toMillis(), TimeUnit.MILLISECONDS);
        } else {
            done.await();
        }
        finish(); // the duration is over: no more status while the cluster stops
    }

    /** Ends {@link #run} and the status output (the cluster is being stopped). */
    public void finish() {
        done.countDown();
    }

    private void printConnectionHelp() {
        out.println();
        out.println("WolfScale demo: " + cluster.nodes().size() + " nodes, data in " + cluster.root()
                + (cluster.temporary() ? " (temporary: deleted on exit)" : " (kept on exit)"));
        for (DemoNode n : cluster.nodes()) {
            out.println(n.id() + "  proxy: mariadb -h127.0.0.1 -P " + n.ports().proxy() + " -u" + DemoCluster.APP_USER
                    + " -p" + DemoCluster.APP_PASSWORD);
            out.println(n.id() + "  API:   " + n.apiUrl() + "   (bin/wolfctl -e " + n.apiUrl() + " list servers)");
            out.println(n.id() + "  MariaDB 127.0.0.1:" + n.db().port() + " (root, no password), log " + n.log());
        }
        out.println("API token (for POST endpoints and wolfctl admin commands): " + cluster.apiToken()
                + "   e.g. bin/wolfctl -c " + cluster.nodes().get(0).config() + " demote");
        out.println();
    }

    private void awaitFirstLeader() throws InterruptedException {
        long deadline = System.nanoTime() + FIRST_LEADER.toNanos();
        java.util.Set<String> reported = new java.util.HashSet<>();
        while (System.nanoTime() < deadline) {
            for (DemoNode n : cluster.nodes()) {
                if (!n.running() && reported.add(n.id())) { // e.g. a --base-port already in use
                    out.println(n.id() + " exited while starting; the end of " + n.log() + ":\n" + logTail(n, 8));
                }
            }
            if (reported.size() == cluster.nodes().size()) {
                out.println("every node exited: see their logs above" + (options.interactive() ? "; type quit" : ""));
                return;
            }
            String status = board.render();
            if (board.leader().isPresent()) {
                out.print(status);
                out.println("cluster ready: leader " + board.leader().get());
                return;
            }
            Thread.sleep(500);
        }
        out.print(board.render());
        out.println("no leader after " + FIRST_LEADER.toSeconds() + " s: see the node logs above ("
                + cluster.nodes().get(0).log() + ")");
    }

    private static String logTail(DemoNode n, int lines) {
        try {
            java.util.List<String> all = java.nio.file.Files.readAllLines(n.log(), StandardCharsets.UTF_8);
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    private void refreshStatus() {
        String last = "";
        while (done.getCount() > 0) {
            try {
                Thread.sleep(REFRESH);
            } catch (InterruptedException e) {
                return;
            }
            String status = board.render();
            String content = status.substring(status.indexOf(']') + 1); // the time alone is no change
            if (!content.equals(last) && done.getCount() > 0) {
                out.print(status);
                last = content;
            }
        }
    }

    private void readCommands(InputStream in) {
        DemoConsole console = new DemoConsole(cluster, board, out);
        try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            String line;
            while ((line = r.readLine()) != null) {
                if (!console.execute(line)) {
                    break;
                }
            }
        } catch (IOException e) {
            out.println("standard input failed (" + e.getMessage() + "): stopping");
        }
        done.countDown();
    }
}
