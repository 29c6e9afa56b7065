package com.wolfscale.demo;

import com.wolfscale.sandbox.MariaDbBinaries;
import com.wolfscale.sandbox.MariaDbInstance;
import com.wolfscale.sandbox.MariaDbOptions;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;

/**
 * The demo's cluster on this machine: N MariaDB servers and N {@code wolfscale start} processes under one
 * directory, with an application account on every server. It owns everything it started and
 * {@link #close()} stops all of it (and deletes a temporary directory); {@code close} may run twice, from
 * {@code quit} and from the shutdown hook.
 */
public final class DemoCluster implements AutoCloseable {

    /** The application account created on every MariaDB before the nodes start. */
    public static final String APP_USER = "demo";
    public static final String APP_PASSWORD = "demo";
    /** MariaDB server ids 101, 102, ...; WolfScale's replica ids 4001, 4002, ... (all distinct). */
    private static final long DB_SERVER_ID_BASE = 100;
    private static final long REPLICA_SERVER_ID_BASE = 4000;

    private final Path root;
    private final boolean temporary;
    private final List<DemoNode> nodes;
    private final String apiToken;
    private boolean closed;

    private DemoCluster(Path root, boolean temporary, List<DemoNode> nodes, String apiToken) {
        this.root = root;
        this.temporary = temporary;
        this.nodes = nodes;
        this.apiToken = apiToken;
    }

    /**
     * Creates the directory and the nodes' layout (ports, MariaDB directories) without starting anything,
     * so the caller can register its clean-up before the first process exists.
     */
    public static DemoCluster prepare(DemoOptions options) throws IOException {
        MariaDbBinaries.locate(); // says what to install before anything is created
        boolean temporary = options.dir().isEmpty();
        Path root = temporary ? Files.createTempDirectory("wolfscale-demo-")
                : Files.createDirectories(options.dir().get().toAbsolutePath());
        List<NodePorts> ports = NodePorts.allocate(options.nodes(), options.basePort());
        List<DemoNode> nodes = new ArrayList<>();
        for (int i = 0; i < options.nodes(); i++) {
            Path dir = Files.createDirectories(root.resolve(DemoNode.idOf(i)));
            nodes.add(new DemoNode(i, dir, ports.get(i), MariaDbInstance.inDirectory(DemoNode.idOf(i),
                    dir.resolve("mariadb"), DB_SERVER_ID_BASE + 1 + i, MariaDbOptions.wolfscaleNode())));
        }
        return new DemoCluster(root, temporary, nodes, randomSecret());
    }

    /**
     * Starts the servers in parallel, creates the application account, writes the configurations (a new
     * cluster secret each run) and starts the nodes. On failure everything started so far is stopped.
     */
    public void start(PrintStream out) throws Exception {
        try {
            out.println("starting " + nodes.size() + " MariaDB servers in " + root + " ...");
            startDatabases();
            String secret = randomSecret();
            List<NodePorts> ports = nodes.stream().map(DemoNode::ports).toList();
            for (int i = 0; i < nodes.size(); i++) {
                DemoNode n = nodes.get(i);
                Files.writeString(n.config(), DemoConfig.render(i, ports, n.dataDir(), n.db().port(),
                        REPLICA_SERVER_ID_BASE + 1 + i, secret, apiToken), StandardCharsets.UTF_8);
            }
            out.println("starting " + nodes.size() + " WolfScale nodes (wolfscale start -c " + root
                    + "/node-?/wolfscale.toml) ...");
            for (DemoNode n : nodes) {
                n.start();
            }
        } catch (Exception | Error e) {
            close();
            throw e;
        }
    }

    private void startDatabases() throws Exception {
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<?>> started = new ArrayList<>();
            for (DemoNode n : nodes) {
                started.add(pool.submit(() -> {
                    n.db().start();
                    n.db().createAppAccount(APP_USER, APP_PASSWORD);
                    return null;
                }));
            }
            for (Future<?> f : started) {
                try {
                    f.get();
                } catch (java.util.concurrent.ExecutionException e) {
                    throw e.getCause() instanceof Exception c ? c : e;
                }
            }
        }
    }

    public Path root() {
        return root;
    }

    public boolean temporary() {
        return temporary;
    }

    public String apiToken() {
        return apiToken;
    }

    List<DemoNode> nodes() {
        return nodes;
    }

    /** The node named by its letter ("a") or id ("node-a"). */
    Optional<DemoNode> node(String name) {
        String n = name.trim().toLowerCase(java.util.Locale.ROOT);
        return nodes.stream().filter(d -> d.id().equals(n) || String.valueOf(d.letter()).equals(n)).findFirst();
    }

    /**
     * Stops the nodes (followers first, so the leader's handover does not wait for a node that is going
     * away too), then the servers, and deletes the directory if it was a temporary one.
     */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        List<DemoNode> order = new ArrayList<>(nodes);
        order.sort(Comparator.comparing(DemoNode::id).reversed()); // the lowest id is the likely leader: last
        try {
            for (DemoNode n : order) {
                n.stop();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            for (DemoNode n : order) {
                try {
                    n.kill();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            stopDatabases();
            if (temporary) {
                deleteTree(root);
            }
        }
    }

    private void stopDatabases() {
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            for (DemoNode n : nodes) {
                pool.submit(() -> n.db().stop());
            }
        }
    }

    private static String randomSecret() {
        byte[] b = new byte[24];
        new SecureRandom().nextBytes(b);
        return HexFormat.of().formatHex(b);
    }

    private static void deleteTree(Path dir) {
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException | UncheckedIOException e) {
            System.err.println("wolfscale demo: could not delete " + dir + " completely: " + e.getMessage()
                    + "; remove it by hand");
        }
    }
}
