package com.wolfscale.node;

import com.wolfscale.apply.ApplyLoop;
import com.wolfscale.capture.Capture;
import com.wolfscale.capture.SemiSyncRelease;
import com.wolfscale.capture.SemiSyncSettings;
import com.wolfscale.common.Epoch;
import com.wolfscale.common.Lsn;
import com.wolfscale.core.CoreInput;
import com.wolfscale.core.CoreView;
import com.wolfscale.core.LogRecord;
import com.wolfscale.mysql.binlog.Gtid;
import com.wolfscale.mysql.replication.SemiSyncAck;
import com.wolfscale.replication.ClusterMember;
import com.wolfscale.wal.WalRecord;
import java.io.IOException;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the node's MariaDB in line with its role, on its own thread.
 * <ul>
 * <li><b>Leader</b>: only once the core leads, its epoch-start record is written, and the database has
 *     applied everything before it ("catch up before leadership"): semi-sync prepared (quorum durability),
 *     capture started at the database's own binlog end, commits still waiting from an earlier leadership
 *     released if the cluster kept them, semi-sync switched on once the reader is connected, and only then
 *     {@code read_only=OFF}.</li>
 * <li><b>Follower</b>: not writable at once, capture stopped, {@code read_only=ON}. Commits that were
 *     waiting for a quorum when leadership was lost keep waiting (nothing can commit without WolfScale's
 *     acknowledgement, so the database is fenced even before read_only takes): if the cluster commits
 *     their records (this node wins again, or the next leader had them) they are released with their OK;
 *     once a newer leader's commit index shows they were not kept, their sessions are killed and the
 *     transactions are errant, for the rejoin repair.</li>
 * </ul>
 */
final class RoleController implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(RoleController.class);
    /** How far back the WAL is searched for this server's last committed transaction. */
    private static final int RELEASE_SCAN_RECORDS = 5000;

    enum DbRole { FENCED, OPEN }

    private final ClusterMember member;
    private final DatabaseAdmin admin;
    private final ApplyLoop apply;
    private final GtidIndex gtids;
    private final long replicaServerId;
    private final boolean semiSync;
    private final LongConsumer commitNanos;
    private final Set<Long> epochsLedHere = ConcurrentHashMap.newKeySet();
    private final Thread thread;
    private volatile boolean running = true;
    private volatile DbRole dbRole = DbRole.FENCED;
    private volatile Capture capture;
    private volatile String problem;
    private boolean fencePending = true;
    /** The pending {@code SET GLOBAL read_only = ON} of the fence in progress. */
    private CompletableFuture<Void> readOnly;
    /** The epoch whose handover was reported drained while the database was still fenced. */
    private Epoch fencedDrainFor;
    /** The epoch this node last led (its commits may still wait); ZERO after a restart: not known. */
    private Epoch lastLed = Epoch.ZERO;
    private SemiSyncAck released;
    private long lastCheckMs;
    private long serverId = -1;
    private String lastKeptGtid;
    private final RejoinRepair repair;
    private final java.util.function.Consumer<String> needsMigration;
    private boolean repairReady;
    private volatile boolean repairResolved;
    private volatile RejoinRepair.Outcome lastRepair;
    private long nextRepairMs;

    /** @param commitNanos told the commit latency of every captured transaction (semi-sync only) */
    RoleController(ClusterMember member, DatabaseAdmin admin, ApplyLoop apply, GtidIndex gtids, long replicaServerId,
                   boolean semiSync, java.nio.file.Path dataDir, java.util.function.Consumer<String> needsMigration,
                   LongConsumer commitNanos) {
        this.member = member;
        this.admin = admin;
        this.apply = apply;
        this.gtids = gtids;
        this.replicaServerId = replicaServerId;
        this.semiSync = semiSync;
        // the scan registers as a replica too: a server id of its own, next to capture's
        this.repair = new RejoinRepair(admin, member, replicaServerId + 1, dataDir);
        this.needsMigration = needsMigration;
        this.commitNanos = commitNanos;
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

    /**
     * False while transactions in this node's own binlog may still have to be rolled back: the applier
     * holds (applying the leader's changes on top of errant rows would fail or diverge silently).
     */
    boolean repairResolved() {
        return repairResolved;
    }

    /** The last rejoin repair pass's outcome, null before the first. */
    RejoinRepair.Outcome lastRepair() {
        return lastRepair;
    }

    /** The repair as status shows it. */
    com.wolfscale.api.model.StatusView.RepairView repairView() {
        RejoinRepair.Outcome o = lastRepair;
        String state = switch (o) {
            case null -> "none";
            case RejoinRepair.Clean c -> "clean";
            case RejoinRepair.Pending p -> "pending";
            case RejoinRepair.NeedsMigration n -> "needs_migration";
        };
        String reason = switch (o) {
            case RejoinRepair.Pending p -> p.why();
            case RejoinRepair.NeedsMigration n -> n.reason();
            case null, default -> null;
        };
        return new com.wolfscale.api.model.StatusView.RepairView(state, reason, repair.rolledBackTotal(),
                repair.lastRolledBack(), repair.auditDir().toString());
    }

    /**
     * Runs a repair pass when due: after fencing, whenever the database's binlog moved (a direct write on
     * a follower is rolled back too), and before opening as leader. Pending passes retry every second.
     */
    private void repairIfDue(boolean force) throws SQLException {
        long now = System.currentTimeMillis();
        if (!force && now < nextRepairMs) {
            return;
        }
        if (!repairReady) {
            repair.init();
            repairReady = true;
        }
        RejoinRepair.Outcome o = repair.pass();
        if (!o.equals(lastRepair)) {
            switch (o) {
                case RejoinRepair.Clean c when c.rolledBack() > 0 -> LOG.warn("rejoin repair rolled back {} errant "
                        + "transaction(s); see {}/repair/audit.log", c.rolledBack(), "<data_dir>");
                case RejoinRepair.Pending p -> LOG.info("rejoin repair waits: {}", p.why());
                case RejoinRepair.NeedsMigration m -> LOG.error("NEEDS_MIGRATION: {}", m.reason());
                default -> { }
            }
        }
        boolean wasRefused = lastRepair instanceof RejoinRepair.NeedsMigration;
        lastRepair = o;
        repairResolved = o instanceof RejoinRepair.Clean;
        if (o instanceof RejoinRepair.NeedsMigration m) {
            needsMigration.accept(m.reason());
        } else if (wasRefused && repairResolved) {
            needsMigration.accept(null); // resolved since (a migration replaced the database)
        }
        nextRepairMs = now + (repairResolved ? 200 : 1000);
    }

    private void run() {
        while (running) {
            CoreView view = member.view();
            try {
                boolean lead = view.isLeader() && view.leaderReady();
                if (lead && dbRole != DbRole.OPEN) {
                    tryOpen(view);
                } else if (!view.isLeader() && dbRole != DbRole.FENCED) {
                    stepDown(view);
                } else if (dbRole == DbRole.FENCED) {
                    if (view.isLeader() && view.transferTarget().isPresent() && !view.epoch().equals(fencedDrainFor)) {
                        // handing over before the database ever opened in this epoch: no commit of it is in flight
                        fencedDrainFor = view.epoch();
                        member.loop().submit(new CoreInput.WritesDrained(view.epoch()));
                    }
                    settleFence(view);
                } else {
                    drainForTransfer(view);
                    verifyLeader();
                }
                problem = null;
            } catch (SQLException | IOException | RuntimeException e) {
                problem = e.getMessage();
                LOG.warn("role change: {}", e.getMessage());
                sleep(200);
            }
            try {
                member.loop().awaitViewChange(view, Duration.ofMillis(200));
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private void tryOpen(CoreView view) throws SQLException, IOException {
        if (fencePending) {
            settleFence(view); // commits left waiting from an earlier leadership are resolved first
            if (fencePending) {
                return;
            }
        }
        if (!repairResolved) {
            repairIfDue(true); // nothing errant may be left under what this node is about to capture from
            if (!repairResolved) {
                return;
            }
        }
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
            lastLed = view.epoch();
            Optional<SemiSyncAck> committedHere = semiSync ? lastOwnCommitted(view.commitLsn()) : Optional.empty();
            capture = new Capture(new Capture.Settings(admin.address(), replicaServerId, start, semiSync,
                    Duration.ofMillis(500), 512 << 20, committedHere), new Sink());
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
        fencePending = false;
        LOG.info("leader {} open for writes (epoch {})", member.self(), view.epoch());
    }

    /**
     * While leadership is being handed over, new writes are held back at the database (the pending
     * {@code read_only} goes before them) and the commits in flight are captured and committed, so the
     * log end settles and the successor takes over without killing anyone's commit. If the handover is
     * abandoned and this node still leads, the database opens again.
     */
    private void drainForTransfer(CoreView view) throws SQLException {
        if (view.transferTarget().isPresent()) {
            if (readOnly == null) {
                readOnly = admin.readOnlyAsync();
                // read_only is set only once no commit is in progress: every commit in flight was acknowledged,
                // so it is in the log and committed, and the successor may take over (the core waits for this).
                // If it cannot be set the database is failing: waiting would not help, the fence handles it.
                var epoch = view.epoch();
                readOnly.whenComplete((v, e) -> member.loop().submit(new CoreInput.WritesDrained(epoch)));
                LOG.info("handing over to {}: new writes held back while the commits in flight finish",
                        view.transferTarget().get());
            }
        } else if (readOnly != null && readOnly.isDone()) {
            readOnly = null;
            admin.execute("SET GLOBAL read_only = OFF");
            LOG.info("handover abandoned: {} open for writes again (epoch {})", member.self(), view.epoch());
        }
    }

    private void stepDown(CoreView view) throws SQLException, IOException {
        dbRole = DbRole.FENCED;
        repairResolved = false; // its un-acknowledged tail, if any, is for the repair once fencing settles
        fencePending = true;
        Capture c = capture;
        capture = null;
        if (c != null) {
            c.close();
        }
        LOG.info("no longer leader (epoch {}): database being fenced", view.epoch());
        settleFence(view);
    }

    /**
     * Finishes fencing: releases waiting commits the cluster kept, kills those it will never keep, then
     * sets read_only and turns semi-sync off.
     */
    private void settleFence(CoreView view) throws SQLException, IOException {
        if (!fencePending) {
            verifyFollower();
            repairIfDue(false);
            return;
        }
        if (readOnly == null) {
            readOnly = admin.readOnlyAsync(); // from now on no new write gets in
        }
        if (semiSync && admin.waitingForAck() > 0) {
            Optional<SemiSyncAck> kept = lastOwnCommitted(view.commitLsn());
            if (kept.isPresent() && !kept.get().equals(released)) {
                SemiSyncRelease.release(admin.address(), replicaServerId, kept.get());
                released = kept.get();
                LOG.info("released commits the cluster kept, up to {}:{} (commit index {}, waiting {}, last kept {})",
                        kept.get().file(), kept.get().position(), view.commitLsn(), admin.waitingForAck(), lastKeptGtid);
            }
            if (admin.waitingForAck() > 0) {
                if (!newerLeaderCommitted(view)) {
                    return; // maybe this node leads again and the cluster keeps them: keep waiting
                }
                int killed = admin.killClientsOfDeposedLeader();
                LOG.warn("{} client session(s) killed: commits were waiting that leader {} of epoch {} did not keep "
                        + "(errant, for the rejoin repair; their clients get a lost connection, never an OK)", killed,
                        view.leader().orElse(null), view.epoch());
            }
        }
        if (!readOnly.isDone()) {
            return;
        }
        CompletableFuture<Void> r = readOnly;
        readOnly = null;
        try {
            r.join();
        } catch (java.util.concurrent.CompletionException e) {
            throw new SQLException("cannot set read_only on " + admin.address() + ": " + e.getCause().getMessage(), e.getCause());
        }
        admin.with(c -> {
            SemiSyncSettings.disable(c); // safe now: read_only stops ordinary commits
            return null;
        });
        fencePending = false;
        LOG.info("database fenced (read_only=ON)");
        repairIfDue(true);
    }

    /**
     * A leader of a newer epoch (this node included, when it leads again) has committed a record of its
     * own epoch: everything before it that the cluster keeps is committed, what it did not keep is gone.
     */
    private boolean newerLeaderCommitted(CoreView view) {
        if (view.leader().isEmpty() || !view.epoch().isAfter(lastLed)) {
            return false;
        }
        Lsn epochStart = member.log().endOfEpoch(view.epoch().previous()).next();
        return !view.commitLsn().isBefore(epochStart);
    }

    /** The binlog position after the last transaction of this server that is committed in the WAL. */
    private Optional<SemiSyncAck> lastOwnCommitted(Lsn commit) throws SQLException {
        if (serverId < 0) {
            serverId = admin.serverId();
        }
        Lsn from = Lsn.of(Math.max(member.wal().firstLsn().value(), commit.value() - RELEASE_SCAN_RECORDS + 1));
        Optional<SemiSyncAck> last = Optional.empty();
        try {
            for (Lsn at = from; !at.isAfter(commit); ) {
                List<WalRecord> batch = member.wal().read(at, 500, 16 << 20);
                if (batch.isEmpty()) {
                    break;
                }
                for (WalRecord r : batch) {
                    if (r.lsn().isAfter(commit)) {
                        break;
                    }
                    if (r.type() == LogRecord.TRANSACTION) {
                        var tx = com.wolfscale.changelog.TransactionRecord.decode(r.payload());
                        if (tx.gtid().serverId() == serverId) {
                            last = Optional.of(new SemiSyncAck(tx.binlogEndPosition(), tx.binlogFile()));
                            lastKeptGtid = tx.gtid() + "@" + r.lsn();
                        }
                    }
                }
                at = batch.get(batch.size() - 1).lsn().next();
            }
        } catch (com.wolfscale.wal.WalException e) {
            LOG.warn("cannot scan the WAL for this server's committed transactions: {}", e.getMessage());
        }
        return last;
    }

    /** Periodically checks that the database still matches the role (someone may flip read_only by hand). */
    private void verifyFollower() throws SQLException {
        if (!due()) {
            return;
        }
        if (!admin.readOnly()) {
            LOG.warn("read_only was turned off on a follower's database by someone else; fencing again");
            fencePending = true;
        }
    }

    private void verifyLeader() throws SQLException {
        if (!due() || !semiSync) {
            return;
        }
        SemiSyncSettings.Status s = admin.with(SemiSyncSettings::status);
        if (!s.active()) {
            problem = "MariaDB semi-sync is OFF on the leader: commits are not waiting for the cluster ("
                    + s.noTx() + " unprotected so far)";
            LOG.error("{}", problem);
        }
    }

    private boolean due() {
        long now = System.currentTimeMillis();
        if (now - lastCheckMs < 2000) {
            return false;
        }
        lastCheckMs = now;
        return true;
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

        @Override
        public void committed(Lsn lsn, long nanos) {
            commitNanos.accept(nanos);
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
