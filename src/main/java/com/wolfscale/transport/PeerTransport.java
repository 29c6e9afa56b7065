package com.wolfscale.transport;

import com.wolfscale.common.NodeId;
import com.wolfscale.common.SocketDeadline;
import com.wolfscale.core.Message;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The cluster port: listens for peers, dials the configured peer addresses, authenticates every
 * connection with the cluster secret, and keeps exactly one connection per peer pair (when both sides
 * dial, the connection dialled by the lower node id survives). Dialers retry with backoff for ever.
 * Unauthenticated or wrong-cluster connections are refused and logged once per source address.
 * Thread-safe.
 */
public final class PeerTransport implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(PeerTransport.class);

    private final NodeId self;
    private final ClusterAuth auth;
    private final TransportOptions options;
    private final TransportListener listener;
    private final Map<NodeId, PeerConnection> connections = new ConcurrentHashMap<>();
    private final Map<InetSocketAddress, NodeId> idOfAddress = new ConcurrentHashMap<>();
    private final Set<String> refusedSources = ConcurrentHashMap.newKeySet();
    private final List<Thread> threads = new CopyOnWriteArrayList<>();
    private final ServerSocket server;
    private volatile boolean closed;

    /**
     * Binds the listen socket at once (so a port clash is reported at start-up) and starts accepting and
     * dialling.
     */
    public PeerTransport(NodeId self, byte[] clusterSecret, InetSocketAddress bind, List<InetSocketAddress> peers,
                         TransportListener listener, TransportOptions options) throws IOException {
        this.self = self;
        this.auth = new ClusterAuth(clusterSecret);
        this.options = options;
        this.listener = listener;
        this.server = new ServerSocket();
        server.setReuseAddress(true);
        server.bind(bind, 128);
        threads.add(Thread.ofVirtual().name("peer-accept").start(this::acceptLoop));
        // dialling and handshakes on platform threads: socket I/O on a virtual thread turns the socket
        // non-blocking for good, and each later read of the connection would cost three system calls, not one
        for (InetSocketAddress peer : peers) {
            threads.add(Thread.ofPlatform().daemon().name("peer-dial-" + peer).start(() -> dialLoop(peer)));
        }
    }

    /** The bound cluster address (useful when bound to port 0 in tests). */
    public InetSocketAddress localAddress() {
        return (InetSocketAddress) server.getLocalSocketAddress();
    }

    /** Queues a message for a peer; false if there is no connection to it or its queue is full. */
    public boolean send(NodeId to, Message m) {
        PeerConnection c = connections.get(to);
        return c != null && c.send(m, 0);
    }

    /** Like {@link #send} but waits up to {@code wait} for queue space (for bulk replication answers). */
    public boolean send(NodeId to, Message m, Duration wait) {
        PeerConnection c = connections.get(to);
        return c != null && c.send(m, wait.toMillis());
    }

    /**
     * Like {@link #send(NodeId, Message, Duration)}, but written on the calling thread when the connection
     * has nothing queued (the replication round trip's messages: no writer-thread wake-up). The caller may
     * block while the socket's buffer is full.
     */
    public boolean sendNow(NodeId to, Message m, Duration wait) {
        PeerConnection c = connections.get(to);
        return c != null && c.sendNow(m, wait.toMillis());
    }

    public Set<NodeId> connectedPeers() {
        return Set.copyOf(connections.keySet());
    }

    public Optional<NodeId> peerAt(InetSocketAddress address) {
        return Optional.ofNullable(idOfAddress.get(address));
    }

    private void acceptLoop() {
        while (!closed) {
            try {
                Socket s = server.accept();
                Thread.ofPlatform().daemon().name("peer-handshake").start(() -> establish(s, false, null));
            } catch (IOException e) {
                if (!closed) {
                    LOG.warn("cluster listener {}: {}", localAddress(), e.getMessage());
                }
            }
        }
    }

    private void dialLoop(InetSocketAddress address) {
        long backoffMs = 50;
        while (!closed) {
            NodeId known = idOfAddress.get(address);
            if (known != null && connections.containsKey(known)) {
                sleep(100); // connected (in either direction): nothing to do
                backoffMs = 50;
                continue;
            }
            Socket s = new Socket();
            try {
                try (SocketDeadline deadline = SocketDeadline.arm(s, options.connectTimeout())) {
                    s.connect(address); // untimed, bounded by the deadline: see SocketDeadline
                }
                if (establish(s, true, address)) {
                    backoffMs = 50;
                    continue;
                }
            } catch (IOException e) {
                LOG.debug("dial {} failed: {}", address, e.getMessage());
                closeQuietly(s);
            }
            sleep(backoffMs);
            backoffMs = Math.min(1000, backoffMs * 2);
        }
    }

    /** @return true when the connection was established and registered */
    private boolean establish(Socket s, boolean dialer, InetSocketAddress dialled) {
        String source = s.getInetAddress() == null ? "?" : s.getInetAddress().getHostAddress();
        PeerConnection c;
        try {
            c = PeerConnection.open(s, dialer, self, auth, options);
        } catch (IOException | RuntimeException e) {
            if (refusedSources.add(source + (dialer ? " (dialled)" : ""))) {
                LOG.warn("refused cluster connection {} {}: {} (logged once per source)",
                        dialer ? "to" : "from", dialer ? dialled : source, e.getMessage());
            }
            return false;
        }
        if (dialled != null) {
            idOfAddress.put(dialled, c.peer());
        }
        if (!register(c)) {
            c.close(x -> { });
            return false;
        }
        c.start(listener, this::unregister);
        LOG.info("connected to peer {} ({})", c.peer(), dialer ? "dialled " + dialled : "accepted from " + source);
        listener.onConnected(c.peer());
        return true;
    }

    /** Keeps one connection per pair: the one dialled by the lower node id wins a tie. */
    private synchronized boolean register(PeerConnection c) {
        if (closed) {
            return false;
        }
        PeerConnection existing = connections.get(c.peer());
        if (existing != null && !existing.isClosed()) {
            NodeId dialerOfNew = c.dialer() ? self : c.peer();
            NodeId dialerOfOld = existing.dialer() ? self : c.peer();
            if (dialerOfOld.compareTo(dialerOfNew) <= 0) {
                return false;
            }
            connections.put(c.peer(), c);
            existing.close(x -> { });
            return true;
        }
        connections.put(c.peer(), c);
        return true;
    }

    private void unregister(PeerConnection c) {
        boolean removed;
        synchronized (this) {
            removed = connections.remove(c.peer(), c);
        }
        if (removed) {
            LOG.info("disconnected from peer {}", c.peer());
            listener.onDisconnected(c.peer());
        }
    }

    @Override
    public void close() {
        closed = true;
        closeQuietly(server);
        connections.values().forEach(c -> c.close(x -> { }));
        threads.forEach(Thread::interrupt);
    }

    private static void closeQuietly(AutoCloseable c) {
        try {
            c.close();
        } catch (Exception ignored) {
            // best effort
        }
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
