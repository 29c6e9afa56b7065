package com.wolfscale.testkit;

import com.wolfscale.demo.DemoConfig;
import com.wolfscale.demo.NodePorts;
import com.wolfscale.sandbox.MariaDbInstance;
import com.wolfscale.sandbox.MariaDbOptions;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A real WolfScale cluster for a test class: N MariaDB servers and N {@code wolfscale start} processes
 * configured from generated {@code wolfscale.toml} files, on free loopback ports. Everything is destroyed
 * after the class (also on failure). {@code @RegisterExtension static final TestCluster C = TestCluster.of(3);}
 */
public final class TestCluster implements BeforeAllCallback, AfterAllCallback {

    public static final String SECRET = "test-cluster-secret-0123456789abcdef";
    /** [api] token of every node. */
    public static final String API_TOKEN = "test-token";
    /** What an application account has: everything but the administrative privileges that bypass read_only. */
    public static final String APP_PRIVILEGES = MariaDbInstance.APP_PRIVILEGES;

    /**
     * What every node's MariaDB gets on top of the sandbox defaults (which already make commits durable:
     * sync_binlog=1, innodb_flush_log_at_trx_commit=1). Benchmarks give the same to the systems they compare.
     */
    public static final List<String> NODE_DB_SETTINGS = MariaDbOptions.wolfscaleNode().extraSettings();

    private final int size;
    private final UnaryOperator<String> configTweak;
    /** Nodes started with the cluster; the others (highest ids) are configured and started by the test. */
    private int startedAtFirst;
    private final List<NodeProcess> nodes = new ArrayList<>();
    private List<MariaDbInstance> dbs = List.of();
    private Path root;

    private TestCluster(int size, UnaryOperator<String> configTweak) {
        this.size = size;
        this.configTweak = configTweak;
        this.startedAtFirst = size;
    }

    /**
     * Starts only the first {@code n} node processes (every node's MariaDB starts, empty, and every config
     * names all nodes): the test starts the rest later, as nodes joining a running cluster.
     */
    public TestCluster startingOnly(int n) {
        this.startedAtFirst = n;
        return this;
    }

    public static TestCluster of(int size) {
        return new TestCluster(size, s -> s);
    }

    /** @param tweak rewrites each node's generated TOML (e.g. to add keys) */
    public static TestCluster of(int size, UnaryOperator<String> tweak) {
        return new TestCluster(size, tweak);
    }

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        start();
    }

    /** Starts the servers and the node processes (also usable outside JUnit, e.g. from a benchmark). */
    public void start() throws Exception {
        root = Files.createTempDirectory("wolfscale-cluster");
        dbs = MariaDbServers.sandbox().start(size, MariaDbOptions.wolfscaleNode());
        for (MariaDbInstance db : dbs) {
            db.createAppAccount("app", "app");
        }
        int[] clusterPorts = freePorts(size * 3);
        for (int i = 0; i < size; i++) {
            String id = "node-" + (char) ('a' + i);
            Path dir = Files.createDirectories(root.resolve(id));
            Path config = dir.resolve("wolfscale.toml");
            Files.writeString(config, configTweak.apply(config(i, id, dir, clusterPorts)), StandardCharsets.UTF_8);
            nodes.add(new NodeProcess(id, dir, config, dbs.get(i), clusterPorts[i * 3 + 1], clusterPorts[i * 3 + 2]));
        }
        for (NodeProcess n : nodes.subList(0, startedAtFirst)) {
            n.start();
        }
        // a node's API and proxy bind after it joined the cluster: tests start once every node serves them
        for (NodeProcess n : nodes.subList(0, startedAtFirst)) {
            n.awaitApi(Duration.ofSeconds(90));
        }
    }

    private String config(int i, String id, Path dir, int[] ports) {
        List<NodePorts> all = new ArrayList<>();
        for (int j = 0; j < size; j++) {
            all.add(new NodePorts(ports[j * 3], ports[j * 3 + 1], ports[j * 3 + 2]));
        }
        return DemoConfig.render(i, all, dir.resolve("data"), dbs.get(i).port(), 4000 + i, SECRET, API_TOKEN);
    }

    @Override
    public void afterAll(ExtensionContext context) {
        close(context.getRequiredTestClass().getSimpleName());
    }

    /** Kills every node, destroys the servers, and keeps the node logs under target/cluster-logs/NAME. */
    public void close(String name) {
        Path keep = Path.of("target", "cluster-logs", name);
        for (NodeProcess n : nodes) {
            try {
                n.kill();
                Files.createDirectories(keep);
                Files.copy(n.dir().resolve("node.log"), keep.resolve(n.id() + ".log"),
                        java.nio.file.StandardCopyOption.REPLACE_EXISTING);
                if (Files.exists(n.dir().resolve("gc.log"))) {
                    Files.copy(n.dir().resolve("gc.log"), keep.resolve(n.id() + "-gc.log"),
                            java.nio.file.StandardCopyOption.REPLACE_EXISTING);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (IOException e) {
                // no log to keep
            }
        }
        dbs.forEach(MariaDbServers.sandbox()::destroy);
        deleteTree(root);
    }

    public List<NodeProcess> nodes() {
        return nodes;
    }

    public NodeProcess node(char c) {
        return nodes.get(c - 'a');
    }

    /**
     * The node whose MariaDB takes writes (read_only=OFF), if exactly one running node does. A node whose
     * WolfScale process is dead does not count: its MariaDB may still be open, but commits there wait for
     * an acknowledgement that never comes.
     */
    public Optional<NodeProcess> writableNode() {
        List<NodeProcess> open = new ArrayList<>();
        for (NodeProcess n : nodes) {
            if (!n.isAlive()) {
                continue;
            }
            try (Connection c = n.db().connect(); Statement s = c.createStatement();
                 ResultSet rs = s.executeQuery("SELECT @@global.read_only")) {
                rs.next();
                if (rs.getInt(1) == 0) {
                    open.add(n);
                }
            } catch (SQLException e) {
                // its database is down: not writable
            }
        }
        return open.size() == 1 ? Optional.of(open.get(0)) : Optional.empty();
    }

    /** An application connection (no privilege to bypass read_only) to a node's MariaDB. */
    public static Connection app(NodeProcess n) throws SQLException {
        return java.sql.DriverManager.getConnection(n.db().jdbcUrl() + "?connectTimeout=5000", "app", "app");
    }

    /** Runs statements as the application account on a node. */
    public static void appExecute(NodeProcess n, String... sql) throws SQLException {
        try (Connection c = app(n); Statement s = c.createStatement()) {
            for (String q : sql) {
                s.execute(q);
            }
        }
    }

    /** Waits until the lowest-id node leads (the stable state once every node is up, with failback). */
    public NodeProcess awaitLeader(Duration timeout) throws InterruptedException {
        return awaitLeader(nodes.get(0).id(), timeout);
    }

    public NodeProcess awaitLeader(String id, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            Optional<NodeProcess> w = writableNode();
            if (w.isPresent() && (id == null || w.get().id().equals(id))) {
                return w.get();
            }
            Thread.sleep(100);
        }
        StringBuilder logs = new StringBuilder();
        nodes.forEach(n -> logs.append("\n--- ").append(n.id()).append(n.isAlive() ? " (running)" : " (not running)")
                .append(" ---\n").append(n.logTail(30)));
        nodes.forEach(n -> logs.append('\n').append(n.threadDump()));
        throw new AssertionError("no writable leader within " + timeout + logs);
    }

    /** CHECKSUM TABLE of every table of {@code schema} on one node. */
    public static Map<String, Long> checksums(MariaDbInstance db, String schema) throws SQLException {
        Map<String, Long> out = new LinkedHashMap<>();
        try (Connection c = db.connect(); Statement s = c.createStatement()) {
            List<String> tables = new ArrayList<>();
            try (ResultSet rs = s.executeQuery("SELECT TABLE_NAME FROM information_schema.TABLES WHERE TABLE_SCHEMA = '"
                    + schema + "' AND TABLE_TYPE = 'BASE TABLE' ORDER BY TABLE_NAME")) {
                while (rs.next()) {
                    tables.add(rs.getString(1));
                }
            }
            for (String t : tables) {
                try (ResultSet rs = s.executeQuery("CHECKSUM TABLE `" + schema + "`.`" + t + "` EXTENDED")) {
                    rs.next();
                    out.put(t, rs.getLong(2));
                }
            }
        }
        return out;
    }

    /** Waits until every node's tables of {@code schema} have the leader's checksums. */
    public void awaitConverged(String schema, Duration timeout) throws Exception {
        awaitConvergedOn(nodes, schema, timeout);
    }

    /** Waits until the tables of {@code schema} have the same checksums on the given nodes. */
    public void awaitConvergedOn(List<NodeProcess> among, String schema, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        Map<String, Map<String, Long>> last = Map.of();
        while (System.nanoTime() < deadline) {
            Map<String, Map<String, Long>> all = new LinkedHashMap<>();
            for (NodeProcess n : among) {
                try {
                    all.put(n.id(), checksums(n.db(), schema));
                } catch (SQLException e) {
                    all.put(n.id(), Map.of("error", -1L));
                }
            }
            if (all.values().stream().distinct().count() == 1 && !all.values().iterator().next().isEmpty()) {
                return;
            }
            last = all;
            Thread.sleep(200);
        }
        StringBuilder logs = new StringBuilder();
        nodes.forEach(n -> logs.append("\n--- ").append(n.id()).append(" ---\n").append(n.logTail(20)));
        throw new AssertionError("schema " + schema + " did not converge within " + timeout + ": " + last + logs);
    }

    static int[] freePorts(int n) throws IOException {
        return com.wolfscale.sandbox.LoopbackPorts.next(n); // below the ephemeral range: see LoopbackPorts
    }

    private static void deleteTree(Path dir) {
        if (dir == null) {
            return;
        }
        try (var walk = Files.walk(dir)) {
            walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // best effort
        }
    }
}
