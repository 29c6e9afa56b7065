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
    /** Set on SIGTERM: the node reports itself unfit to lead until it exits. */
    private volatile boolean stopping;
    static final String STOPPING = "the node is stopping (SIGTERM): it hands over and stands for no election";

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

    /**
     * The node is about to close: from now on it counts as unhealthy, so the core hands leadership over
     * (and steps down if the transfer fails) and the node never stands for, or wins, an election again
     * while it closes. Reporting it like a failing database reuses the core's tested handover path.
     */
    synchronized void stopping() {
        stopping = true;
        healthy = false;
        reason = STOPPING;
        report();
    }

    /** Sends the current facts to the core (also called on every apply progress). */
    synchronized void report() { // with stopping(): a report read before the stop must not be sent after it
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
            update(why);
            try {
                Thread.sleep(INTERVAL_MS);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    /** Serialised with {@link #stopping()}, so a check that started before the stop cannot undo it. */
    private synchronized void update(String problem) {
        String why = stopping ? STOPPING : problem;
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
