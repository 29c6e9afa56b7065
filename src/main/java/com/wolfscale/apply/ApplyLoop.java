package com.wolfscale.apply;

import com.wolfscale.changelog.TransactionRecord;
import com.wolfscale.common.Epoch;
import com.wolfscale.common.Lsn;
import com.wolfscale.wal.WalRecord;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongPredicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies committed WAL records to the node's MariaDB in LSN order, exactly once. Row transactions are
 * replayed with {@code BINLOG} statements (exact values for every type, triggers not fired again, keyless
 * tables handled by the server); consecutive ones share one database transaction with the position update
 * ({@link AppliedPositionStore}), which is what makes the applier faster than committing one by one and
 * still exactly-once. Statement records (DDL) run on their own with a pending marker so a crash between a
 * DDL's implicit commit and the position update is recognised and not applied twice. Records this node
 * captured itself (it was leader) are already in its database and are only accounted for.
 *
 * <p>One owner thread. Binary logging is off in its session. Transient errors (deadlock, lock wait, lost
 * connection) are retried with backoff; any other error stops the applier with an {@link ApplyError}
 * until an operator retries or skips — never "log and continue".
 */
public final class ApplyLoop implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ApplyLoop.class);
    /** Longest time the position of this node's own records may stay unwritten while more keep coming. */
    static final Duration DEFER_POSITION = Duration.ofMillis(250);
    /** Nothing new to apply for this long: the applier counts as idle. */
    private static final Duration IDLE = Duration.ofMillis(50);

    /** The records to apply: the node's WAL up to what may be applied (commit index and local durability). */
    public interface Source {
        Lsn limit();

        boolean awaitLimitAbove(Lsn lsn, Duration timeout) throws InterruptedException;

        List<WalRecord> read(Lsn from, int maxRecords, long maxBytes) throws Exception;
    }

    /** Told about progress and stops; called on the apply thread. */
    public interface Listener {
        void applied(Lsn lsn, Epoch epoch, long commitMicros);

        void stopped(ApplyError error);
    }

    /**
     * @param ledHere        true for epochs this process led: their records came from this database (fast path)
     * @param maxBatchRecords most records in one database transaction
     * @param maxStatementBytes largest BINLOG statement sent (the follower's max_allowed_packet must exceed it)
     */
    public record Settings(String jdbcUrl, String user, String password, LongPredicate ledHere,
                           int maxBatchRecords, long maxBatchBytes, int maxStatementBytes) { }

    private final Settings settings;
    private final Source source;
    private final Listener listener;
    private final Thread thread;
    private volatile boolean running = true;
    private volatile AppliedPosition position = AppliedPosition.NONE;
    private volatile ApplyError error;
    private volatile Command command;
    /** Set by {@link #reload}; the apply thread re-reads the position before its next step. */
    private volatile java.util.concurrent.CompletableFuture<AppliedPosition> reload;
    private Connection conn;
    private Replayer replayer;
    /** The position the database's table holds (behind {@link #position} only while own records are deferred). */
    private Lsn persisted = Lsn.ZERO;
    private long persistedNanos;

    private enum Command { RETRY, SKIP }

    public ApplyLoop(Settings settings, Source source, Listener listener) {
        this.settings = settings;
        this.source = source;
        this.listener = listener;
        this.thread = Thread.ofPlatform().name("apply").daemon().start(this::run);
    }

    public AppliedPosition position() {
        return position;
    }

    /** Non-null while the applier is stopped on an error. */
    public ApplyError error() {
        return error;
    }

    /**
     * Re-reads the position from the database (another component rewrote it: a migration loaded a
     * snapshot) and forgets a stopped error. The source must hold the applier while that happens.
     *
     * @return completes with the position read, on the apply thread's next round
     */
    public java.util.concurrent.CompletableFuture<AppliedPosition> reload() {
        java.util.concurrent.CompletableFuture<AppliedPosition> f = new java.util.concurrent.CompletableFuture<>();
        reload = f;
        return f;
    }

    public void retry() {
        command = Command.RETRY;
    }

    public void skip() {
        command = Command.SKIP;
    }

    private void run() {
        long backoff = 50;
        while (running) {
            try {
                var r = reload;
                if (r != null) {
                    reload = null;
                    closeConnection();
                    error = null;
                    open(false);
                    r.complete(position);
                }
                if (conn == null) {
                    open(true);
                }
                if (error != null && !handleCommand()) {
                    sleep(100);
                    continue;
                }
                if (!step() && !source.awaitLimitAbove(position.lsn(), IDLE)) {
                    persistDeferred(); // idle: a deferred position goes to the table now
                }
                backoff = 50;
            } catch (InterruptedException e) {
                return;
            } catch (SQLException e) {
                if (!running) {
                    return;
                }
                if (Replayer.isTransient(e)) {
                    LOG.warn("apply: transient error {} ({}), retrying in {} ms", e.getErrorCode(), e.getMessage(), backoff);
                    closeConnection();
                    sleep(backoff);
                    backoff = Math.min(5000, backoff * 2);
                } else {
                    closeConnection();
                    sleep(backoff);
                    backoff = Math.min(5000, backoff * 2);
                    LOG.warn("apply: {}", e.getMessage());
                }
            } catch (RuntimeException e) {
                LOG.error("apply: {}", e.toString(), e);
                sleep(1000);
            } catch (Exception e) {
                LOG.warn("apply: {}", e.toString());
                sleep(backoff);
            }
        }
    }

    /**
     * @param keepDeferred after a lost connection: keep an in-memory position that is ahead of the table
     *                     (deferred own records, already in this database) instead of walking back; a
     *                     reload takes the table's position whatever it is (a snapshot rewrote it)
     */
    private void open(boolean keepDeferred) throws SQLException {
        // multi-statements: a batch goes as START TRANSACTION + position + BINLOG, then COMMIT (2 round trips)
        Connection c = DriverManager.getConnection(settings.jdbcUrl() + "&allowMultiQueries=true", settings.user(),
                settings.password());
        try (Statement s = c.createStatement()) {
            s.execute("SET SESSION sql_log_bin = 0");
            s.execute("SET SESSION innodb_lock_wait_timeout = 50");
        }
        c.setAutoCommit(true);
        AppliedPositionStore.ensure(c);
        AppliedPosition stored = AppliedPositionStore.read(c);
        persisted(stored.lsn());
        if (!(keepDeferred && position.lsn().isAfter(stored.lsn()) && stored.ddlPending().equals(Lsn.ZERO))) {
            position = stored;
        }
        conn = c;
        replayer = new Replayer(c, settings.maxStatementBytes());
        LOG.info("apply connected; database is at LSN {} (epoch {}){}", position.lsn(), position.epoch(),
                position.ddlPending().equals(Lsn.ZERO) ? "" : ", statement record " + position.ddlPending() + " was interrupted");
    }

    /** @return false when there is nothing to apply yet */
    private boolean step() throws Exception {
        Lsn limit = source.limit();
        if (!limit.isAfter(position.lsn())) {
            return false;
        }
        List<WalRecord> records = new ArrayList<>();
        for (WalRecord r : source.read(position.lsn().next(), settings.maxBatchRecords(), settings.maxBatchBytes())) {
            if (r.lsn().isAfter(limit)) {
                break;
            }
            records.add(r);
        }
        if (records.isEmpty()) {
            return false;
        }
        List<Item> batch = new ArrayList<>();
        for (WalRecord r : records) {
            Item item = Item.of(r);
            if (item.statements()) {
                if (batch.isEmpty()) {
                    applyStatements(item);
                    return true;
                }
                break;
            }
            batch.add(item);
        }
        applyRows(batch);
        return true;
    }

    private void applyRows(List<Item> batch) throws SQLException {
        List<Item> toReplay = new ArrayList<>();
        for (Item i : batch) {
            if (i.tx() != null && !alreadyHere(i)) {
                toReplay.add(i);
            }
        }
        Item last = batch.get(batch.size() - 1);
        if (toReplay.isEmpty()) {
            deferPosition(last);
            return;
        }
        String position = AppliedPositionStore.updateStatement(last.record().epoch(), last.record().lsn(),
                last.gtid(this.position.gtid()));
        try {
            // one transaction, 2 round trips: the position first, the BINLOG statement last (spikes.md §1:
            // a rows BINLOG statement is safe in a multi-statement query only as its last statement)
            replayer.replayRows(toReplay, "START TRANSACTION; " + position + "; ");
            replayer.run("COMMIT");
        } catch (SQLException e) {
            rollbackQuietly();
            if (!Replayer.isTransient(e)) {
                stop(firstFailing(toReplay, last), e);
                return;
            }
            throw e;
        }
        advance(last);
        persisted(last.record().lsn());
    }

    /**
     * Records this node captured itself (the leader's, all the time) change nothing in its database: writing
     * the position for each of them cost the leader a database transaction and a redo-log fsync per
     * commit. The position moves in memory and reaches the table at most {@link #DEFER_POSITION} later, or
     * once the applier has been idle for {@link #IDLE}. A crash in between only makes the applier walk those
     * records again, and they are recognised as already here, so nothing is applied twice.
     */
    private void deferPosition(Item last) throws SQLException {
        advance(last);
        if (System.nanoTime() - persistedNanos >= DEFER_POSITION.toNanos()) {
            persistDeferred();
        }
    }

    private void persistDeferred() throws SQLException {
        AppliedPosition p = position;
        if (conn != null && p.lsn().isAfter(persisted) && p.ddlPending().equals(Lsn.ZERO)) {
            AppliedPositionStore.write(conn, p.epoch(), p.lsn(), p.gtid());
            persisted(p.lsn());
        }
    }

    private void persisted(Lsn lsn) {
        persisted = lsn;
        persistedNanos = System.nanoTime();
    }

    private void applyStatements(Item item) throws SQLException {
        boolean resumed = position.ddlPending().equals(item.record().lsn());
        if (!resumed) {
            AppliedPositionStore.markPending(conn, item.record().lsn());
        }
        if (!alreadyHere(item)) {
            try {
                replayer.replayStatements(item, resumed);
            } catch (SQLException e) {
                if (!Replayer.isTransient(e)) {
                    stop(item, e);
                    return;
                }
                throw e;
            }
        }
        AppliedPositionStore.write(conn, item.record().epoch(), item.record().lsn(), item.gtid(position.gtid()));
        advance(item);
        persisted(item.record().lsn());
    }

    /** A record this node captured from its own database (it led then): nothing to apply. */
    private boolean alreadyHere(Item i) throws SQLException {
        if (i.tx() == null) {
            return true;
        }
        if (settings.ledHere().test(i.record().epoch().value())) {
            return true;
        }
        return replayer.inOwnBinlog(i.tx());
    }

    private void advance(Item last) {
        position = new AppliedPosition(last.record().epoch(), last.record().lsn(), last.gtid(position.gtid()), Lsn.ZERO);
        long micros = last.tx() != null ? last.tx().commitMicros() : last.record().timestampMicros();
        listener.applied(position.lsn(), position.epoch(), micros);
    }

    private Item firstFailing(List<Item> replayed, Item last) {
        return replayed.isEmpty() ? last : replayed.get(0);
    }

    private void stop(Item at, SQLException e) {
        error = new ApplyError(at.record().lsn(), at.gtid(""), e.getErrorCode(), String.valueOf(e.getSQLState()),
                e.getMessage(), Instant.now());
        LOG.error("{}", error.describe());
        listener.stopped(error);
    }

    /** @return true when the applier may go on */
    private boolean handleCommand() throws SQLException {
        Command c = command;
        command = null;
        if (c == null) {
            return false;
        }
        if (c == Command.SKIP) {
            ApplyError e = error;
            AppliedPositionStore.write(conn, position.epoch(), e.lsn(), e.gtid());
            position = new AppliedPosition(position.epoch(), e.lsn(), e.gtid(), Lsn.ZERO);
            persisted(e.lsn());
            LOG.warn("apply: record {} (GTID {}) SKIPPED by operator command; this node's data now differs from the "
                    + "leader's for that transaction", e.lsn(), e.gtid());
        }
        error = null;
        return true;
    }

    private void rollbackQuietly() {
        try {
            replayer.run("ROLLBACK");
        } catch (SQLException ignored) {
            closeConnection();
        }
    }

    private void closeConnection() {
        if (conn != null) {
            try {
                conn.close();
            } catch (SQLException ignored) {
                // already broken
            }
        }
        conn = null;
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
        try {
            thread.join(5000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        closeConnection();
    }

    /** A WAL record with its decoded transaction, if it is one. */
    record Item(WalRecord record, TransactionRecord tx) {

        static final byte TRANSACTION = 2;

        static Item of(WalRecord r) {
            return new Item(r, r.type() == TRANSACTION ? TransactionRecord.decode(r.payload()) : null);
        }

        boolean statements() {
            return tx != null && tx.hasStatements();
        }

        String gtid(String otherwise) {
            return tx == null ? otherwise : tx.gtid().toString();
        }
    }
}
