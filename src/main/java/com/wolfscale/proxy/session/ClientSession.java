package com.wolfscale.proxy.session;

import com.wolfscale.common.Lsn;
import com.wolfscale.mysql.Command;
import com.wolfscale.mysql.Packet;
import com.wolfscale.mysql.ProtocolException;
import com.wolfscale.mysql.auth.AuthSeed;
import com.wolfscale.proxy.ProxyErrors;
import com.wolfscale.proxy.backend.BackendConnection;
import com.wolfscale.proxy.backend.BackendLogin;
import com.wolfscale.proxy.route.Classification;
import com.wolfscale.proxy.route.Classification.Effects;
import com.wolfscale.proxy.route.Classification.Intercept;
import com.wolfscale.proxy.session.ClientChannel.ClientGoneException;
import java.io.EOFException;
import java.io.IOException;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.OptionalLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One client connection, from greeting to close, on its own virtual thread: logs the client in, opens its
 * first backend connection (so the login is answered by a real server: unknown database, locked account),
 * then reads commands one at a time — in order, so pipelining clients work — and dispatches them. Whatever
 * ends the session (QUIT, the client vanishing mid-result, a malformed packet, KILL, shutdown) closes its
 * backend connections, which rolls back anything left open; other sessions are never affected.
 *
 * <p>Thread-safe only in {@link #terminate()} and the accessors KILL uses; everything else runs on the
 * session's thread.
 */
public final class ClientSession implements Runnable {

    private static final Logger LOG = LoggerFactory.getLogger(ClientSession.class);
    /** MariaDB's max_allowed_packet ceiling: a command larger than this is refused before it is read. */
    private static final int MAX_COMMAND_BYTES = 1 << 30;

    private final SessionDependencies deps;
    private final Socket socket;
    private final long connectionId;
    private final AuthSeed seeds;
    private volatile ClientChannel client;
    private volatile AuthenticatedClient auth;
    private volatile BackendLinks links;
    private byte[] seed;
    private SessionState state;
    private SessionCommandHistory history;
    private StatementRunner runner;
    private StatementCommands statements;
    private volatile boolean terminated;
    /** When the session last finished a command (or started logging in); read by the idle reaper. */
    private volatile long lastActivityNanos = System.nanoTime();
    private volatile boolean loggedIn;
    private volatile boolean busy;

    public ClientSession(SessionDependencies deps, Socket socket, long connectionId, AuthSeed seeds) {
        this.deps = deps;
        this.socket = socket;
        this.connectionId = connectionId;
        this.seeds = seeds;
    }

    /** The id this client got in its greeting (what it passes to KILL). */
    public long connectionId() {
        return connectionId;
    }

    /** The account logged in on this session, or null while logging in. */
    public String user() {
        AuthenticatedClient a = auth;
        return a == null ? null : a.user();
    }

    /** The session's backend connections right now (read from another thread by KILL). */
    List<BackendConnection> backends() {
        BackendLinks l = links;
        return l == null ? List.of() : l.snapshot();
    }

    /**
     * True when the session has been silent too long: still logging in after {@code handshake}, or idle
     * between commands for {@code idle} (a running command is never expired). The server's reaper ends
     * such sessions; sockets carry no read timeout, which would cost a timer per read on the hot path.
     */
    public boolean expired(long nowNanos, java.time.Duration handshake, java.time.Duration idle) {
        long silent = nowNanos - lastActivityNanos;
        return !busy && silent > (loggedIn ? idle : handshake).toNanos();
    }

    /** Ends the session from another thread (KILL CONNECTION, shutdown): closes its sockets. */
    /** True while a command (or the login's first backend) is being served. */
    public boolean busy() {
        return busy;
    }

    public void terminate() {
        terminated = true;
        BackendLinks l = links;
        if (l != null) {
            l.snapshot().forEach(BackendConnection::close);
        }
        try {
            socket.close();
        } catch (IOException ignored) {
            // already closed
        }
    }

    @Override
    public void run() {
        deps.registry().add(this);
        try {
            client = new ClientChannel(socket);
            if (login()) {
                commandLoop();
            }
        } catch (ClientGoneException | EOFException | SocketTimeoutException e) {
            LOG.debug("session {} ended: {}", connectionId, e.getMessage());
        } catch (ProtocolException e) {
            LOG.info("session {} closed: the client broke the protocol: {}", connectionId, e.getMessage());
        } catch (javax.net.ssl.SSLException e) {
            LOG.info("session {}: TLS failed: {}", connectionId, e.toString());
        } catch (IOException e) {
            LOG.debug("session {} ended: {}", connectionId, e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            if (!terminated) {
                LOG.warn("session {} failed", connectionId, e);
            }
        } finally {
            if (links != null) {
                links.closeAll();
            }
            if (client != null) {
                client.close();
            }
            deps.registry().remove(this);
        }
    }

    private boolean login() throws IOException, InterruptedException {
        seed = seeds.next();
        var outcome = deps.login().run(client, connectionId, seed);
        if (outcome.isEmpty()) {
            return false;
        }
        busy = true; // opening the first backend may wait out an election: not a silent client
        try {
            if (!start(outcome.get().client(), outcome.get().client().nextSequenceId())) {
                return false;
            }
        } finally {
            busy = false;
        }
        lastActivityNanos = System.nanoTime();
        loggedIn = true;
        return true;
    }

    /** Opens the first backend connection as {@code client} and answers its login (or COM_CHANGE_USER). */
    private boolean start(AuthenticatedClient authenticated, int sequenceId) throws IOException, InterruptedException {
        auth = authenticated;
        state = new SessionState(authenticated.database(), authenticated.collation());
        state.forwardedIn = authenticated.attributes().containsKey(BackendLogin.FORWARDED_ATTRIBUTE);
        history = new SessionCommandHistory();
        BackendLogin backendLogin = new BackendLogin(authenticated.user(), authenticated.stage1(),
                authenticated.database(), authenticated.collation(), authenticated.capabilities(),
                authenticated.attributes());
        if (links != null) {
            links.relogin(backendLogin);
        }
        links = new BackendLinks(deps.cluster(), deps.config().timeouts().failoverWait(), state, history, backendLogin);
        runner = new StatementRunner(deps, client, state, links, history);
        statements = new StatementCommands(client, runner, links, state, deps.classifier());
        BackendConnection home;
        try {
            home = links.openHome();
        } catch (StatementRefused r) {
            client.sendError(sequenceId, r.error());
            return false;
        }
        client.write(sequenceId, home.loginOk().encode(auth.capabilities()));
        client.flush();
        return true;
    }

    private void commandLoop() throws IOException, InterruptedException {
        while (!terminated) {
            Packet packet = client.read(MAX_COMMAND_BYTES);
            if (packet.sequenceId() != 0 || packet.payload().length == 0) {
                throw new ProtocolException("a command must start with sequence id 0 and a command byte (got sequence "
                        + packet.sequenceId() + ", " + packet.payload().length + " bytes)");
            }
            busy = true;
            try {
                if (!dispatch(packet.payload())) {
                    return;
                }
            } finally {
                busy = false;
                lastActivityNanos = System.nanoTime();
            }
        }
    }

    private boolean dispatch(byte[] payload) throws IOException, InterruptedException {
        int command = payload[0] & 0xFF;
        switch (command) {
            case Command.COM_QUIT -> {
                return false;
            }
            case Command.COM_QUERY -> query(payload);
            case Command.COM_STMT_PREPARE -> statements.prepare(payload);
            case Command.COM_STMT_EXECUTE -> statements.execute(payload);
            case Command.COM_STMT_FETCH -> statements.fetch(payload);
            case Command.COM_STMT_SEND_LONG_DATA -> statements.sendLongData(payload);
            case Command.COM_STMT_RESET -> statements.reset(payload);
            case Command.COM_STMT_CLOSE -> statements.close(payload);
            case Command.COM_INIT_DB -> runner.session(RoutedCommand.of(payload), useDatabase(payload));
            case Command.COM_SET_OPTION -> runner.session(RoutedCommand.of(payload),
                    Classification.of(Classification.Kind.SESSION));
            case Command.COM_PING, Command.COM_STATISTICS, Command.COM_FIELD_LIST ->
                    runner.any(RoutedCommand.of(payload), null);
            case Command.COM_RESET_CONNECTION -> resetConnection(payload);
            case Command.COM_CHANGE_USER -> {
                return SessionLogin.changeUser(this, payload);
            }
            case Command.COM_PROCESS_KILL -> kill(payload.length >= 5
                    ? new com.wolfscale.mysql.PayloadReader("COM_PROCESS_KILL", payload, 1, 4).u32() : -1, false);
            case Command.COM_PROCESS_INFO, Command.COM_REFRESH, Command.COM_SHUTDOWN, Command.COM_DEBUG,
                    Command.COM_CREATE_DB, Command.COM_DROP_DB ->
                    runner.leader(RoutedCommand.of(payload), Classification.of(Classification.Kind.LEADER), false);
            default -> client.sendError(1, ProxyErrors.unknownCommand());
        }
        return true;
    }

    private void query(byte[] payload) throws IOException, InterruptedException {
        Classification c = deps.classifier().classify(payload, 1, state.charset);
        c.minLsnHint().ifPresent(h -> state.raiseClientFloor(Lsn.of(h)));
        switch (c.intercept()) {
            case Intercept.LastLsn l -> lastLsn();
            case Intercept.SetMinLsn m -> {
                state.raiseClientFloor(Lsn.of(m.lsn()));
                SyntheticResponses.ok(client, 1, auth.capabilities(), state.statusFlags());
            }
            case Intercept.Kill k -> kill(k.connectionId(), k.queryOnly());
            default -> runner.run(RoutedCommand.of(payload), c);
        }
    }

    /** {@code SELECT @wolfscale_last_lsn}: the position a later read (on any connection) must see. */
    private void lastLsn() throws IOException, InterruptedException {
        if (state.writeSinceSync || state.positionLost) {
            runner.syncCausalToken();
        }
        Lsn position = Lsn.max(state.causalToken, state.clientFloor);
        SyntheticResponses.singleValue(client, auth.capabilities(), state.statusFlags(), "@wolfscale_last_lsn",
                position.value());
    }

    private static Classification useDatabase(byte[] payload) {
        String db = new String(payload, 1, payload.length - 1, StandardCharsets.UTF_8);
        return new Classification(Classification.Kind.SESSION,
                new Effects(false, false, false, false, false, false, db, null), OptionalLong.empty(), false,
                Intercept.none());
    }

    private void resetConnection(byte[] payload) throws IOException, InterruptedException {
        List<BackendConnection> open = links.open();
        runner.any(RoutedCommand.of(payload), null); // answered by the first open connection
        for (BackendConnection other : open.subList(Math.min(1, open.size()), open.size())) {
            try {
                other.run(payload);
            } catch (IOException e) {
                links.drop(other);
            }
        }
        history.clear();
        statements.clear();
        state.reset();
        runner.forgetLastTarget();
    }

    private void kill(long id, boolean queryOnly) throws IOException, InterruptedException {
        SessionKill.kill(this, deps, id, queryOnly);
    }

    // accessors for the session's helpers (same package, same thread)

    ClientChannel client() {
        return client;
    }

    AuthenticatedClient auth() {
        return auth;
    }

    SessionState state() {
        return state;
    }

    SessionDependencies deps() {
        return deps;
    }

    byte[] seed() {
        return seed;
    }

    StatementCommands statements() {
        return statements;
    }

    /** COM_CHANGE_USER succeeded at the proxy: the backend changes user too, and its OK answers the client. */
    boolean restart(AuthenticatedClient authenticated, int sequenceId) throws IOException, InterruptedException {
        statements.clear();
        history.clear();
        state.reset();
        state.database = authenticated.database();
        state.charset = com.wolfscale.proxy.SessionCharsets.ofCollation(authenticated.collation());
        runner.forgetLastTarget();
        BackendLogin next = new BackendLogin(authenticated.user(), authenticated.stage1(), authenticated.database(),
                authenticated.collation(), authenticated.capabilities(), authenticated.attributes());
        com.wolfscale.mysql.packet.OkPacket ok;
        try {
            ok = links.changeUser(next);
        } catch (StatementRefused r) {
            client.sendError(sequenceId, r.error());
            return false;
        }
        auth = authenticated;
        client.write(sequenceId, ok.encode(authenticated.capabilities()));
        client.flush();
        return true;
    }
}
