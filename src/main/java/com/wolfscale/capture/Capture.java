package com.wolfscale.capture;

import com.wolfscale.common.Lsn;
import com.wolfscale.mysql.binlog.Gtid;
import com.wolfscale.mysql.replication.DumpRequest;
import com.wolfscale.mysql.replication.EventPacket;
import com.wolfscale.mysql.replication.SemiSyncAck;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the leader's own MariaDB binlog as a (semi-synchronous) replica and appends each committed
 * transaction to the WAL as one record. With semi-sync, the acknowledgement that lets MariaDB return
 * COMMIT (and make the rows visible, AFTER_SYNC) is sent only once the transaction's WAL record is
 * committed — durable on the cluster's commit set — so no client ever sees a COMMIT the cluster could lose.
 *
 * <p>Two threads: the reader assembles transactions and hands them to the {@link Sink} in binlog order;
 * the acknowledger waits, in the same order, for each record's commit and sends the ACK. After a
 * disconnect the reader waits until every handed-over append has settled and resumes right after the
 * last transaction the WAL took, so nothing is captured twice or skipped.
 */
public final class Capture implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Capture.class);

    /** Where captured transactions go (the node: its cluster member's WAL and commit index). */
    public interface Sink {
        /** Appends a record as leader; fails if this node may not take writes. */
        CompletableFuture<Lsn> append(byte[] payload, long timestampMicros);

        boolean awaitCommit(Lsn lsn, Duration timeout) throws InterruptedException;

        /** A transaction is in the WAL at {@code lsn} (for GTID → LSN lookups and status). */
        void captured(Gtid gtid, Lsn lsn);

        /**
         * Semi-sync only: the record at {@code lsn} is committed, {@code nanos} after capture handed it to
         * {@link #append} (the commit latency the cluster adds to every COMMIT).
         */
        default void committed(Lsn lsn, long nanos) {
        }
    }

    /**
     * @param startAfter GTIDs already in the WAL (or, at takeover, the server's binlog position)
     * @param committed  the binlog position after the last transaction of this server the cluster has
     *                   committed, to acknowledge on every connect (commits still waiting from an earlier
     *                   leadership are released)
     */
    public record Settings(DatabaseAddress db, long replicaServerId, List<Gtid> startAfter, boolean semiSync,
                           Duration heartbeat, int maxEventBytes, Optional<SemiSyncAck> committed) { }

    private record Pending(Gtid gtid, CompletableFuture<Lsn> lsn, Optional<SemiSyncAck> ack, SemiSyncAck end,
                           BinlogConnection via, long handedNanos) { }

    private final Settings settings;
    private final Sink sink;
    private final BlockingQueue<Pending> pending = new LinkedBlockingQueue<>();
    private final AtomicLong captured = new AtomicLong();
    /** Handed to the sink but not yet fully processed by the acknowledger. */
    private final AtomicLong outstanding = new AtomicLong();
    private final Thread reader;
    private final Thread acker;
    private volatile List<Gtid> resumeAfter;
    private volatile BinlogConnection connection;
    private volatile boolean running = true;
    private volatile String lastError;
    private volatile Gtid lastGtid;
    /** Binlog position after the last transaction known committed: re-acknowledged after a reconnect. */
    private volatile SemiSyncAck lastCommitted;

    public Capture(Settings settings, Sink sink) {
        this.settings = settings;
        this.sink = sink;
        this.resumeAfter = settings.startAfter();
        this.lastCommitted = settings.committed().orElse(null);
        this.reader = Thread.ofPlatform().name("capture-reader").daemon().start(this::readLoop);
        this.acker = Thread.ofPlatform().name("capture-acker").daemon().start(this::ackLoop);
    }

    public long capturedTransactions() {
        return captured.get();
    }

    public Optional<Gtid> lastGtid() {
        return Optional.ofNullable(lastGtid);
    }

    /** The last error that interrupted capture (it reconnects by itself), or null. */
    public String lastError() {
        return lastError;
    }

    public boolean connected() {
        return connection != null;
    }

    private void readLoop() {
        long backoff = 50;
        while (running) {
            try {
                DumpRequest request = new DumpRequest(settings.replicaServerId(), resumeAfter, settings.heartbeat(),
                        settings.semiSync(), 0);
                try (BinlogConnection c = BinlogConnection.open(settings.db(), request, settings.maxEventBytes())) {
                    connection = c;
                    LOG.info("capture connected to {} after {}", settings.db(), resumeAfter);
                    SemiSyncAck done = lastCommitted;
                    if (settings.semiSync() && done != null) {
                        c.ack(done); // commits still waiting from before the reconnect are released now
                    }
                    backoff = 50;
                    try {
                        stream(c);
                    } catch (IOException e) {
                        throw c.explain(e);
                    }
                }
            } catch (IOException | RuntimeException e) {
                if (!running) {
                    return;
                }
                lastError = e.getMessage();
                LOG.warn("capture from {} interrupted: {}; reconnecting", settings.db(), e.getMessage());
            } finally {
                connection = null;
            }
            if (!settle()) {
                return;
            }
            sleep(backoff);
            backoff = Math.min(2000, backoff * 2);
        }
    }

    private void stream(BinlogConnection c) throws IOException {
        TransactionAssembler assembler = new TransactionAssembler(() -> System.currentTimeMillis() * 1000);
        while (running) {
            Optional<EventPacket> packet = c.stream().next();
            if (packet.isEmpty()) {
                throw new IOException("binlog dump ended (EOF)");
            }
            Optional<CapturedTransaction> tx = assembler.accept(packet.get(), c.stream().currentFile());
            if (tx.isPresent()) {
                var r = tx.get().record();
                long handed = System.nanoTime();
                CompletableFuture<Lsn> lsn = sink.append(r.encode(), r.commitMicros());
                outstanding.incrementAndGet();
                pending.add(new Pending(r.gtid(), lsn, tx.get().ack(),
                        new SemiSyncAck(r.binlogEndPosition(), r.binlogFile()), c, handed));
            }
        }
    }

    /**
     * Waits until every handed-over append has settled and moves the resume point after the last one
     * the WAL took. @return false when capture must stop (a failed append: this node is no longer leader)
     */
    private boolean settle() {
        while (running && outstanding.get() > 0) {
            sleep(10);
        }
        Gtid last = lastGtid;
        if (last != null) {
            List<Gtid> next = new ArrayList<>();
            for (Gtid g : resumeAfter) {
                if (g.domainId() != last.domainId()) {
                    next.add(g);
                }
            }
            next.add(last);
            resumeAfter = List.copyOf(next);
        }
        return running;
    }

    private void ackLoop() {
        while (running) {
            try {
                Pending p = pending.poll(100, TimeUnit.MILLISECONDS);
                if (p == null) {
                    continue;
                }
                try {
                    Lsn lsn = p.lsn().get();
                    lastGtid = p.gtid();
                    captured.incrementAndGet();
                    sink.captured(p.gtid(), lsn);
                    if (settings.semiSync()) {
                        boolean committed = false;
                        while (running && !(committed = sink.awaitCommit(lsn, Duration.ofSeconds(1)))) {
                            LOG.debug("transaction {} at {} waits for the cluster to commit it", p.gtid(), lsn);
                        }
                        if (committed) {
                            sink.committed(lsn, System.nanoTime() - p.handedNanos());
                        }
                        lastCommitted = p.end();
                        if (running && p.ack().isPresent() && p.via() == connection) {
                            try {
                                p.via().ack(p.ack().get());
                            } catch (IOException e) {
                                LOG.debug("ACK lost with its connection; re-sent after the reconnect: {}", e.getMessage());
                            }
                        }
                    }
                } finally {
                    outstanding.decrementAndGet();
                }
            } catch (InterruptedException e) {
                return;
            } catch (Exception e) {
                // an append failed: this node lost leadership (or its WAL failed); the transaction stays
                // un-acknowledged in MariaDB, to be repaired when this node rejoins as a follower
                lastError = e.getMessage();
                LOG.error("capture stops: {}", e.getMessage());
                running = false;
                connectionClose();
            }
        }
    }

    private void connectionClose() {
        BinlogConnection c = connection;
        if (c != null) {
            c.close();
        }
    }

    @Override
    public void close() {
        running = false;
        connectionClose();
        reader.interrupt();
        acker.interrupt();
    }

    public boolean running() {
        return running;
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
