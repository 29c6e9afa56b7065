package com.wolfscale.node;

import com.wolfscale.apply.ApplyLoop;
import com.wolfscale.core.CoreInput;
import com.wolfscale.replication.ClusterMember;
import java.io.IOException;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Watches the node's own MariaDB and WAL disk every {@value #INTERVAL_MS} ms and reports to the core, which
 * makes an unhealthy leader hand over (within milliseconds when a caught-up successor exists) and keeps
 * an unhealthy follower out of leadership and reads. Healthy again means eligible again, by itself.
 */
final class HealthMonitor implements AutoCloseable {

    static final long INTERVAL_MS = 250;
    /** Below this much free space on the WAL's disk the node reports itself unhealthy. */
    static final long MIN_FREE_BYTES = 256L << 20;
    private static final Logger LOG = LoggerFactory.getLogger(HealthMonitor.class);

    private final ClusterMember member;
    private final DatabaseAdmin admin;
    private final ApplyLoop apply;
    private final Path walDir;
    private final Thread thread;
    private volatile boolean running = true;
    private volatile boolean healthy = true;
    private volatile boolean needsMigration;
    private volatile String migrationReason = "";
    private volatile String reason = "";

    HealthMonitor(ClusterMember member, DatabaseAdmin admin, ApplyLoop apply, Path walDir) {
        this.member = member;
        this.admin = admin;
        this.apply = apply;
        this.walDir = walDir;
        this.thread = Thread.ofPlatform().name("health-monitor").daemon().start(this::run);
    }

    boolean healthy() {
        return healthy;
    }

    String reason() {
        return reason;
    }

    void setNeedsMigration(boolean needs, String why) {
        needsMigration = needs;
        migrationReason = needs ? why : "";
        report();
    }

    /** Why the node needs migration (empty when it does not). */
    String migrationReason() {
        return migrationReason;
    }

    boolean needsMigration() {
        return needsMigration;
    }

    /** Sends the current facts to the core (also called on every apply progress). */
    void report() {
        var p = apply.position();
        member.loop().submit(new CoreInput.LocalDatabase(healthy, needsMigration, p.lsn(), lastAppliedMicros));
    }

    private volatile long lastAppliedMicros;

    void applied(long micros) {
        lastAppliedMicros = micros;
        report();
    }

    private void run() {
        while (running) {
            boolean dbUp = admin.ping();
            String why = dbUp ? "" : "MariaDB at " + admin.address() + " does not answer";
            long free = freeBytes();
            if (dbUp && free >= 0 && free < MIN_FREE_BYTES) {
                why = "only " + (free >> 20) + " MiB free on the WAL's disk (" + walDir + ")";
            }
            boolean nowHealthy = why.isEmpty();
            if (nowHealthy != healthy) {
                if (nowHealthy) {
                    LOG.info("node healthy again");
                } else {
                    LOG.warn("node unhealthy: {}", why);
                }
                healthy = nowHealthy;
                reason = why;
                report();
            }
            try {
                Thread.sleep(INTERVAL_MS);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private long freeBytes() {
        try {
            FileStore store = Files.getFileStore(walDir);
            return store.getUsableSpace();
        } catch (IOException e) {
            return -1;
        }
    }

    @Override
    public void close() {
        running = false;
        thread.interrupt();
    }
}
