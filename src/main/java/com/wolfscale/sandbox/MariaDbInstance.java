package com.wolfscale.sandbox;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * One real {@code mariadbd} in its own directory on a free loopback port. It can be stopped, killed,
 * frozen and restarted with its data, so tests can fail a database the way production does.
 * Login: {@code root} without a password over TCP from 127.0.0.1.
 * Thread-safe for the life-cycle methods (synchronized); the handle itself is immutable apart from the port.
 */
public final class MariaDbInstance {

    /** What an application account has: everything but the administrative privileges that bypass read_only. */
    public static final String APP_PRIVILEGES = "SELECT, INSERT, UPDATE, DELETE, CREATE, DROP, ALTER, INDEX, "
            + "CREATE VIEW, SHOW VIEW, TRIGGER, CREATE ROUTINE, ALTER ROUTINE, EXECUTE, CREATE TEMPORARY TABLES, "
            + "LOCK TABLES, REFERENCES, EVENT, PROCESS";

    private final String name;
    private final Path dir;
    private final long serverId;
    private final MariaDbBinaries binaries;
    private final MariaDbOptions options;
    private volatile int port;

    MariaDbInstance(String name, Path dir, long serverId, MariaDbBinaries binaries, MariaDbOptions options) {
        this.name = name;
        this.dir = dir;
        this.serverId = serverId;
        this.binaries = binaries;
        this.options = options;
    }

    /**
     * A server in a directory of the caller's choosing that outlives this JVM (unlike a sandbox's): its data
     * is initialised on the first {@link #start()} and reused by later ones. The caller stops it.
     */
    public static MariaDbInstance inDirectory(String name, Path dir, long serverId, MariaDbOptions options) {
        return new MariaDbInstance(name, dir, serverId, MariaDbBinaries.locate(), options);
    }

    public String name() {
        return name;
    }

    public Path dir() {
        return dir;
    }

    public Path dataDir() {
        return dir.resolve("data");
    }

    public Path socket() {
        return dir.resolve("mariadbd.sock");
    }

    public long serverId() {
        return serverId;
    }

    public String host() {
        return "127.0.0.1";
    }

    public int port() {
        return port;
    }

    public String jdbcUrl() {
        return jdbcUrl("");
    }

    public String jdbcUrl(String database) {
        return "jdbc:mariadb://127.0.0.1:" + port + "/" + database;
    }

    /** A new connection as root; the caller closes it. */
    public Connection connect() throws SQLException {
        return DriverManager.getConnection(jdbcUrl() + "?connectTimeout=5000", "root", "");
    }

    /** Runs statements as root, each in its own auto-committed statement. */
    public void execute(String... sql) throws SQLException {
        try (Connection c = connect(); Statement s = c.createStatement()) {
            for (String q : sql) {
                s.execute(q);
            }
        }
    }

    /**
     * Creates (if missing) the account an application uses, on this server only and outside the binlog,
     * so every node can get the same account before the cluster starts. It has no privilege that bypasses
     * {@code read_only}, like a real application's account; the proxy runs statements under it.
     */
    public void createAppAccount(String user, String password) throws SQLException {
        if (!user.matches("[A-Za-z0-9_]+") || password.contains("'") || password.contains("\\")) {
            throw new IllegalArgumentException("account name must be [A-Za-z0-9_]+ and the password free of quotes "
                    + "and backslashes: " + user);
        }
        execute("SET SESSION sql_log_bin = 0",
                "CREATE USER IF NOT EXISTS '" + user + "'@'127.0.0.1' IDENTIFIED BY '" + password + "'",
                "GRANT " + APP_PRIVILEGES + " ON *.* TO '" + user + "'@'127.0.0.1'");
    }

    /** Creates the data directory if it does not exist yet, then starts the server and waits until it answers. */
    public synchronized void start() {
        try {
            Files.createDirectories(dir.resolve("tmp"));
            if (!Files.isDirectory(dataDir().resolve("mysql"))) {
                initialize();
            }
            for (int attempt = 1; ; attempt++) {
                if (port == 0 || attempt > 1) {
                    port = freePort();
                }
                Files.writeString(dir.resolve("my.cnf"), MyCnf.render(dir, port, serverId, runningAsRoot(),
                        options.extraSettings()));
                Files.deleteIfExists(dir.resolve("mariadbd.pid"));
                Process process = launch();
                Optional<String> failure = awaitReady(process);
                if (failure.isEmpty()) {
                    return;
                }
                if (!failure.get().contains("Address already in use") || attempt >= 5) {
                    throw new SandboxException("MariaDB " + name + " did not start: " + failure.get());
                }
            }
        } catch (IOException e) {
            throw new SandboxException("cannot prepare " + dir + ": " + e.getMessage(), e);
        }
    }

    /** Clean shutdown (SIGTERM), waiting for the server to exit. */
    public synchronized void stop() {
        pid().ifPresent(pid -> terminate(pid, false));
    }

    /** SIGKILL: the server dies as in a power loss of the process (the OS keeps what was written). */
    public synchronized void kill() {
        pid().ifPresent(pid -> terminate(pid, true));
    }

    /** SIGSTOP: the server stays alive but answers nothing, like a hung host. */
    public void freeze() {
        pid().ifPresent(pid -> signal(pid, "STOP"));
    }

    /** SIGCONT after {@link #freeze()}. */
    public void thaw() {
        pid().ifPresent(pid -> signal(pid, "CONT"));
    }

    public boolean isRunning() {
        return pid().isPresent();
    }

    /** The server's process id, if its pid file names a live mariadbd started for this directory. */
    public Optional<Long> pid() {
        return ProcessFiles.livePid(dir.resolve("mariadbd.pid"), dir.resolve("my.cnf").toString());
    }

    /** The last lines of the server's error log, for failure messages. */
    public String errorLogTail(int lines) {
        try {
            List<String> all = Files.readAllLines(dir.resolve("error.log"), StandardCharsets.UTF_8);
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException e) {
            return "(no error log: " + e.getMessage() + ")";
        }
    }

    @Override
    public String toString() {
        return "MariaDB " + name + " (127.0.0.1:" + port + ", server_id " + serverId + ")";
    }

    private void initialize() throws IOException {
        Files.writeString(dir.resolve("my.cnf"), MyCnf.render(dir, 3306, serverId, runningAsRoot(), options.extraSettings()));
        ProcessBuilder pb = new ProcessBuilder(binaries.installDb().toString(), "--defaults-file=" + dir.resolve("my.cnf"),
                "--auth-root-authentication-method=normal", "--skip-test-db", "--skip-name-resolve")
                .redirectErrorStream(true).redirectOutput(dir.resolve("install-db.log").toFile());
        try {
            Process p = pb.start();
            if (!p.waitFor(120, TimeUnit.SECONDS) || p.exitValue() != 0) {
                p.destroyForcibly();
                throw new SandboxException("mariadb-install-db failed for " + name + ":\n"
                        + Files.readString(dir.resolve("install-db.log")));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SandboxException("interrupted while initializing " + dir, e);
        }
    }

    private Process launch() throws IOException {
        return new ProcessBuilder(binaries.mariadbd().toString(), "--defaults-file=" + dir.resolve("my.cnf"))
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("mariadbd.out").toFile()))
                .start();
    }

    /** @return empty when the server answers, else why it will not */
    private Optional<String> awaitReady(Process process) {
        long deadline = System.nanoTime() + options.startTimeout().toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                return Optional.of("mariadbd exited with code " + process.exitValue() + "; error log:\n" + errorLogTail(20));
            }
            try (Connection c = DriverManager.getConnection(jdbcUrl() + "?connectTimeout=1000", "root", "")) {
                if (c.isValid(1)) {
                    return Optional.empty();
                }
            } catch (SQLException notYet) {
                sleep(Duration.ofMillis(20));
            }
        }
        process.destroyForcibly();
        return Optional.of("no answer within " + options.startTimeout().toSeconds() + " s; error log:\n" + errorLogTail(20));
    }

    private void terminate(long pid, boolean force) {
        ProcessHandle.of(pid).ifPresent(h -> {
            if (force) {
                h.destroyForcibly();
            } else {
                signal(pid, "CONT"); // a frozen server cannot shut down
                h.destroy();
            }
            try {
                h.onExit().get(force ? 10 : 60, TimeUnit.SECONDS);
            } catch (Exception e) {
                h.destroyForcibly();
            }
        });
    }

    static void signal(long pid, String signal) {
        try {
            new ProcessBuilder("kill", "-" + signal, Long.toString(pid)).start().waitFor(5, TimeUnit.SECONDS);
        } catch (IOException e) {
            throw new SandboxException("cannot send SIG" + signal + " to " + pid + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    static int freePort() throws IOException {
        return LoopbackPorts.next();
    }

    private static boolean runningAsRoot() {
        return "root".equals(System.getProperty("user.name"));
    }

    private static void sleep(Duration d) {
        try {
            Thread.sleep(d);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SandboxException("interrupted while waiting for MariaDB", e);
        }
    }
}
