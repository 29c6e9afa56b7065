package com.wolfscale.replication;

import com.wolfscale.common.Epoch;
import com.wolfscale.common.Lsn;
import com.wolfscale.common.NodeId;
import com.wolfscale.core.Advertisement;
import com.wolfscale.core.ClusterCore;
import com.wolfscale.core.CoreEffect;
import com.wolfscale.core.CoreInput;
import com.wolfscale.core.CoreView;
import com.wolfscale.core.FetchRequest;
import com.wolfscale.core.FetchResponse;
import com.wolfscale.core.HardState;
import com.wolfscale.core.LogRecord;
import com.wolfscale.core.Message;
import com.wolfscale.core.Role;
import com.wolfscale.transport.PeerTransport;
import com.wolfscale.transport.TransportListener;
import com.wolfscale.wal.Wal;
import com.wolfscale.wal.WalException;
import com.wolfscale.wal.WalRecord;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One node's part of the cluster, without any database: its WAL, the cluster core on its loop, the peer
 * transport, and both sides of pull replication. The node runtime puts capture, apply and the proxy on
 * top; tests and benchmarks use it alone. {@link #append} is the only way records enter the log as leader.
 */
public final class ClusterMember implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ClusterMember.class);

    /** Observers of role changes and alerts (the node runtime: capture, fencing, status). */
    public interface Listener {
        default void roleChanged(Role role, Epoch epoch, Optional<NodeId> leader) {
        }

        default void alert(CoreEffect.Alert alert) {
        }
    }

    private final MemberSettings settings;
    private final Wal wal;
    private final WalLogView log;
    private final HardStateFile hardState;
    private final CoreLoop loop;
    private final PeerTransport transport;
    private final ReplicationServer server;
    private final ReplicationClient client;
    private final List<Listener> listeners = new CopyOnWriteArrayList<>();
    private final List<CoreEffect.Alert> recentAlerts = new CopyOnWriteArrayList<>();
    private final Map<NodeId, Map<String, String>> peerEndpoints = new ConcurrentHashMap<>();

    private ClusterMember(MemberSettings s, Wal wal, Supplier<Lsn> applied,
                          ReplicationClient.TruncationListener truncations) throws IOException {
        this.settings = s;
        this.wal = wal;
        this.log = new WalLogView(wal);
        this.hardState = new HardStateFile(s.stateDir());
        HardState persisted = hardState.read();
        ClusterCore core = new ClusterCore(s.core(), persisted, log, new SplittableRandom(),
                CoreLoop.systemClock().getAsLong());
        Dispatcher dispatcher = new Dispatcher();
        this.loop = new CoreLoop(core, new Effects(), CoreLoop.systemClock());
        this.transport = new PeerTransport(s.core().self(), s.clusterSecret(), s.bind(), s.peers(), dispatcher,
                s.transport());
        this.server = new ReplicationServer(s.core().self(), log, loop, transport, s.pollTimeout());
        Supplier<Lsn> appliedOrCommit = applied != null ? applied
                : () -> Lsn.min(loop.view().commitLsn(), wal.durableLsn());
        this.client = new ReplicationClient(log, loop, transport, appliedOrCommit, truncations, this::recordAlert,
                s.maxFetchRecords(), s.maxFetchBytes(), s.pollTimeout());
        dispatcher.ready = true;
        loop.submit(new CoreInput.PeersKnown(s.knownPeerIds()));
        transport.connectedPeers().forEach(this::advertiseTo); // connected before the dispatcher was ready
    }

    /**
     * Opens the WAL and starts the member.
     *
     * @param applied     the database's applied position; null when no database is attached (then the
     *                    commit index stands in for it)
     * @param truncations told before a divergence truncation
     */
    public static ClusterMember start(MemberSettings settings, Supplier<Lsn> applied,
                                      ReplicationClient.TruncationListener truncations)
            throws IOException, WalException {
        Wal wal = Wal.open(settings.wal());
        try {
            return new ClusterMember(settings, wal, applied, truncations);
        } catch (IOException | RuntimeException e) {
            wal.close();
            throw e;
        }
    }

    public void addListener(Listener l) {
        listeners.add(l);
    }

    /** Service endpoints (see {@link Advertisement}) of each peer that advertised since it last connected. */
    public Map<NodeId, Map<String, String>> peerEndpoints() {
        return Map.copyOf(peerEndpoints);
    }

    /** This node's own advertised endpoints. */
    public Map<String, String> endpoints() {
        return settings.advertised();
    }

    private void advertiseTo(NodeId peer) {
        transport.send(peer, new Advertisement(self(), loop.view().epoch(), settings.advertised()));
    }

    public NodeId self() {
        return settings.core().self();
    }

    public CoreView view() {
        return loop.view();
    }

    public CoreLoop loop() {
        return loop;
    }

    public Wal wal() {
        return wal;
    }

    public WalLogView log() {
        return log;
    }

    public PeerTransport transport() {
        return transport;
    }

    public List<CoreEffect.Alert> recentAlerts() {
        return List.copyOf(recentAlerts);
    }

    public String replicationStoppedReason() {
        return client.stoppedReason();
    }

    /**
     * Appends a record as leader, in the epoch this node currently leads. Fails at once (and appends
     * nothing) when this node does not lead (see {@link CoreView#mayAppend}); new writes should be
     * refused earlier, by {@link CoreView#writable}.
     */
    public CompletableFuture<WalRecord> append(byte type, byte[] payload, long timestampMicros) {
        CoreView v = loop.view();
        if (!v.mayAppend()) {
            return CompletableFuture.failedFuture(new NotWritableException(v));
        }
        return wal.append(v.epoch(), type, payload, timestampMicros).whenComplete((r, e) -> {
            if (r != null) {
                log.noteAppended(r.lsn(), r.timestampMicros());
            }
            loop.logChanged();
        });
    }

    /** Blocks until the record at {@code lsn} is committed (durable on the commit set). */
    public boolean awaitCommit(Lsn lsn, Duration timeout) throws InterruptedException {
        return loop.awaitCommit(lsn, timeout);
    }

    /** Pauses or resumes fetching from the leader ({@link ReplicationClient#pause}). */
    public void pauseFetching(boolean pause) {
        client.pause(pause);
    }

    /** Completes with true once the record at {@code lsn} is committed, false if the member stops first. */
    public CompletableFuture<Boolean> whenCommitted(Lsn lsn) {
        return loop.whenCommitted(lsn);
    }

    @Override
    public void close() {
        client.close();
        transport.close();
        loop.close();
        wal.close();
    }

    private void recordAlert(CoreEffect.Alert a) {
        recentAlerts.add(a);
        while (recentAlerts.size() > 50) {
            recentAlerts.remove(0);
        }
        listeners.forEach(l -> l.alert(a));
    }

    /** Routes what arrives from peers: fetches to the replication sides, the rest to the core. */
    private final class Dispatcher implements TransportListener {
        volatile boolean ready;

        @Override
        public void onMessage(NodeId from, Message m) {
            if (!ready) {
                return;
            }
            switch (m) {
                case FetchRequest r -> server.onFetch(from, r);
                case FetchResponse r -> client.onResponse(from, r);
                case Advertisement a -> peerEndpoints.put(from, a.endpoints());
                default -> loop.submit(new CoreInput.Received(m));
            }
        }

        @Override
        public void onConnected(NodeId peer) {
            if (ready) {
                loop.submit(new CoreInput.PeersKnown(java.util.Set.of(peer)));
                advertiseTo(peer);
            }
        }
    }

    private final class Effects implements CoreEffectHandler {
        @Override
        public void send(NodeId to, Message message) {
            if (transport != null) {
                transport.send(to, message);
            }
        }

        @Override
        public void persist(HardState state) throws IOException {
            hardState.write(state);
        }

        @Override
        public void appendEpochStart(Epoch epoch) {
            wal.append(epoch, LogRecord.EPOCH_START, new byte[0], System.currentTimeMillis() * 1000)
                    .whenComplete((r, e) -> {
                        if (e != null) {
                            LOG.error("cannot append the epoch-start record of {}: {}", epoch, e.getMessage());
                        }
                        loop.logChanged();
                    });
        }

        @Override
        public void roleChanged(Role role, Epoch epoch, Optional<NodeId> leader) {
            LOG.info("{}: {} in epoch {}, leader {}", self(), role, epoch, leader.map(NodeId::toString).orElse("unknown"));
            listeners.forEach(l -> l.roleChanged(role, epoch, leader));
        }

        @Override
        public void alert(CoreEffect.Alert alert) {
            switch (alert.severity()) {
                case INFO -> LOG.info("{}", alert.message());
                case WARNING -> LOG.warn("{}", alert.message());
                case CRITICAL -> LOG.error("{}", alert.message());
            }
            recordAlert(alert);
        }
    }
}
