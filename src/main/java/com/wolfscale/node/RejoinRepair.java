package com.wolfscale.node;

import com.wolfscale.apply.RepairLedger;
import com.wolfscale.apply.TransactionUndo;
import com.wolfscale.capture.BinlogScanner;
import com.wolfscale.changelog.TransactionRecord;
import com.wolfscale.common.Lsn;
import com.wolfscale.core.LogRecord;
import com.wolfscale.mysql.binlog.Gtid;
import com.wolfscale.replication.ClusterMember;
import com.wolfscale.wal.WalException;
import com.wolfscale.wal.WalRecord;
import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds and rolls back what this node's MariaDB committed that the cluster's log does not hold: a deposed
 * leader's un-acknowledged tail (semi-sync commits it after a kill or at crash recovery) or anything
 * written directly while the node was read-only to others. A follower's binlog holds only its own
 * transactions (apply runs with binary logging off), so every transaction in it after the checkpoint is
 * a candidate, classified by GTID against the WAL:
 *
 * <ul>
 *   <li>in the WAL at or below the commit index: kept by the cluster, nothing to do;</li>
 *   <li>in the WAL above the commit index: undecided until the leader's log settles it (kept, or
 *       truncated away): the pass stops there and is retried;</li>
 *   <li>not in the WAL: errant, never captured or truncated as divergent: rolled back (newest first) by
 *       {@link TransactionUndo}, saved and audited by {@link RepairAudit}, recorded in
 *       {@link RepairLedger} in the same database transaction.</li>
 * </ul>
 *
 * What cannot be undone safely (DDL, a non-transactional table, a row changed since, a purged binlog, WAL
 * records removed by retention) leaves the node NEEDS_MIGRATION with the reason. Used by the role
 * controller's thread only.
 */
final class RejoinRepair {

    private static final Logger LOG = LoggerFactory.getLogger(RejoinRepair.class);
    /** More errant data than this in the binlog is not repaired in place: migrate instead. */
    static final long MAX_SCAN_BYTES = 256L << 20;

    /** The result of one pass. */
    sealed interface Outcome permits Clean, Pending, NeedsMigration { }

    /** Nothing left to resolve; {@code rolledBack} transactions were rolled back in this pass. */
    record Clean(int rolledBack) implements Outcome { }

    /** Candidates wait for the cluster to decide; retry. */
    record Pending(String why) implements Outcome { }

    record NeedsMigration(String reason) implements Outcome { }

    private final DatabaseAdmin admin;
    private final ClusterMember member;
    private final long scanServerId;
    private final RepairAudit audit;
    /** What status shows: how many transactions this node's database had rolled back, and the last one. */
    private volatile long rolledBackTotal;
    private volatile String lastRolledBack;

    RejoinRepair(DatabaseAdmin admin, ClusterMember member, long scanServerId, Path dataDir) {
        this.admin = admin;
        this.member = member;
        this.scanServerId = scanServerId;
        this.audit = new RepairAudit(dataDir, member.self().value());
    }

    /** Creates the bookkeeping; a node seen for the first time starts resolved at its current binlog end. */
    void init() throws SQLException {
        admin.with(c -> {
            RepairLedger.ensure(c);
            try (java.sql.Statement s = c.createStatement(); java.sql.ResultSet rs = s.executeQuery(
                    "SELECT COUNT(*), (SELECT gtid FROM " + RepairLedger.ROLLED_BACK + " ORDER BY rolled_back_at DESC "
                            + "LIMIT 1) FROM " + RepairLedger.ROLLED_BACK)) {
                rs.next();
                rolledBackTotal = rs.getLong(1);
                lastRolledBack = rs.getString(2);
            }
            if (RepairLedger.checkpoint(c).isEmpty()) {
                RepairLedger.writeCheckpoint(c, new RepairLedger.Checkpoint(binlogPosition(c), Lsn.ZERO));
            }
            return null;
        });
    }

    /** One pass over the binlog written since the checkpoint. */
    Outcome pass() throws SQLException {
        RepairLedger.Checkpoint cp = admin.with(RepairLedger::checkpoint).orElseThrow();
        if (samePosition(admin.binlogPosition(), cp.binlogAfter())) {
            return new Clean(0);
        }
        List<TransactionRecord> scanned;
        try {
            scanned = BinlogScanner.scan(admin.address(), scanServerId, cp.binlogAfter(), MAX_SCAN_BYTES);
        } catch (BinlogScanner.PurgedException | BinlogScanner.TooLargeException e) {
            return new NeedsMigration(e.getMessage());
        } catch (IOException e) {
            return new Pending("cannot read the binlog of " + admin.address() + ": " + e.getMessage());
        }
        Lsn commit = member.view().commitLsn();
        List<Gtid> resolvedTo = advance(cp.binlogAfter(), scanned);
        Set<String> done = admin.with(RepairLedger::rolledBackGtids);
        List<TransactionRecord> candidates = scanned.stream().filter(t -> !done.contains(t.gtid().toString())).toList();
        if (candidates.isEmpty()) {
            checkpoint(resolvedTo, commit);
            return new Clean(0);
        }
        Map<Gtid, Lsn> inWal;
        try {
            inWal = ownRecords(cp.walLsn());
        } catch (WalException | IllegalStateException e) {
            if (e instanceof com.wolfscale.wal.WalClosedException || Thread.currentThread().isInterrupted()) {
                // the node is stopping (close interrupts this thread): nothing is known about the database
                return new Pending("the WAL read was cut short (" + e.getMessage() + ")");
            }
            return new NeedsMigration(e.getMessage());
        }
        int rolledBack = 0;
        for (int i = candidates.size() - 1; i >= 0; i--) {
            TransactionRecord tx = candidates.get(i);
            Lsn at = inWal.get(tx.gtid());
            if (at != null && !at.isAfter(commit)) {
                continue; // kept by the cluster
            }
            if (at != null) {
                return new Pending("transaction " + tx.gtid() + " is in the WAL at " + at + " but not yet committed "
                        + "(commit index " + commit + "): waiting for the leader's log to decide");
            }
            Gtid newestOwn = inWal.keySet().stream().filter(g -> g.serverId() == tx.gtid().serverId())
                    .max(java.util.Comparator.comparingLong(Gtid::sequence)).orElse(null);
            LOG.info("errant: {} not among the {} transaction record(s) in the WAL after {} (WAL {}..{}, commit {}, "
                    + "binlog resolved to {}, newest own there {} at {})", tx.gtid(), inWal.size(), cp.walLsn(),
                    member.wal().firstLsn(), member.wal().lastLsn(), commit, cp.binlogAfter(), newestOwn,
                    newestOwn == null ? null : inWal.get(newestOwn));
            try {
                rollBack(tx);
                rolledBack++;
            } catch (TransactionUndo.RefusedException e) {
                return new NeedsMigration("errant transaction " + tx.gtid() + " cannot be rolled back: " + e.getMessage());
            } catch (IOException e) {
                return new Pending("cannot save transaction " + tx.gtid() + " before rolling it back: " + e.getMessage());
            }
        }
        checkpoint(resolvedTo, commit);
        return new Clean(rolledBack);
    }

    long rolledBackTotal() {
        return rolledBackTotal;
    }

    /** The GTID rolled back last, or null. */
    String lastRolledBack() {
        return lastRolledBack;
    }

    Path auditDir() {
        return audit.dir();
    }

    private void rollBack(TransactionRecord tx) throws IOException, SQLException, TransactionUndo.RefusedException {
        Path saved = audit.save(tx);
        try (Connection c = admin.open()) {
            new TransactionUndo(c).undo(tx, conn -> RepairLedger.record(conn, new RepairLedger.Entry(
                    tx.gtid().toString(), tx.binlogFile(), tx.binlogEndPosition(), Instant.now(),
                    RepairAudit.describe(tx), tx.rowCount(), saved.toString())));
        }
        audit.record(tx, saved);
        rolledBackTotal++;
        lastRolledBack = tx.gtid().toString();
        LOG.warn("REPAIR: rolled back errant transaction {} ({}; {} row(s)), saved to {}", tx.gtid(),
                RepairAudit.describe(tx), tx.rowCount(), saved);
    }

    /**
     * GTIDs of transactions in the WAL after {@code from} (this node's captures are the only ones its
     * binlog can hold): any own transaction committed after the checkpoint was captured above it.
     */
    private Map<Gtid, Lsn> ownRecords(Lsn from) throws WalException {
        Map<Gtid, Lsn> out = new HashMap<>();
        Lsn first = member.wal().firstLsn();
        if (first.isAfter(from.next())) {
            throw new IllegalStateException("the WAL records after " + from + " needed to check this node's own "
                    + "transactions were removed by retention (the WAL starts at " + first + ")");
        }
        Lsn last = member.wal().lastLsn();
        for (Lsn at = from.next(); !at.isAfter(last); ) {
            List<WalRecord> batch = member.wal().read(at, 1000, 32 << 20);
            if (batch.isEmpty()) {
                break;
            }
            for (WalRecord r : batch) {
                if (r.type() == LogRecord.TRANSACTION) {
                    out.put(TransactionRecord.decode(r.payload()).gtid(), r.lsn());
                }
            }
            at = batch.get(batch.size() - 1).lsn().next();
        }
        return out;
    }

    private void checkpoint(List<Gtid> binlogAfter, Lsn walLsn) throws SQLException {
        admin.with(c -> {
            RepairLedger.writeCheckpoint(c, new RepairLedger.Checkpoint(binlogAfter, walLsn));
            return null;
        });
    }

    /** The position after {@code scanned}: per domain, the last GTID seen. */
    static List<Gtid> advance(List<Gtid> from, List<TransactionRecord> scanned) {
        Map<Long, Gtid> byDomain = new LinkedHashMap<>();
        from.forEach(g -> byDomain.put(g.domainId(), g));
        scanned.forEach(t -> byDomain.put(t.gtid().domainId(), t.gtid()));
        return new ArrayList<>(byDomain.values());
    }

    static boolean samePosition(List<Gtid> a, List<Gtid> b) {
        return new HashSet<>(a).equals(new HashSet<>(b));
    }

    private static List<Gtid> binlogPosition(Connection c) throws SQLException {
        try (var s = c.createStatement(); var rs = s.executeQuery("SELECT @@gtid_binlog_pos")) {
            rs.next();
            return rs.getString(1) == null ? List.of() : Gtid.parseList(rs.getString(1));
        }
    }
}
