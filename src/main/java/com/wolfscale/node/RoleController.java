package com.wolfscale.node;

import com.wolfscale.apply.ApplyLoop;
import com.wolfscale.capture.Capture;
import com.wolfscale.capture.DatabaseAddress;
import com.wolfscale.capture.SemiSyncSettings;
import com.wolfscale.common.Lsn;
import com.wolfscale.core.CoreView;
import com.wolfscale.core.LogRecord;
import com.wolfscale.mysql.binlog.Gtid;
import com.wolfscale.replication.ClusterMember;
import com.wolfscale.wal.WalRecord;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the node's MariaDB in line with its role, on its own thread.
 * <ul>
 * <li><b>Follower</b>: fenced — {@code read_only=ON}, no capture, semi-sync off.</li>
 * <li><b>Leader</b>: only once the core leads and its epoch-start record is written, and the database
 *     has applied everything before it ("catch up before leadership"): semi-sync prepared (quorum
 *     durability), capture started at the database's own binlog end, semi-sync switched on once the
 *     capture reader is connected, and only then {@code read_only=OFF}.</li>
 * <li><b>Stepping down</b>: marked not writable at once, then fenced (sessions waiting for an
 *     acknowledgement are killed so {@code read_only=ON} can take effect), then capture stops.</li>
 * </ul>
 */
final class RoleController implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(RoleController.class);

    enum DbRole { FENCED, OPEN }

    private final ClusterMember member;
    private final DatabaseAdmin admin;
    private final ApplyLoop apply;
    private final GtidIndex gtids;
    private final long replicaServerId;
    private final boolean semiSync;
    private final Set<Long> epochsLedHere = ConcurrentHashMap.newKeySet();
    private final Thread thread;
    private volatile boolean running = true;
    private volatile DbRole dbRole = DbRole.FENCED;
    private volatile Capture capture;
    private volatile String problem;
    private long lastCheckMs;

    RoleController(ClusterMember member, DatabaseAdmin admin, ApplyLoop apply, GtidIndex gtids, long replicaServerId,
                   boolean semiSync) {
        this.member = member;
        this.admin = admin;
        this.apply = apply;
        this.gtids = gtids;
        this.replicaServerId = replicaServerId;
        this.semiSync = semiSync;
        this.thread = Thread.ofPlatform().name("role-controller").daemon().start(this::run);
    }

    /** True while this node's database takes writes as leader. */
    boolean open() {
        return dbRole == DbRole.OPEN;
    }

    boolean ledHere(long epoch) {
        return epochsLedHere.contains(epoch);
    }

    Capture capture() {
        return capture;
    }

    /** What currently keeps the role from being carried out, or null. */
    String problem() {
        return problem;
    }

    private void run() {
        while (running) {
            CoreView view = member.view();
            try {
                boolean lead = view.isLeader() && view.leaderReady();
                if (lead && dbRole != DbRole.OPEN) {
                    tryOpen(view);
                } else if (!view.isLeader() && dbRole != DbRole.FENCED) {
                    fence("this node is no longer leader (epoch " + view.epoch() + ")");
                } else {
                    verify(view);
                }
                problem = null;
            } catch (SQLException | RuntimeException e) {
                problem = e.getMessage();
                LOG.warn("role change: {}", e.getMessage());
                sleep(200);
            }
            try {
                member.loop().awaitViewChange(view, Duration.ofMillis(100));
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private void tryOpen(CoreView view) throws SQLException {
        Lsn epochStart = member.log().endOfEpoch(view.epoch().previous()).next();
        if (apply.position().lsn().compareTo(epochStart.previous()) < 0) {
            return; // the database has not applied everything before this epoch yet
        }
        if (capture == null) {
            if (semiSync) {
                admin.with(c -> {
                    SemiSyncSettings.prepareLeader(c);
                    return null;
                });
            }
            List<Gtid> start = admin.binlogPosition();
            epochsLedHere.add(view.epoch().value());
            capture = new Capture(new Capture.Settings(admin.address(), replicaServerId, start, semiSync,
                    Duration.ofMillis(500), 512 << 20), new Sink());
            LOG.info("capture started at binlog position {}", start);
        }
        if (!capture.connected()) {
            return; // next round
        }
        if (semiSync) {
            admin.with(c -> {
                SemiSyncSettings.enable(c);
                return null;
            });
        }
        admin.execute("SET GLOBAL read_only = OFF");
        dbRole = DbRole.OPEN;
        LOG.info("leader {} open for writes (epoch {})", member.self(), view.epoch());
    }

    void fence(String why) throws SQLException {
        dbRole = DbRole.FENCED;
        Capture c = capture;
        capture = null;
        if (c != null) {
            c.close();
        }
        int killed = admin.fence();
        admin.with(conn -> {
            SemiSyncSettings.disable(conn); // safe now: read_only stops ordinary commits
            return null;
        });
        LOG.info("database fenced (read_only=ON): {}{}", why,
                killed > 0 ? "; " + killed + " session(s) waiting for an acknowledgement were killed" : "");
    }

    /** Periodically checks that the database still matches the role (someone may flip read_only by hand). */
    private void verify(CoreView view) throws SQLException {
        long now = System.currentTimeMillis();
        if (now - lastCheckMs < 2000) {
            return;
        }
        lastCheckMs = now;
        boolean ro = admin.readOnly();
        if (dbRole == DbRole.FENCED && !ro) {
            LOG.warn("read_only was turned off on a follower's database by someone else; fencing again");
            fence("read_only found OFF on a follower");
        } else if (dbRole == DbRole.OPEN && semiSync) {
            SemiSyncSettings.Status s = admin.with(SemiSyncSettings::status);
            if (!s.active()) {
                problem = "MariaDB semi-sync is OFF on the leader: commits are not waiting for the cluster ("
                        + s.noTx() + " unprotected so far)";
                LOG.error("{}", problem);
                member.loop().submit(new com.wolfscale.core.CoreInput.Tick());
            }
        }
    }

    /** Where captured transactions go: this member's WAL and commit index. */
    private final class Sink implements Capture.Sink {
        @Override
        public CompletableFuture<Lsn> append(byte[] payload, long timestampMicros) {
            return member.append(LogRecord.TRANSACTION, payload, timestampMicros).thenApply(WalRecord::lsn);
        }

        @Override
        public boolean awaitCommit(Lsn lsn, Duration timeout) throws InterruptedException {
            return member.awaitCommit(lsn, timeout);
        }

        @Override
        public void captured(Gtid gtid, Lsn lsn) {
            gtids.put(gtid, lsn);
        }
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        running = false;
        thread.interrupt();
        Capture c = capture;
        if (c != null) {
            c.close();
        }
    }

}
