package com.wolfscale.proxy;

import com.wolfscale.config.HostPort;
import com.wolfscale.mysql.PacketReader;
import com.wolfscale.mysql.PacketWriter;
import com.wolfscale.mysql.packet.HandshakeV10;
import com.wolfscale.mysql.auth.AuthSeed;
import com.wolfscale.proxy.auth.AccountCache;
import com.wolfscale.proxy.auth.JdbcAccountSource;
import com.wolfscale.proxy.auth.NativeAuthenticator;
import com.wolfscale.proxy.auth.PemTlsContext;
import com.wolfscale.proxy.route.ReadRouter;
import com.wolfscale.proxy.route.StatementClassifier;
import com.wolfscale.proxy.session.ClientSession;
import com.wolfscale.proxy.session.ConnectionPhase;
import com.wolfscale.proxy.session.SessionDependencies;
import com.wolfscale.proxy.session.SessionRegistry;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.concurrent.ThreadFactory;
import javax.net.ssl.SSLContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The MySQL-protocol proxy of one node: listens on {@code proxy.bind_address}, runs each client connection
 * as a {@link ClientSession} on its own thread, refuses connections beyond {@code max_connections}
 * with MariaDB's error 1040, and presents itself with the local MariaDB's version and capabilities (read
 * from its greeting; until it answers, a MariaDB 10.11 identity).
 *
 * <p>Started by the node ({@link #start}), stopped with {@link #close()}, which stops accepting and ends
 * every session (their backend connections close, so open transactions roll back). Thread-safe.
 */
public final class ProxyServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ProxyServer.class);
    private static final Duration IDENTITY_RETRY = Duration.ofSeconds(5);

    private final ProxyConfig config;
    private final ProxyCluster cluster;
    private final ServerSocket listener;
    private final SessionRegistry registry = new SessionRegistry();
    private final SessionDependencies deps;
    private final AuthSeed seeds = new AuthSeed(new SecureRandom());
    /**
     * Platform threads by default, against ARCHITECTURE D9: a relayed statement blocks twice (client, then
     * MariaDB), and on a virtual thread each block is an epoll registration, a poller wake-up and a carrier
     * hand-off. Alternating runs on 2 cores (2026-11-27): sysbench write-only through the leader's proxy
     * 0.82-0.95x of direct on platform threads against 0.69-0.71x on virtual ones; point selects +3 %.
     * Stacks are reserved, not committed, memory; {@code -Dwolfscale.proxy.virtualThreads=true} switches back.
     */
    private final ThreadFactory threads = Boolean.getBoolean("wolfscale.proxy.virtualThreads")
            ? Thread.ofVirtual().name("proxy-session-", 0).factory()
            : Thread.ofPlatform().name("proxy-session-", 0).stackSize(1024 * 1024).daemon().factory();
    private volatile ServerIdentity identity = ServerIdentity.FALLBACK;
    private volatile long identityProbedNanos;
    private volatile boolean identityKnown;
    private volatile boolean closed;
    private final Thread acceptor;
    private final Thread reaper;

    private ProxyServer(ProxyConfig config, ProxyCluster cluster, AccountCache accounts, SSLContext tls)
            throws IOException {
        this.config = config;
        this.cluster = cluster;
        ConnectionPhase login = new ConnectionPhase(this::identity, tls,
                config.tls().map(ProxyConfig.Tls::required).orElse(false), new NativeAuthenticator(accounts));
        this.deps = new SessionDependencies(cluster, config, login, new StatementClassifier(),
                new ReadRouter(cluster, config.causalReads(), config.timeouts().causalWait()), registry);
        this.listener = new ServerSocket();
        listener.setReuseAddress(true);
        HostPort bind = config.bindAddress();
        listener.bind(new InetSocketAddress(InetAddress.getByName(bind.host()), bind.port()), 1024);
        this.acceptor = Thread.ofVirtual().name("proxy-accept").unstarted(this::acceptLoop);
        this.reaper = Thread.ofVirtual().name("proxy-idle-reaper").unstarted(this::reapLoop);
    }

    /**
     * Starts a proxy that reads accounts from the local MariaDB with {@link ProxyConfig#accountReader()}.
     *
     * @throws IOException when the port cannot be bound or the TLS files are unusable (the message says which)
     */
    public static ProxyServer start(ProxyConfig config, ProxyCluster cluster) throws IOException {
        ProxyConfig.AccountReader reader = config.accountReader();
        AccountCache accounts = new AccountCache(new JdbcAccountSource(cluster.localDatabase(), reader.user(),
                reader.password()));
        return start(config, cluster, accounts);
    }

    /** Starts a proxy with the given account cache (tests). */
    public static ProxyServer start(ProxyConfig config, ProxyCluster cluster, AccountCache accounts) throws IOException {
        SSLContext tls = null;
        if (config.tls().isPresent()) {
            tls = PemTlsContext.load(config.tls().get().certificate(), config.tls().get().privateKey());
        }
        ProxyServer server = new ProxyServer(config, cluster, accounts, tls);
        server.acceptor.start();
        server.reaper.start();
        LOG.info("proxy listening on {} (causal_reads={}, max_connections={}, tls={})", server.address(),
                config.causalReads(), config.maxConnections(), tls != null);
        return server;
    }

    /** Where clients connect (the bound port, when the config asked for port 0). */
    public HostPort address() {
        HostPort bind = config.bindAddress();
        return new HostPort(bind.connectable().host(), listener.getLocalPort());
    }

    /** Client sessions alive now. */
    public int sessionCount() {
        return registry.size();
    }

    private void acceptLoop() {
        while (!closed) {
            Socket socket;
            try {
                socket = listener.accept();
            } catch (IOException e) {
                if (!closed) {
                    LOG.warn("accepting a client failed: {}", e.toString());
                }
                continue;
            }
            try {
                socket.setTcpNoDelay(true);
                if (registry.size() >= config.maxConnections()) {
                    threads.newThread(() -> refuse(socket)).start();
                    continue;
                }
                threads.newThread(new ClientSession(deps, socket, registry.nextConnectionId(), seeds)).start();
            } catch (IOException e) {
                close(socket);
            }
        }
    }

    /** Ends sessions silent past the handshake or idle timeout, checked a few times per shortest timeout. */
    private void reapLoop() {
        ProxyConfig.Timeouts t = config.timeouts();
        long tickMillis = Math.max(50, Math.min(1000, Math.min(t.handshake().toMillis(), t.idle().toMillis()) / 4));
        while (!closed) {
            try {
                Thread.sleep(tickMillis);
            } catch (InterruptedException e) {
                return;
            }
            long now = System.nanoTime();
            for (ClientSession s : registry.all()) {
                if (s.expired(now, t.handshake(), t.idle())) {
                    LOG.debug("closing session {}: silent past its timeout", s.connectionId());
                    s.terminate();
                }
            }
        }
    }

    /** MariaDB sends 1040 instead of its greeting when it is full; so does the proxy. */
    private static void refuse(Socket socket) {
        try (socket) {
            OutputStream out = new BufferedOutputStream(socket.getOutputStream());
            new PacketWriter(out).write(0, ProxyErrors.tooManyConnections().encode());
            out.flush();
        } catch (IOException ignored) {
            // the client left first
        }
    }

    private ServerIdentity identity() {
        if (!identityKnown && System.nanoTime() - identityProbedNanos > IDENTITY_RETRY.toNanos()) {
            identityProbedNanos = System.nanoTime();
            HostPort db = cluster.localDatabase();
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress(db.host(), db.port()), 2000);
                s.setSoTimeout(2000);
                HandshakeV10 greeting = HandshakeV10.decode(new PacketReader(s.getInputStream()).readPayload(64 * 1024));
                identity = ServerIdentity.of(greeting.serverVersion(), greeting.capabilities(), greeting.collation());
                identityKnown = true;
            } catch (IOException | RuntimeException e) {
                LOG.info("cannot read the local MariaDB's greeting at {} ({}); presenting MariaDB 10.11 meanwhile",
                        db, e.toString());
            }
        }
        return identity;
    }

    /**
     * Stops taking connections, waits (at most {@code max}) until no session is in the middle of a command,
     * then closes. A leader stopping after its handover holds statements that its database refused as
     * read-only while it handed over, to run them on the next leader; closing at once cut them off, and their
     * clients (often a follower's proxy forwarding) could only report an unknown outcome for a statement that
     * never ran.
     */
    public void drainAndClose(Duration max) {
        closed = true;
        try {
            listener.close();
        } catch (IOException ignored) {
            // closing anyway
        }
        long deadline = System.nanoTime() + max.toNanos();
        while (System.nanoTime() < deadline && registry.all().stream().anyMatch(ClientSession::busy)) {
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        long busy = registry.all().stream().filter(ClientSession::busy).count();
        if (busy > 0) {
            LOG.warn("proxy closing with {} statement(s) still running after {} ms", busy, max.toMillis());
        }
        close();
    }

    @Override
    public void close() {
        closed = true;
        try {
            listener.close();
        } catch (IOException ignored) {
            // closing anyway
        }
        registry.all().forEach(ClientSession::terminate);
        reaper.interrupt();
        try {
            acceptor.join(Duration.ofSeconds(5));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void close(Socket socket) {
        try {
            socket.close();
        } catch (IOException ignored) {
            // nothing to release
        }
    }
}
