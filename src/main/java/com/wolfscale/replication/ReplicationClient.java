package com.wolfscale.replication;

import com.wolfscale.common.Lsn;
import com.wolfscale.common.NodeId;
import com.wolfscale.core.CoreEffect;
import com.wolfscale.core.CoreInput;
import com.wolfscale.core.CoreView;
import com.wolfscale.core.FetchFollower;
import com.wolfscale.core.FetchRequest;
import com.wolfscale.core.FetchResponse;
import com.wolfscale.transport.PeerTransport;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The follower side of pull replication, on one virtual thread: fetch from the source the core names,
 * append what arrives to the WAL, wait until it is durable, and fetch again (the next request carries the
 * new durable position, which acknowledges it). Truncates on divergence; stops, loudly, if asked to drop
 * committed records in quorum mode. Decisions are {@link FetchFollower}'s, as in the simulator.
 */
public final class ReplicationClient implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ReplicationClient.class);
    /** How often a fetch waiting for its answer checks that the core still fetches from that source. */
    private static final Duration SOURCE_CHECK = Duration.ofMillis(20);

    /** Called before a divergence truncation, with the last LSN that stays (the database may need repair). */
    public interface TruncationListener {
        void beforeTruncate(Lsn keepThrough, Lsn lastBefore);
    }

    private final WalLogView log;
    private final CoreLoop loop;
    private final PeerTransport transport;
    private final Supplier<Lsn> appliedLsn;
    private final TruncationListener truncations;
    private final Consumer<CoreEffect.Alert> alerts;
    private final int maxRecords;
    private final long maxBytes;
    private final Duration answerTimeout;
    private final Thread thread;
    private volatile boolean running = true;
    private volatile String stoppedReason;
    private volatile boolean paused;
    private volatile Pending pending;

    private record Pending(NodeId source, Lsn fromLsn, CompletableFuture<FetchResponse> answer) { }

    public ReplicationClient(WalLogView log, CoreLoop loop, PeerTransport transport, Supplier<Lsn> appliedLsn,
                             TruncationListener truncations, Consumer<CoreEffect.Alert> alerts, int maxRecords,
                             long maxBytes, Duration pollTimeout) {
        this.log = log;
        this.loop = loop;
        this.transport = transport;
        this.appliedLsn = appliedLsn;
        this.truncations = truncations;
        this.alerts = alerts;
        this.maxRecords = maxRecords;
        this.maxBytes = maxBytes;
        this.answerTimeout = pollTimeout.plusSeconds(2);
        this.thread = Thread.ofPlatform().daemon().name("replication-client").start(this::run);
    }

    /** Why replication stopped for good (an operator must act), or null while it runs. */
    public String stoppedReason() {
        return stoppedReason;
    }

    /**
     * Stops (or resumes) fetching: nothing is fetched or acknowledged while paused. A node loading a
     * snapshot pauses: what it would fetch meanwhile competes with the load, and records it acknowledged
     * must not be dropped when the snapshot's position replaces its log.
     */
    public void pause(boolean pause) {
        paused = pause;
    }

    /** Called by the transport listener for every fetch answer. */
    public void onResponse(NodeId from, FetchResponse resp) {
        Pending p = pending;
        if (p != null && p.source().equals(from) && p.fromLsn().equals(resp.requestFrom())) {
            p.answer().complete(resp);
        } else {
            loop.submit(new CoreInput.Received(resp)); // late or duplicated: only its epoch matters
        }
    }

    private void run() {
        while (running) {
            try {
                CoreView view = loop.view();
                if (view.fetchSource().isEmpty() || paused) {
                    loop.awaitViewChange(view, Duration.ofMillis(50));
                    continue;
                }
                fetchOnce(view, view.fetchSource().get());
            } catch (InterruptedException e) {
                return;
            } catch (Exception e) {
                LOG.warn("replication: {}", e.toString());
                sleep(100);
            }
        }
    }

    private void fetchOnce(CoreView view, NodeId source) throws Exception {
        FetchRequest req = FetchFollower.request(view, log, appliedLsn.get(), maxRecords, maxBytes);
        Pending p = new Pending(source, req.fromLsn(), new CompletableFuture<>());
        pending = p;
        if (!transport.sendNow(source, req, Duration.ZERO)) {
            sleep(20); // not connected (yet)
            return;
        }
        FetchResponse resp;
        try {
            resp = awaitAnswer(p, source);
            if (resp == null) {
                return; // lost on the way, or the source is gone: ask again (the core may pick another source)
            }
        } finally {
            pending = null;
        }
        FetchFollower.Action action = FetchFollower.handle(req, resp, log, loop.view());
        switch (action) {
            case FetchFollower.Append a -> {
                log.wal().appendReplicated(WalLogView.toWal(a.records())).get();
                var lastRecord = a.records().get(a.records().size() - 1);
                log.noteAppended(lastRecord.lsn(), lastRecord.timestampMicros());
                loop.logChanged();
                loop.submit(a.answered());
            }
            case FetchFollower.Truncate t -> {
                truncations.beforeTruncate(t.afterLsn(), log.lastLsn());
                LOG.warn("log diverges from {} after {}: truncating {} record(s)", resp.from(), t.afterLsn(),
                        log.lastLsn().value() - t.afterLsn().value());
                log.wal().truncateAfter(t.afterLsn()).get();
                loop.logChanged();
                loop.submit(t.answered());
            }
            case FetchFollower.Refuse r -> stop(r.reason());
            case FetchFollower.Nothing n -> {
                if (n.answered() != null) {
                    loop.submit(n.answered());
                }
            }
        }
    }

    /**
     * The answer to the pending fetch, or null after {@code answerTimeout} or as soon as the core fetches
     * from another source: a leader that died with this fetch parked never answers it, and waiting out the
     * whole timeout would keep this node from acknowledging the new leader's first records (its commit,
     * and so every client write after a failover, would wait for it).
     */
    private FetchResponse awaitAnswer(Pending p, NodeId source) throws Exception {
        long deadline = System.nanoTime() + answerTimeout.toNanos();
        while (true) {
            try {
                return p.answer().get(SOURCE_CHECK.toNanos(), TimeUnit.NANOSECONDS);
            } catch (TimeoutException e) {
                if (System.nanoTime() >= deadline || !loop.view().fetchSource().equals(Optional.of(source))) {
                    return null;
                }
            }
        }
    }

    private void stop(String reason) {
        stoppedReason = reason;
        running = false;
        LOG.error("REPLICATION STOPPED: {}", reason);
        alerts.accept(new CoreEffect.Alert(CoreEffect.Alert.Severity.CRITICAL, "replication stopped: " + reason));
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
    }

}
