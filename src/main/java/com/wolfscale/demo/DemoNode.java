package com.wolfscale.demo;

import com.wolfscale.sandbox.MariaDbInstance;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * One demo node: its MariaDB and its {@code wolfscale start} child process (a real process, so killing it
 * is a real crash), with the node's files under one directory: {@code wolfscale.toml}, {@code data/}
 * (WAL and state), {@code node.log} and {@code mariadb/}.
 */
final class DemoNode {

    private final int index;
    private final Path dir;
    private final NodePorts ports;
    private final MariaDbInstance db;
    private volatile Process process;

    DemoNode(int index, Path dir, NodePorts ports, MariaDbInstance db) {
        this.index = index;
        this.dir = dir;
        this.ports = ports;
        this.db = db;
    }

    /** node-a, node-b, ...: the ids sort in start order, so node-a is the preferred leader. */
    static String idOf(int index) {
        return "node-" + letterOf(index);
    }

    static char letterOf(int index) {
        return (char) ('a' + index);
    }

    String id() {
        return idOf(index);
    }

    char letter() {
        return letterOf(index);
    }

    Path config() {
        return dir.resolve("wolfscale.toml");
    }

    Path dataDir() {
        return dir.resolve("data");
    }

    Path log() {
        return dir.resolve("node.log");
    }

    NodePorts ports() {
        return ports;
    }

    MariaDbInstance db() {
        return db;
    }

    String apiUrl() {
        return "http://127.0.0.1:" + ports.api();
    }

    /** Starts {@code wolfscale start -c wolfscale.toml} with this JVM's java and class path, output to node.log. */
    synchronized void start() throws IOException {
        if (running()) {
            throw new IllegalStateException(id() + " is already running (pid " + process.pid() + ")");
        }
        String java = ProcessHandle.current().info().command()
                .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        List<String> cmd = new ArrayList<>(List.of(java, "-Xmx256m", "-XX:+UseSerialGC",
                "--enable-native-access=ALL-UNNAMED", "-cp", System.getProperty("java.class.path"),
                "com.wolfscale.node.WolfscaleCommand", "start", "-c", config().toString()));
        process = new ProcessBuilder(cmd).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log().toFile())).start();
    }

    boolean running() {
        Process p = process;
        return p != null && p.isAlive();
    }

    Optional<Long> pid() {
        Process p = process;
        return p != null && p.isAlive() ? Optional.of(p.pid()) : Optional.empty();
    }

    /** SIGKILL: the node dies as in a crash; its MariaDB keeps running. */
    synchronized void kill() throws InterruptedException {
        if (running()) {
            process.destroyForcibly();
            process.waitFor(30, TimeUnit.SECONDS);
        }
    }

    /** SIGTERM (a leader hands over first), SIGKILL if it has not exited within 30 s. */
    synchronized void stop() throws InterruptedException {
        if (running()) {
            process.destroy();
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor(10, TimeUnit.SECONDS);
            }
        }
    }
}
