package com.wolfscale.node.command;

import com.wolfscale.demo.DemoCluster;
import com.wolfscale.demo.DemoOptions;
import com.wolfscale.demo.DemoSession;
import com.wolfscale.node.LogSetup;
import com.wolfscale.sandbox.SandboxException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicBoolean;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code wolfscale demo}: a real cluster on this machine to connect to, watch and break. */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = {"Start a cluster on this machine: N MariaDB servers and N WolfScale nodes (child processes) "
                + "on loopback ports, with an application account demo/demo. Prints how to connect, then the "
                + "cluster's status; type kill/start/stop-db/start-db X or quit. Ctrl+C stops everything.",
                "Needs mariadbd (Debian/Ubuntu: sudo apt-get install mariadb-server)."})
public final class DemoCommand implements Callable<Integer> {

    @Option(names = "--nodes", defaultValue = "3", description = "Number of nodes (default: ${DEFAULT-VALUE}).")
    int nodes;

    @Option(names = "--base-port", paramLabel = "PORT", description = "Node i listens on PORT+3i (cluster), "
            + "PORT+3i+1 (HTTP API) and PORT+3i+2 (proxy); default: free ports.")
    Integer basePort;

    @Option(names = "--dir", paramLabel = "DIR", description = "Keep the data in DIR (reused by a later run) "
            + "instead of a temporary directory deleted on exit.")
    Path dir;

    @Option(names = "--no-interactive", description = "Do not read commands from standard input (for scripts); "
            + "needs --duration.")
    boolean noInteractive;

    @Option(names = "--duration", paramLabel = "SECONDS", description = "Stop by itself after this many seconds.")
    Long durationSeconds;

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    private final AtomicBoolean stopping = new AtomicBoolean();

    @Override
    public Integer call() throws Exception {
        DemoOptions options;
        try {
            options = new DemoOptions(nodes, basePort == null ? OptionalInt.empty() : OptionalInt.of(basePort),
                    Optional.ofNullable(dir), !noInteractive,
                    Optional.ofNullable(durationSeconds).map(Duration::ofSeconds));
        } catch (IllegalArgumentException e) {
            spec.commandLine().getErr().println("wolfscale demo: " + e.getMessage());
            return 2;
        }
        LogSetup.setLevel(Optional.ofNullable(System.getProperty("wolfscale.logLevel")).orElse("warn"));
        DemoCluster cluster;
        try {
            cluster = DemoCluster.prepare(options);
        } catch (SandboxException e) {
            spec.commandLine().getErr().println("wolfscale demo: " + e.getMessage());
            return 1;
        }
        DemoSession session = new DemoSession(cluster, options, System.out);
        Thread stopper = new Thread(() -> {
            session.finish();
            stop(cluster);
        }, "demo-shutdown");
        Runtime.getRuntime().addShutdownHook(stopper); // Ctrl+C, SIGTERM: also while starting
        try {
            cluster.start(System.out);
        } catch (SandboxException e) {
            spec.commandLine().getErr().println("wolfscale demo: " + e.getMessage());
            return 1; // start() stopped what it had started; the hook reports and deletes the directory
        }
        session.run(System.in);
        stop(cluster);
        try {
            Runtime.getRuntime().removeShutdownHook(stopper);
        } catch (IllegalStateException shuttingDown) {
            // a signal ended the session: the hook has stopped (or is stopping) the cluster
        }
        return 0;
    }

    /**
     * Runs from the main thread (quit, duration) or the shutdown hook (signal), possibly both: the first
     * reports, and both wait in {@link DemoCluster#close()} so the JVM does not halt half-way through.
     */
    private void stop(DemoCluster cluster) {
        boolean first = stopping.compareAndSet(false, true);
        if (first) {
            System.out.println("stopping the nodes and MariaDB servers ...");
        }
        cluster.close();
        if (!first) {
            return;
        }
        System.out.println(cluster.temporary() ? "stopped; deleted " + cluster.root()
                : "stopped; the data stays in " + cluster.root() + " (run wolfscale demo --dir " + cluster.root()
                + " to start it again)");
    }
}
