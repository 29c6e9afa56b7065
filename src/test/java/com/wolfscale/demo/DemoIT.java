package com.wolfscale.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Runs {@code wolfscale demo} as a user would, in a child process driven through its standard input:
 * writes through the leader's proxy as the demo account, reads them back on another node's proxy, kills
 * the leader with {@code kill}, writes again once a new leader leads, quits, and checks that the
 * temporary directory and every process the demo started are gone.
 */
class DemoIT {

    private static final Pattern PROXY = Pattern.compile("^(node-[a-z])  proxy: mariadb -h127\\.0\\.0\\.1 -P (\\d+) -udemo -pdemo$");
    private static final Pattern DATA = Pattern.compile("data in (\\S+) \\(temporary: deleted on exit\\)");
    private static final Pattern READY = Pattern.compile("^cluster ready: leader (node-[a-z])$");
    private static final Pattern LEADER = Pattern.compile("^\\[[0-9:]+\\] leader (node-[a-z]) ");

    private final List<String> output = new CopyOnWriteArrayList<>();
    private Process demo;

    /** After a failure: SIGTERM lets the demo stop its processes and delete its directory; SIGKILL what is left. */
    @AfterEach
    void stopLeftovers() throws InterruptedException {
        if (demo != null && demo.isAlive()) {
            List<ProcessHandle> children = demo.descendants().toList();
            demo.destroy();
            if (!demo.waitFor(120, TimeUnit.SECONDS)) {
                demo.destroyForcibly();
            }
            children.forEach(ProcessHandle::destroyForcibly);
        }
    }

    @Test
    void aUserWritesReadsKillsTheLeaderAndQuits() throws Exception {
        demo = startDemo();
        Writer stdin = new java.io.OutputStreamWriter(demo.getOutputStream(), StandardCharsets.UTF_8);
        String leader = await(READY, Duration.ofSeconds(180)).group(1);
        Path data = Path.of(find(DATA).group(1));
        assertThat(data).isDirectory();
        List<ProcessHandle> started = demo.descendants().toList();
        assertThat(started.stream().filter(p -> commandOf(p).contains("mariadbd")).count()).as(started.toString()).isEqualTo(3);
        assertThat(started.stream().filter(p -> commandOf(p).contains("WolfscaleCommand start")).count()).as(started.toString()).isEqualTo(3);

        String first = proxyUrl(leader);
        retry(Duration.ofSeconds(60), () -> execute(first, "CREATE DATABASE IF NOT EXISTS shop",
                "CREATE TABLE IF NOT EXISTS shop.orders (id INT PRIMARY KEY, item VARCHAR(20))",
                "REPLACE INTO shop.orders VALUES (1, 'written via " + leader + "')"));
        String other = leader.equals("node-b") ? "node-c" : "node-b";
        retry(Duration.ofSeconds(30), () -> assertThat(count(proxyUrl(other), "SELECT COUNT(*) FROM shop.orders"))
                .isEqualTo(1));

        String current = last(LEADER).group(1); // leadership may have moved since (failback to node-a)
        String survivor = current.equals("node-b") ? "node-c" : "node-b";
        int before = output.size();
        command(stdin, "kill " + current.substring("node-".length()));
        await(Pattern.compile("^killed " + current + " \\(SIGKILL to pid \\d+\\)"), Duration.ofSeconds(30));
        retry(Duration.ofSeconds(90), () -> execute(proxyUrl(survivor), "INSERT INTO shop.orders VALUES (2, 'after the kill')"));
        assertThat(count(proxyUrl(survivor), "SELECT COUNT(*) FROM shop.orders")).isEqualTo(2);
        String newLeader = await(LEADER, Duration.ofSeconds(30), m -> !m.group(1).equals(current), before).group(1);
        assertThat(newLeader).isNotEqualTo(current);

        command(stdin, "quit");
        assertThat(demo.waitFor(180, TimeUnit.SECONDS)).as("demo exits after quit").isTrue();
        assertThat(demo.exitValue()).as(String.join("\n", output)).isZero();
        assertThat(output).anyMatch(l -> l.equals("stopped; deleted " + data));
        assertThat(Files.exists(data)).as(data + " deleted").isFalse();
        for (ProcessHandle p : started) {
            p.onExit().get(30, TimeUnit.SECONDS); // already gone, or gone soon: never left running
            assertThat(p.isAlive()).as("left running: " + p.pid() + " " + commandOf(p)).isFalse();
        }
    }

    private Process startDemo() throws IOException {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--enable-native-access=ALL-UNNAMED", "-cp", System.getProperty("java.class.path"),
                "com.wolfscale.node.WolfscaleCommand", "demo"));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        Path log = Files.createDirectories(Path.of("target", "demo-it")).resolve("demo.out");
        Thread.ofPlatform().daemon().start(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
                 Writer w = Files.newBufferedWriter(log, StandardCharsets.UTF_8)) {
                for (String line; (line = r.readLine()) != null; ) {
                    output.add(line);
                    w.write(line + "\n");
                    w.flush();
                }
            } catch (IOException ignored) {
                // the demo exited
            }
        });
        return p;
    }

    private static void command(Writer stdin, String line) throws IOException {
        stdin.write(line + "\n");
        stdin.flush();
    }

    private String proxyUrl(String node) {
        for (String line : output) {
            Matcher m = PROXY.matcher(line);
            if (m.matches() && m.group(1).equals(node)) {
                return "jdbc:mariadb://127.0.0.1:" + m.group(2) + "/?connectTimeout=5000&socketTimeout=30000";
            }
        }
        throw new AssertionError("the demo printed no proxy line for " + node + ":\n" + String.join("\n", output));
    }

    private static void execute(String url, String... sql) throws SQLException {
        try (Connection c = DriverManager.getConnection(url, "demo", "demo"); Statement s = c.createStatement()) {
            for (String q : sql) {
                s.execute(q);
            }
        }
    }

    private static long count(String url, String sql) throws SQLException {
        try (Connection c = DriverManager.getConnection(url, "demo", "demo"); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private Matcher last(Pattern p) {
        for (int i = output.size() - 1; i >= 0; i--) {
            Matcher m = p.matcher(output.get(i));
            if (m.find()) {
                return m;
            }
        }
        throw new AssertionError("no line matches " + p + ":\n" + String.join("\n", output));
    }

    private Matcher find(Pattern p) {
        for (String line : output) {
            Matcher m = p.matcher(line);
            if (m.find()) {
                return m;
            }
        }
        throw new AssertionError("no line matches " + p + ":\n" + String.join("\n", output));
    }

    private Matcher await(Pattern p, Duration timeout) throws InterruptedException {
        return await(p, timeout, m -> true);
    }

    private Matcher await(Pattern p, Duration timeout, java.util.function.Predicate<Matcher> accept)
            throws InterruptedException {
        return await(p, timeout, accept, 0);
    }

    /** Waits for a line from index {@code from} on that matches and is accepted. */
    private Matcher await(Pattern p, Duration timeout, java.util.function.Predicate<Matcher> accept, int from)
            throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            for (; from < output.size(); from++) {
                Matcher m = p.matcher(output.get(from));
                if (m.find() && accept.test(m)) {
                    return m;
                }
            }
            if (!demo.isAlive()) {
                break;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("no line matching " + p + " within " + timeout + " (demo "
                + (demo.isAlive() ? "running" : "exited " + demo.exitValue()) + "):\n" + String.join("\n", output));
    }

    interface Step {
        void run() throws Exception;
    }

    private static void retry(Duration timeout, Step step) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            try {
                step.run();
                return;
            } catch (Exception | AssertionError e) {
                if (System.nanoTime() > deadline) {
                    throw e;
                }
                Thread.sleep(250);
            }
        }
    }

    /** From /proc: ProcessHandle.Info leaves out command lines as long as the test class path. */
    private static String commandOf(ProcessHandle p) {
        try {
            return new String(Files.readAllBytes(Path.of("/proc", Long.toString(p.pid()), "cmdline")),
                    StandardCharsets.UTF_8).replace('\0', ' ');
        } catch (IOException e) {
            return "(gone)";
        }
    }
}
