package com.wolfscale.replication;

import com.wolfscale.common.Lsn;
import com.wolfscale.common.NodeId;
import com.wolfscale.core.CoreInput;
import com.wolfscale.core.CoreView;
import com.wolfscale.core.FetchPlanner;
import com.wolfscale.core.FetchRequest;
import com.wolfscale.core.FetchResponse;
import com.wolfscale.transport.PeerTransport;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serves fetches from this node's WAL (as leader, or as catch-up source before an election). Each request
 * runs on a thread of its own (pooled): it may park until records arrive (long poll), so it must not hold up
 * the connection's reader. The decision itself is {@link FetchPlanner}'s, the same one the simulator runs.
 */
public final class ReplicationServer {

    private static final Logger LOG = LoggerFactory.getLogger(ReplicationServer.class);

    private final NodeId self;
    private final WalLogView log;
    private final CoreLoop loop;
    private final PeerTransport transport;
    private final Duration pollTimeout;
    /** The highest commit index each follower was sent; it learns the commit index only from answers. */
    private final java.util.Map<NodeId, Lsn> toldCommit = new java.util.concurrent.ConcurrentHashMap<>();
    private final java.util.Set<Parked> parked = java.util.concurrent.ConcurrentHashMap.newKeySet();
    /**
     * Serving threads: platform threads, pooled (one outstanding fetch per follower, so few). Not virtual
     * threads: they write the answer on the peer's socket themselves, and a socket written from a virtual
     * thread turns non-blocking for good, after which every read of it costs three system calls, not one.
     */
    private static final java.util.concurrent.ExecutorService SERVERS = java.util.concurrent.Executors
            .newCachedThreadPool(Thread.ofPlatform().daemon().name("fetch-serve-", 0).factory());

    public ReplicationServer(NodeId self, WalLogView log, CoreLoop loop, PeerTransport transport, Duration pollTimeout) {
        this.self = self;
        this.log = log;
        this.loop = loop;
        this.transport = transport;
        this.pollTimeout = pollTimeout;
        Thread.ofVirtual().name("fetch-commit-watch").start(this::watchCommits);
    }

    /**
     * Called on the connection's reader thread. The request's durable position reaches the core from here,
     * before anything else: it is what moves the commit index, and going through a new thread first put a
     * scheduler hand-off on every commit's path. Serving (which may read the disk or park) runs on a
     * thread of its own so the reader goes on.
     */
    public void onFetch(NodeId from, FetchRequest req) {
        FetchPlanner.Plan plan;
        try {
            loop.submit(new CoreInput.Received(req)); // a newer epoch in the request must reach the core
            plan = FetchPlanner.plan(req, log, loop.view().epoch());
            switch (plan) {
                case FetchPlanner.Serve s -> progress(req, s.matchedDurable());
                case FetchPlanner.Park p -> progress(req, p.matchedDurable());
                case FetchPlanner.Answer a -> a.matchedDurable().ifPresent(m -> progress(req, m));
            }
        } catch (RuntimeException e) {
            LOG.warn("a fetch from {} at {} failed: {}", from, req.fromLsn(), e.getMessage());
            return;
        }
        SERVERS.execute(() -> serve(from, req, plan));
    }

    private void serve(NodeId from, FetchRequest req, FetchPlanner.Plan plan) {
        try {
            FetchResponse.FetchOutcome outcome = switch (plan) {
                case FetchPlanner.Serve s -> records(req);
                case FetchPlanner.Park p -> afterWaiting(req);
                case FetchPlanner.Answer a -> a.outcome();
            };
            CoreView v = loop.view();
            FetchResponse resp = new FetchResponse(self, v.epoch(), v.isLeader(), v.commitLsn(), req.fromLsn(), outcome);
            toldCommit.merge(req.from(), v.commitLsn(), (a, b) -> a.isBefore(b) ? b : a);
            if (!transport.sendNow(from, resp, Duration.ofSeconds(5))) {
                LOG.debug("fetch answer to {} dropped (no connection or queue full)", from);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            LOG.warn("serving a fetch from {} at {} failed: {}", from, req.fromLsn(), e.getMessage());
        }
    }

    /**
     * Parks until records arrive or the commit index moves past what the requester was last told, while
     * records it holds are not known to it as committed: without this a follower would apply its last
     * records only when the next write (or a heartbeat) came along.
     */
    private void awaitRecordsOrCommitAbove(FetchRequest req, Lsn told) throws InterruptedException {
        Parked me = new Parked(Thread.currentThread(), told);
        parked.add(me);
        try {
            if (!told.isBefore(loop.view().commitLsn())) { // re-checked after registering: no lost wake-up
                log.wal().awaitAppended(req.fromLsn().previous(), pollTimeout);
            }
        } catch (InterruptedException e) {
            if (!me.woken()) {
                throw e;
            }
        } finally {
            me.retire();
            parked.remove(me);
            Thread.interrupted(); // a wake-up that lost the race with a normal return
        }
    }

    /** Wakes parked fetches whose requester's records the commit index now covers. */
    private void watchCommits() {
        try {
            while (loop.running()) {
                Lsn seen = loop.view().commitLsn();
                loop.awaitCommit(seen.next(), Duration.ofSeconds(1));
                Lsn now = loop.view().commitLsn();
                for (Parked p : parked) {
                    if (p.toldCommit().isBefore(now)) {
                        p.wake();
                    }
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** A fetch parked on the WAL; {@link #wake} interrupts it at most once and never after {@link #retire}. */
    private static final class Parked {
        private final Thread thread;
        private final Lsn toldCommit;
        private boolean active = true;
        private boolean woken;

        Parked(Thread thread, Lsn toldCommit) {
            this.thread = thread;
            this.toldCommit = toldCommit;
        }

        Lsn toldCommit() {
            return toldCommit;
        }

        synchronized void wake() {
            if (active) {
                active = false;
                woken = true;
                thread.interrupt();
            }
        }

        synchronized boolean woken() {
            return woken;
        }

        synchronized void retire() {
            active = false;
        }
    }

    private void progress(FetchRequest req, Lsn matched) {
        loop.submit(new CoreInput.FollowerProgress(req.from(), req.epoch(), matched, req.appliedLsn()));
    }

    private FetchResponse.FetchOutcome records(FetchRequest req) {
        return new FetchResponse.Records(log.read(req.fromLsn(), Math.max(1, req.maxRecords()), req.maxBytes()));
    }

    private FetchResponse.FetchOutcome afterWaiting(FetchRequest req) throws InterruptedException {
        CoreView v = loop.view();
        Lsn told = toldCommit.getOrDefault(req.from(), Lsn.ZERO);
        if (v.isLeader() && told.isBefore(req.durableLsn())) {
            if (!told.isBefore(v.commitLsn())) {
                awaitRecordsOrCommitAbove(req, told);
            } // else: the commit index moved past what the requester was told: answer now
        } else {
            log.wal().awaitAppended(req.fromLsn().previous(), pollTimeout);
        }
        FetchPlanner.Plan again = FetchPlanner.plan(req, log, loop.view().epoch());
        return switch (again) {
            case FetchPlanner.Serve s -> records(req);
            case FetchPlanner.Park p -> new FetchResponse.Records(java.util.List.of());
            case FetchPlanner.Answer a -> a.outcome();
        };
    }

}
