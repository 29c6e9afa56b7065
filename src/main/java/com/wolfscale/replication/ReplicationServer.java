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
 * runs on its own virtual thread: it may park until records arrive (long poll), so it must not hold up
 * the connection's reader. The decision itself is {@link FetchPlanner}'s, the same one the simulator runs.
 */
public final class ReplicationServer {

    private static final Logger LOG = LoggerFactory.getLogger(ReplicationServer.class);

    private final NodeId self;
    private final WalLogView log;
    private final CoreLoop loop;
    private final PeerTransport transport;
    private final Duration pollTimeout;

    public ReplicationServer(NodeId self, WalLogView log, CoreLoop loop, PeerTransport transport, Duration pollTimeout) {
        this.self = self;
        this.log = log;
        this.loop = loop;
        this.transport = transport;
        this.pollTimeout = pollTimeout;
    }

    public void onFetch(NodeId from, FetchRequest req) {
        Thread.ofVirtual().name("fetch-serve-" + from).start(() -> serve(from, req));
    }

    private void serve(NodeId from, FetchRequest req) {
        try {
            loop.submit(new CoreInput.Received(req)); // a newer epoch in the request must reach the core
            FetchPlanner.Plan plan = FetchPlanner.plan(req, log, loop.view().epoch());
            FetchResponse.FetchOutcome outcome = switch (plan) {
                case FetchPlanner.Serve s -> {
                    progress(req, s.matchedDurable());
                    yield records(req);
                }
                case FetchPlanner.Park p -> {
                    progress(req, p.matchedDurable());
                    yield afterWaiting(req);
                }
                case FetchPlanner.Answer a -> {
                    a.matchedDurable().ifPresent(m -> progress(req, m));
                    yield a.outcome();
                }
            };
            CoreView v = loop.view();
            FetchResponse resp = new FetchResponse(self, v.epoch(), v.isLeader(), v.commitLsn(), req.fromLsn(), outcome);
            if (!transport.send(from, resp, Duration.ofSeconds(5))) {
                LOG.debug("fetch answer to {} dropped (no connection or queue full)", from);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            LOG.warn("serving a fetch from {} at {} failed: {}", from, req.fromLsn(), e.getMessage());
        }
    }

    private void progress(FetchRequest req, Lsn matched) {
        loop.submit(new CoreInput.FollowerProgress(req.from(), req.epoch(), matched, req.appliedLsn()));
    }

    private FetchResponse.FetchOutcome records(FetchRequest req) {
        return new FetchResponse.Records(log.read(req.fromLsn(), Math.max(1, req.maxRecords()), req.maxBytes()));
    }

    private FetchResponse.FetchOutcome afterWaiting(FetchRequest req) throws InterruptedException {
        log.wal().awaitAppended(req.fromLsn().previous(), pollTimeout);
        FetchPlanner.Plan again = FetchPlanner.plan(req, log, loop.view().epoch());
        return switch (again) {
            case FetchPlanner.Serve s -> records(req);
            case FetchPlanner.Park p -> new FetchResponse.Records(java.util.List.of());
            case FetchPlanner.Answer a -> a.outcome();
        };
    }

}
