package com.wolfscale.sandbox;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts real MariaDB servers in throw-away directories under one root, for tests, benchmarks and
 * {@code wolfscale demo}. Every instance directory records the JVM that owns it; servers are killed and
 * their directories deleted when the owner closes the sandbox or exits, and a later sandbox on the same
 * root reclaims what an owner killed with SIGKILL left behind.
 */
public final class MariaDbSandbox implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(MariaDbSandbox.class);
    private static final AtomicLong SERVER_IDS = new AtomicLong(100);

    private final Path root;
    private final MariaDbBinaries binaries;
    private final List<MariaDbInstance> instances = new CopyOnWriteArrayList<>();
    private final Thread shutdownHook;

    private MariaDbSandbox(Path root, MariaDbBinaries binaries) {
        this.root = root;
        this.binaries = binaries;
        this.shutdownHook = new Thread(this::destroyAll, "mariadb-sandbox-cleanup");
        Runtime.getRuntime().addShutdownHook(shutdownHook);
    }

    /** The default root: short (unix socket paths are limited to 107 bytes) and shared by all runs. */
    public static Path defaultRoot() {
        return Path.of(System.getProperty("java.io.tmpdir"), "wolfscale-sandbox");
    }

    public static MariaDbSandbox open(Path root) {
        MariaDbBinaries binaries = MariaDbBinaries.locate();
        try {
            Files.createDirectories(root);
        } catch (IOException e) {
            throw new SandboxException("cannot create sandbox root " + root + ": " + e.getMessage(), e);
        }
        reclaimLeftovers(root);
        return new MariaDbSandbox(root, binaries);
    }

    public Path root() {
        return root;
    }

    /** Creates and starts {@code count} servers in parallel. */
    public List<MariaDbInstance> start(int count, MariaDbOptions options) {
        List<MariaDbInstance> created = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            created.add(create(options));
        }
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<?>> started = created.stream().map(m -> pool.submit(m::start)).<Future<?>>map(f -> f).toList();
            for (Future<?> f : started) {
                f.get();
            }
        } catch (Exception e) {
            created.forEach(this::destroy);
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            throw cause instanceof SandboxException se ? se : new SandboxException(cause.getMessage(), cause);
        }
        return created;
    }

    /** Creates an instance directory without starting it. */
    public MariaDbInstance create(MariaDbOptions options) {
        String name = "m" + UUID.randomUUID().toString().substring(0, 8);
        Path dir = root.resolve(name);
        try {
            Files.createDirectories(dir);
            Files.writeString(dir.resolve("owner"), ownerTag(ProcessHandle.current()));
        } catch (IOException e) {
            throw new SandboxException("cannot create " + dir + ": " + e.getMessage(), e);
        }
        MariaDbInstance instance = new MariaDbInstance(name, dir, SERVER_IDS.incrementAndGet(), binaries, options);
        instances.add(instance);
        return instance;
    }

    /** Kills the server and deletes its directory. */
    public void destroy(MariaDbInstance instance) {
        instance.kill();
        deleteTree(instance.dir());
        instances.remove(instance);
    }

    @Override
    public void close() {
        destroyAll();
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException alreadyShuttingDown) {
            // the hook is running or has run
        }
    }

    private void destroyAll() {
        for (MariaDbInstance instance : instances) {
            try {
                destroy(instance);
            } catch (RuntimeException e) {
                LOG.warn("could not clean up {}: {}", instance.dir(), e.getMessage());
            }
        }
    }

    /** Kills servers and deletes directories whose owning JVM no longer runs. */
    static void reclaimLeftovers(Path root) {
        try (Stream<Path> dirs = Files.list(root)) {
            for (Path dir : dirs.filter(Files::isDirectory).toList()) {
                if (ownerAlive(dir)) {
                    continue;
                }
                ProcessFiles.livePid(dir.resolve("mariadbd.pid"), dir.resolve("my.cnf").toString())
                        .flatMap(ProcessHandle::of).ifPresent(h -> {
                            h.destroyForcibly();
                            h.onExit().join();
                        });
                LOG.info("reclaimed sandbox leftovers in {}", dir);
                deleteTree(dir);
            }
        } catch (IOException e) {
            throw new SandboxException("cannot scan sandbox root " + root + ": " + e.getMessage(), e);
        }
    }

    private static boolean ownerAlive(Path dir) {
        try {
            String tag = Files.readString(dir.resolve("owner"), StandardCharsets.UTF_8).trim();
            long pid = Long.parseLong(tag.split(" ", 2)[0]);
            Optional<ProcessHandle> owner = ProcessHandle.of(pid);
            return owner.isPresent() && owner.get().isAlive() && ownerTag(owner.get()).equals(tag);
        } catch (IOException | RuntimeException e) {
            // no owner file yet (being created this very moment by someone) counts as alive only if fresh
            try {
                return Files.getLastModifiedTime(dir).toMillis() > System.currentTimeMillis() - 60_000;
            } catch (IOException gone) {
                return true;
            }
        }
    }

    /** pid plus start time, so a recycled pid is not mistaken for the owner. */
    private static String ownerTag(ProcessHandle handle) {
        return handle.pid() + " " + handle.info().startInstant().map(Object::toString).orElse("?");
    }

    static void deleteTree(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (IOException | UncheckedIOException e) {
            LOG.warn("could not delete {}: {}", dir, e.getMessage());
        }
    }
}
