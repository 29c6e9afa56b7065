package com.wolfscale.testkit;

import com.wolfscale.sandbox.MariaDbInstance;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * One {@code wolfscale start} process of a test cluster, with its own MariaDB. It can be stopped (SIGTERM),
 * killed (SIGKILL), frozen (SIGSTOP) and restarted with its data; its output goes to {@code node.log}.
 */
public final class NodeProcess {

    private final String id;
    private final Path dir;
    private final Path config;
    private final MariaDbInstance db;
    private final int apiPort;
    private final int proxyPort;
    private Process process;

    NodeProcess(String id, Path dir, Path config, MariaDbInstance db, int apiPort, int proxyPort) {
        this.id = id;
        this.dir = dir;
        this.config = config;
        this.db = db;
        this.apiPort = apiPort;
        this.proxyPort = proxyPort;
    }

    /** JDBC URL of the node's MySQL-protocol proxy. */
    public String proxyJdbcUrl() {
        return "jdbc:mariadb://127.0.0.1:" + proxyPort + "/";
    }

    /** The port of the node's MySQL-protocol proxy on 127.0.0.1. */
    public int proxyPort() {
        return proxyPort;
    }

    /** Waits until the node's HTTP API answers {@code GET /status} with 200 (it binds after the cluster starts). */
    public void awaitApi(java.time.Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            try {
                if (HttpCalls.get(apiUrl() + "/status").status() == 200) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            }
            Thread.sleep(200);
        }
        throw new AssertionError(id + "'s API did not come up within " + timeout + ":\n" + logTail(40)
                + "\n" + threadDump());
    }

    /**
     * The node's thread stacks ({@code jcmd PID Thread.print}), for a timeout that the log alone does not
     * explain (a node that logged "LEADER" and then nothing for 30 s once). Empty when it is not running.
     */
    public String threadDump() {
        Optional<Long> pid = pid();
        if (pid.isEmpty() || !isAlive()) {
            return "";
        }
        Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
        try {
            Process p = new ProcessBuilder(jcmd.toString(), String.valueOf(pid.get()), "Thread.print")
                    .redirectErrorStream(true).start();
            byte[] out = p.getInputStream().readAllBytes();
            p.waitFor(20, java.util.concurrent.TimeUnit.SECONDS);
            return "--- " + id + " threads ---\n" + new String(out, java.nio.charset.StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "--- " + id + " threads: jcmd failed: " + e.getMessage();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "";
        }
    }

    /** Base URL of the node's HTTP API, e.g. {@code http://127.0.0.1:40123}. */
    public String apiUrl() {
        return "http://127.0.0.1:" + apiPort;
    }

    public String id() {
        return id;
    }

    public MariaDbInstance db() {
        return db;
    }

    public Path dir() {
        return dir;
    }

    public Path config() {
        return config;
    }

    public synchronized void start() throws IOException {
        start(new String[0]);
    }

    /** Starts the node with extra {@code wolfscale start} arguments (e.g. {@code --bootstrap}). */
    public synchronized void start(String... extra) throws IOException {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.add("-Xmx384m");
        cmd.add("-Xlog:gc:file=" + dir.resolve("gc.log"));
        cmd.add("--enable-native-access=ALL-UNNAMED");
        // e.g. -Dwolfscale.test.nodeJvmOptions="-XX:StartFlightRecording=filename=/tmp/node.jfr" to profile nodes
        for (String option : System.getProperty("wolfscale.test.nodeJvmOptions", "").split(" ")) {
            if (!option.isBlank()) {
                cmd.add(option.replace("{node}", id));
            }
        }
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add("com.wolfscale.node.WolfscaleCommand");
        cmd.add("start");
        cmd.add("-c");
        cmd.add(config.toString());
        cmd.addAll(List.of(extra));
        process = new ProcessBuilder(cmd).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("node.log").toFile())).start();
    }

    public synchronized boolean isAlive() {
        return process != null && process.isAlive();
    }

    public synchronized Optional<Long> pid() {
        return process == null ? Optional.empty() : Optional.of(process.pid());
    }

    /** SIGKILL, and wait until it is gone. */
    public synchronized void kill() throws InterruptedException {
        if (process != null) {
            process.destroyForcibly();
            process.waitFor(30, TimeUnit.SECONDS);
        }
    }

    /** SIGTERM (clean shutdown), and wait until it is gone. */
    public synchronized void stop() throws InterruptedException {
        if (process != null && process.isAlive()) {
            process.destroy();
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor(10, TimeUnit.SECONDS);
            }
        }
    }

    public void freeze() throws IOException, InterruptedException {
        signal("STOP");
    }

    public void thaw() throws IOException, InterruptedException {
        signal("CONT");
    }

    private void signal(String sig) throws IOException, InterruptedException {
        Optional<Long> pid = pid();
        if (pid.isPresent()) {
            new ProcessBuilder("kill", "-" + sig, pid.get().toString()).start().waitFor(5, TimeUnit.SECONDS);
        }
    }

    /** The last lines of the node's log, for failure messages. */
    public String logTail(int lines) {
        try {
            List<String> all = Files.readAllLines(dir.resolve("node.log"), StandardCharsets.UTF_8);
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException e) {
            return "(no log)";
        }
    }

    @Override
    public String toString() {
        return id + " (MariaDB " + db.port() + ")";
    }
}
