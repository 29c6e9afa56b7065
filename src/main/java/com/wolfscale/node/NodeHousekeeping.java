package com.wolfscale.node;

import com.wolfscale.apply.ApplyLoop;
import com.wolfscale.common.Lsn;
import com.wolfscale.config.WolfscaleConfig;
import com.wolfscale.core.CoreView;
import com.wolfscale.core.NodeStatus;
import com.wolfscale.replication.ClusterMember;
import com.wolfscale.wal.RetentionResult;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The node's periodic chores, on one thread, every {@value #INTERVAL_S} s:
 * <ul>
 *   <li>WAL retention ({@code [wal] retention_hours}, {@code max_size_mb}): whole old segments go, never a
 *       record this node's own database has not applied or the cluster has not committed, nor one a known
 *       peer still needs ({@link RetentionFloor}) — unless the size bound is exceeded: then a lagging
 *       peer's records go and it needs migration, the price of bounded disk, documented.</li>
 *   <li>Auto-migration ({@code [cluster] auto_migrate}, default off): a follower that needs migration
 *       loads a snapshot from a healthy node by itself, retrying every {@value #AUTO_RETRY_S} s.</li>
 * </ul>
 */
final class NodeHousekeeping implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(NodeHousekeeping.class);
    static final long INTERVAL_S = 10;
    static final long AUTO_RETRY_S = 30;

    private final WolfscaleConfig config;
    private final ClusterMember member;
    private final ApplyLoop apply;
    private final HealthMonitor health;
    private final MigrationRunner migrations;
    private final Thread thread;
    private volatile boolean running = true;
    private Instant lastAutoMigration = Instant.EPOCH;

    NodeHousekeeping(WolfscaleConfig config, ClusterMember member, ApplyLoop apply, HealthMonitor health,
                     MigrationRunner migrations) {
        this.config = config;
        this.member = member;
        this.apply = apply;
        this.health = health;
        this.migrations = migrations;
        this.thread = Thread.ofPlatform().name("housekeeping").daemon().start(this::run);
    }

    private void run() {
        while (running) {
            try {
                Thread.sleep(INTERVAL_S * 1000);
                retention();
                autoMigrate();
            } catch (InterruptedException e) {
                return;
            } catch (Exception e) {
                LOG.warn("housekeeping: {}", e.toString());
            }
        }
    }

    private void retention() throws Exception {
        var wal = config.wal();
        if (wal.retentionHours() <= 0 && wal.maxSizeMb() <= 0) {
            return;
        }
        CoreView v = member.view();
        RetentionFloor floor = RetentionFloor.of(apply.position().lsn(), v.commitLsn(), member.self(), v.nodes());
        Duration age = Duration.ofHours(Math.max(0, wal.retentionHours()));
        long maxBytes = Math.max(0, wal.maxSizeMb()) << 20;
        RetentionResult r = member.wal().applyRetention(age, maxBytes, floor.withPeers(), Instant.now()).get();
        report(r, "");
        if (r.heldByFloor() && floor.peersBehind() && maxBytes > 0 && member.wal().sizeOnDisk() > maxBytes) {
            // the size bound wins over lagging peers: disk is finite. A peer that asks for what goes now is
            // told it needs migration (wolfctl migrate, or auto_migrate on that node).
            RetentionResult forced = member.wal().applyRetention(age, maxBytes, floor.own(), Instant.now()).get();
            report(forced, " past what lagging peers still needed (max_size_mb); they will need migration");
        }
    }

    private static void report(RetentionResult r, String why) {
        if (r.segmentsRemoved() > 0) {
            LOG.info("WAL retention removed {} segment(s) ({} bytes){}; the log now starts at LSN {}",
                    r.segmentsRemoved(), r.bytesRemoved(), why, r.firstLsn());
        }
    }

    private void autoMigrate() {
        if (!config.cluster().autoMigrate() || migrations.running()) {
            return;
        }
        CoreView v = member.view();
        boolean needs = health.needsMigration() || v.selfStatus() == NodeStatus.NEEDS_MIGRATION;
        if (!needs || v.isLeader() || Instant.now().isBefore(lastAutoMigration.plusSeconds(AUTO_RETRY_S))) {
            return;
        }
        lastAutoMigration = Instant.now();
        LOG.warn("auto_migrate: {} needs migration; loading a snapshot from a healthy node", member.self());
        try {
            migrations.start(Optional.empty());
        } catch (RuntimeException e) {
            LOG.warn("auto_migrate could not start: {}", e.getMessage());
        }
    }

    @Override
    public void close() {
        running = false;
        thread.interrupt();
    }
}
