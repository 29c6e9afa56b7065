package com.wolfscale.proxy.session;

import com.wolfscale.config.HostPort;
import com.wolfscale.mysql.client.LoginFailedException;
import com.wolfscale.mysql.packet.ErrPacket;
import com.wolfscale.proxy.LeaderRoute;
import com.wolfscale.proxy.ProxyCluster;
import com.wolfscale.proxy.ProxyErrors;
import com.wolfscale.proxy.backend.BackendConnection;
import com.wolfscale.proxy.backend.BackendLogin;
import com.wolfscale.proxy.backend.BackendTarget;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A session's backend connections: at most one to the leader (this node's MariaDB when it leads, else the
 * leader's proxy) and at most one to the local MariaDB for reads (none while this node leads: the leader
 * connection is local then). Connections open lazily, log in as the client, and get the session's state
 * replayed (database, then the {@link SessionCommandHistory}) before use.
 *
 * <p>Leader changes are handled here: the leader connection is checked against
 * {@link ProxyCluster#leaderRoute()} before each use; a changed route retires it (an open transaction, temporary
 * tables or table locks die with it and the client is told), and statements wait up to
 * {@code failover_wait_ms} for a reachable leader. When this node stops leading, its leader connection
 * becomes its local-read connection; when it starts leading, the local one becomes the leader connection.
 *
 * <p>Not thread-safe: owned by the session's thread.
 */
final class BackendLinks {

    private static final Logger LOG = LoggerFactory.getLogger(BackendLinks.class);
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);
    private static final Duration ROUTE_POLL = Duration.ofMillis(200);
    /** Proxies a session may pass through: client → follower → (stale) leader → leader. */
    private static final int MAX_HOPS = 2;

    private final ProxyCluster cluster;
    private final Duration failoverWait;
    private final SessionState state;
    private final SessionCommandHistory history;
    private BackendLogin login;
    private volatile BackendConnection leader;
    private LeaderRoute leaderRoute;
    private volatile BackendConnection local;

    BackendLinks(ProxyCluster cluster, Duration failoverWait, SessionState state, SessionCommandHistory history,
            BackendLogin login) {
        this.cluster = cluster;
        this.failoverWait = failoverWait;
        this.state = state;
        this.history = history;
        this.login = login;
    }

    /** Opens the session's first connection, so the client's login is answered by a real server. */
    BackendConnection openHome() throws StatementRefused, InterruptedException {
        if (!state.forwardedIn && !(cluster.leaderRoute() instanceof LeaderRoute.LocalLeader)
                && cluster.localReadsAllowed()) {
            try {
                local = open(new BackendTarget(cluster.localDatabase(), false));
                return local;
            } catch (LoginFailedException e) {
                throw refused(e);
            } catch (IOException e) {
                LOG.info("local database unreachable ({}); logging the client in on the leader", e.getMessage());
            }
        }
        return leader();
    }

    /** The leader connection, after waiting out an election (up to failover_wait_ms). */
    BackendConnection leader() throws StatementRefused, InterruptedException {
        LeaderRoute route = cluster.leaderRoute();
        if (leader != null && leader.isOpen() && route.equals(leaderRoute)) {
            return leader;
        }
        if (leader != null) {
            retireLeader();
        }
        return connectToLeader();
    }

    /** The local-read connection, or null when reads cannot run locally now (this node leads, or it is down). */
    BackendConnection local() {
        if (cluster.leaderRoute() instanceof LeaderRoute.LocalLeader) {
            return null;
        }
        if (local != null && local.isOpen()) {
            return local;
        }
        local = null;
        if (history.overflowed()) {
            return null; // a new connection could not be given this session's state
        }
        try {
            local = open(new BackendTarget(cluster.localDatabase(), false));
            return local;
        } catch (IOException | StatementRefused e) {
            LOG.debug("no local-read connection: {}", e.getMessage());
            return null;
        }
    }

    /** The open connections, leader first. */
    List<BackendConnection> open() {
        List<BackendConnection> out = new ArrayList<>(2);
        if (leader != null && leader.isOpen()) {
            out.add(leader);
        }
        if (local != null && local.isOpen()) {
            out.add(local);
        }
        return out;
    }

    /** The open connections as seen from another thread (KILL): a snapshot of two volatile fields. */
    List<BackendConnection> snapshot() {
        BackendConnection l = leader;
        BackendConnection r = local;
        List<BackendConnection> out = new ArrayList<>(2);
        if (l != null) {
            out.add(l);
        }
        if (r != null && r != l) {
            out.add(r);
        }
        return out;
    }

    /** A connection for commands any backend can answer (ping, statistics): one already open if possible. */
    BackendConnection any() throws StatementRefused, InterruptedException {
        List<BackendConnection> open = open();
        return open.isEmpty() ? leader() : open.get(0);
    }

    boolean isLeader(BackendConnection c) {
        return c != null && c == leader;
    }

    /** Forgets a connection that failed or must not be used again. */
    void drop(BackendConnection c) {
        c.close();
        if (c == leader) {
            leader = null;
            leaderRoute = null;
        }
        if (c == local) {
            local = null;
        }
    }

    /**
     * COM_CHANGE_USER: the first open connection changes user on the server itself (so the server resets
     * the session exactly as it would for the client); the others are closed and reopen lazily as
     * {@code next}. Without an open connection, a new one is opened as {@code next}.
     *
     * @return the server's OK for the client
     */
    com.wolfscale.mysql.packet.OkPacket changeUser(BackendLogin next) throws StatementRefused, InterruptedException {
        List<BackendConnection> open = open();
        for (BackendConnection other : open.subList(Math.min(1, open.size()), open.size())) {
            drop(other);
        }
        login = next;
        if (open.isEmpty()) {
            return openHome().loginOk();
        }
        BackendConnection primary = open.get(0);
        try {
            return primary.changeUser(next);
        } catch (LoginFailedException e) {
            drop(primary);
            throw refused(e);
        } catch (IOException | RuntimeException e) {
            drop(primary);
            return openHome().loginOk();
        }
    }

    /** Closes every connection (the servers roll back what was open) and logs in as {@code next} from now on. */
    void relogin(BackendLogin next) {
        closeAll();
        login = next;
    }

    void closeAll() {
        if (leader != null) {
            leader.quit();
        }
        if (local != null && local != leader) {
            local.quit();
        }
        leader = null;
        leaderRoute = null;
        local = null;
    }

    private void retireLeader() throws StatementRefused {
        BackendConnection old = leader;
        leader = null;
        leaderRoute = null;
        if (state.writeSinceSync) {
            state.positionLost = true;
        }
        ErrPacket lost = null;
        if (state.inTransaction) {
            lost = ProxyErrors.transactionCut();
        } else if (state.tempTables) {
            lost = ProxyErrors.sessionStateLost("temporary tables");
        } else if (state.lockedTables) {
            lost = ProxyErrors.sessionStateLost("table locks");
        }
        boolean localDatabase = !old.target().forwarded() && old.target().address().equals(cluster.localDatabase());
        if (lost == null && old.isOpen() && localDatabase && local == null) {
            local = old; // this node stopped leading: its connection still serves local reads
        } else {
            old.close(); // rolls back whatever was open on the old leader
        }
        if (lost != null) {
            state.inTransaction = false;
            state.tempTables = false;
            state.lockedTables = false;
            throw new StatementRefused(lost);
        }
    }

    private BackendConnection connectToLeader() throws StatementRefused, InterruptedException {
        long deadline = System.nanoTime() + failoverWait.toNanos();
        String reason = "no leader is elected";
        while (true) {
            LeaderRoute route = cluster.leaderRoute();
            try {
                BackendConnection c = switch (route) {
                    case LeaderRoute.LocalLeader l -> promoteOrOpen(l.database());
                    case LeaderRoute.RemoteLeader r -> login.forwardingHops() >= MAX_HOPS ? null
                            : open(new BackendTarget(r.leaderProxy(), true));
                    case LeaderRoute.NoLeader n -> null;
                };
                if (c != null) {
                    leader = c;
                    leaderRoute = route;
                    return c;
                }
                reason = route instanceof LeaderRoute.NoLeader n ? n.reason()
                        : "forwarded through " + login.forwardingHops() + " proxies without reaching the leader";
            } catch (LoginFailedException e) {
                throw refused(e);
            } catch (IOException e) {
                reason = "the leader at " + route + " is unreachable (" + e.getMessage() + ")";
            }
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw new StatementRefused(ProxyErrors.noLeader(failoverWait, reason));
            }
            cluster.awaitLeaderChange(Duration.ofNanos(Math.min(left, ROUTE_POLL.toNanos())));
        }
    }

    private BackendConnection promoteOrOpen(HostPort database) throws IOException, StatementRefused {
        if (local != null && local.isOpen() && local.target().address().equals(database)) {
            BackendConnection promoted = local;
            local = null; // this node now leads: its local connection takes the leader's traffic
            return promoted;
        }
        return open(new BackendTarget(database, false));
    }

    private BackendConnection open(BackendTarget target) throws IOException, StatementRefused {
        BackendConnection c = BackendConnection.open(target, login.withDatabase(state.database), CONNECT_TIMEOUT);
        try {
            for (byte[] command : history.commands()) {
                BackendConnection.Result r = c.run(command);
                if (r.failed()) {
                    throw new StatementRefused(ProxyErrors.replayFailed(r.summary().error().orElseThrow().toString()));
                }
            }
            return c;
        } catch (IOException | StatementRefused | RuntimeException e) {
            c.close();
            throw e;
        }
    }

    private static StatementRefused refused(LoginFailedException e) {
        return new StatementRefused(e.error().orElse(ProxyErrors.replayFailed(e.getMessage())));
    }
}
