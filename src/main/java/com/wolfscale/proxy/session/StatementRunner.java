package com.wolfscale.proxy.session;

import com.wolfscale.common.Lsn;
import com.wolfscale.config.CausalReads;
import com.wolfscale.mysql.binlog.Gtid;
import com.wolfscale.mysql.packet.OkPacket;
import com.wolfscale.mysql.response.ResponseSummary;
import com.wolfscale.proxy.LeaderRoute;
import com.wolfscale.proxy.ProxyErrors;
import com.wolfscale.proxy.SessionCharsets;
import com.wolfscale.proxy.backend.BackendConnection;
import com.wolfscale.proxy.route.Classification;
import com.wolfscale.proxy.route.Classification.Effects;
import com.wolfscale.proxy.session.ClientChannel.ClientGoneException;
import java.io.IOException;
import java.util.List;
import java.util.Optional;

/**
 * Runs one routed command where its classification says and relays the answer: on the leader (waiting out
 * an election, telling the client when a leader change cut its transaction or left a statement's outcome
 * unknown), on the local database when it is fresh enough for the session (else on the leader), on every
 * connection for session commands, or where the previous statement ran. Afterwards it updates the
 * session's state from the response: status flags, temporary tables, locks, database, causal position.
 *
 * <p>Not thread-safe: owned by the session's thread.
 */
final class StatementRunner {

    private final SessionDependencies deps;
    private final ClientChannel client;
    private final SessionState state;
    private final BackendLinks links;
    private final SessionCommandHistory history;
    private BackendConnection lastTarget;

    StatementRunner(SessionDependencies deps, ClientChannel client, SessionState state, BackendLinks links,
            SessionCommandHistory history) {
        this.deps = deps;
        this.client = client;
        this.state = state;
        this.links = links;
        this.history = history;
    }

    /** Runs a command by its classification. */
    void run(RoutedCommand command, Classification c) throws ClientGoneException, InterruptedException {
        switch (c.kind()) {
            case SESSION -> session(command, c);
            case READ -> read(command, c);
            case PREVIOUS_TARGET -> previous(command, c);
            case LEADER -> leader(command, c, false);
        }
    }

    /** Runs a command on the leader; {@code idempotent} commands are sent again if the leader is lost first. */
    void leader(RoutedCommand command, Classification c, boolean idempotent)
            throws ClientGoneException, InterruptedException {
        long holdUntil = System.nanoTime() + deps.config().timeouts().failoverWait().toNanos();
        for (int attempt = 0; ; attempt++) {
            BackendConnection backend;
            try {
                backend = links.leader();
            } catch (StatementRefused r) {
                client.sendError(1, r.error());
                return;
            }
            boolean inTransaction = state.inTransaction;
            ResponseRelay.Outcome o = send(backend, command, !inTransaction);
            if (o == null) {
                return;
            }
            if (o.failure() instanceof ResponseRelay.LeaderReadOnly refused) {
                // nothing ran: the leader is handing over (or fenced); wait for the next one like an election
                links.drop(backend);
                if (System.nanoTime() < holdUntil) {
                    Thread.sleep(20);
                    attempt = -1;
                    continue;
                }
                client.writeRaw(refused.packet);
                client.flush();
                return;
            }
            if (!o.backendFailed()) {
                afterLeader(backend, o.summary(), c);
                command.completed(backend, o.summary());
                return;
            }
            lost(backend);
            if (o.relayedPackets() > 0) {
                state.inTransaction = false;
                client.sendError(o.nextSequenceId(), ProxyErrors.connectionLost(o.failure().toString()));
                return;
            }
            if (inTransaction) {
                state.inTransaction = false;
                client.sendError(1, c.effects().commit() ? ProxyErrors.unknownOutcome() : ProxyErrors.transactionCut());
                return;
            }
            boolean safe = idempotent || c.kind() != Classification.Kind.LEADER;
            if (!safe || attempt > 0) {
                client.sendError(1, safe ? ProxyErrors.connectionLost(o.failure().toString())
                        : ProxyErrors.unknownOutcome());
                return;
            }
        }
    }

    /** A read: locally when fresh enough for the session, else on the leader. */
    void read(RoutedCommand command, Classification c) throws ClientGoneException, InterruptedException {
        if (state.mustUseLeader() || (c.readsUserVariables() && state.userVariablesDiverged)
                || deps.cluster().leaderRoute() instanceof LeaderRoute.LocalLeader || !localIsFresh()) {
            leader(command, c, true);
            return;
        }
        BackendConnection local = links.local();
        if (local == null) {
            leader(command, c, true);
            return;
        }
        ResponseRelay.Outcome o = send(local, command);
        if (o == null) {
            return;
        }
        if (o.backendFailed()) {
            links.drop(local);
            if (o.relayedPackets() == 0) {
                leader(command, c, true);
            } else {
                client.sendError(o.nextSequenceId(), ProxyErrors.connectionLost(o.failure().toString()));
            }
            return;
        }
        lastTarget = local;
        command.completed(local, o.summary());
    }

    /** Statements about the previous statement ({@code FOUND_ROWS()}, {@code SHOW WARNINGS}) run where it ran. */
    void previous(RoutedCommand command, Classification c) throws ClientGoneException, InterruptedException {
        BackendConnection target = lastTarget;
        if (target == null || !target.isOpen() || links.isLeader(target)) {
            leader(command, c, true);
            return;
        }
        ResponseRelay.Outcome o = send(target, command);
        if (o == null) {
            return;
        }
        if (o.backendFailed()) {
            links.drop(target);
            client.sendError(o.nextSequenceId(), ProxyErrors.connectionLost(o.failure().toString()));
            return;
        }
        command.completed(target, o.summary());
    }

    /**
     * A command any connection can answer and that changes nothing the others need (COM_STMT_PREPARE,
     * COM_PING, COM_STATISTICS, COM_FIELD_LIST): on {@code preferred} if open, else on an open connection,
     * else on the leader. Sent again once if the connection is lost before any answer.
     */
    void any(RoutedCommand command, BackendConnection preferred) throws ClientGoneException, InterruptedException {
        for (int attempt = 0; attempt < 2; attempt++) {
            BackendConnection target = preferred != null && preferred.isOpen() && attempt == 0 ? preferred : null;
            try {
                List<BackendConnection> open = links.open();
                target = target != null ? target : open.isEmpty() ? links.any() : open.get(0);
            } catch (StatementRefused r) {
                client.sendError(1, r.error());
                return;
            }
            ResponseRelay.Outcome o = send(target, command);
            if (o == null) {
                return;
            }
            if (o.backendFailed()) {
                lost(target);
                if (o.relayedPackets() > 0 || attempt > 0) {
                    client.sendError(o.nextSequenceId(), ProxyErrors.connectionLost(o.failure().toString()));
                    return;
                }
                continue;
            }
            if (links.isLeader(target)) {
                track(o.summary());
            }
            command.completed(target, o.summary());
            return;
        }
    }

    /** A session command: on every open connection, the first one's answer relayed, then kept for replay. */
    void session(RoutedCommand command, Classification c) throws ClientGoneException, InterruptedException {
        for (int attempt = 0; attempt < 2; attempt++) {
            List<BackendConnection> open = links.open();
            BackendConnection primary;
            try {
                primary = open.isEmpty() ? links.any() : open.get(0);
            } catch (StatementRefused r) {
                client.sendError(1, r.error());
                return;
            }
            ResponseRelay.Outcome o = send(primary, command);
            if (o == null) {
                return;
            }
            if (o.backendFailed()) {
                lost(primary);
                if (o.relayedPackets() > 0 || attempt > 0) {
                    client.sendError(o.nextSequenceId(), ProxyErrors.connectionLost(o.failure().toString()));
                    return;
                }
                continue;
            }
            if (o.summary().error().isEmpty()) {
                applyToOthers(command, primary);
                remember(command, c, primary);
            }
            if (links.isLeader(primary)) {
                track(o.summary());
            }
            lastTarget = primary;
            command.completed(primary, o.summary());
            return;
        }
    }

    private void applyToOthers(RoutedCommand command, BackendConnection primary) {
        for (BackendConnection other : links.open()) {
            if (other == primary) {
                continue;
            }
            try {
                if (other.run(command.payloadFor(other)).failed()) {
                    links.drop(other); // reopened later with the history replayed
                }
            } catch (IOException | StatementRefused | RuntimeException e) {
                lost(other);
            }
        }
    }

    private void remember(RoutedCommand command, Classification c, BackendConnection primary) {
        Effects e = c.effects();
        if (e.database() != null) {
            state.database = e.database();
            return;
        }
        try {
            history.add(command.payloadFor(primary));
        } catch (IOException | StatementRefused impossible) {
            history.add(new byte[0]);
        }
        if (e.charset() != null) {
            state.charset = SessionCharsets.ofName(e.charset());
        }
    }

    /**
     * Learns the position of the session's last write from the leader ({@code @@last_gtid} mapped to an
     * LSN by the cluster).
     *
     * @return false when the position cannot be known now (reads must then go to the leader)
     */
    boolean syncCausalToken() throws InterruptedException {
        if (state.positionLost) {
            state.raiseCausalToken(deps.cluster().leaderCommitLsn());
            state.positionLost = false;
            state.writeSinceSync = false;
        }
        if (!state.writeSinceSync) {
            return true;
        }
        BackendConnection leader = links.open().stream().filter(links::isLeader).findFirst().orElse(null);
        if (leader == null) {
            return false;
        }
        try {
            BackendConnection.Result r = leader.query("SELECT @@last_gtid");
            String gtid = r.failed() || r.firstColumn().isEmpty() ? null : r.firstColumn().get(0);
            if (gtid != null && !gtid.isBlank()) {
                Optional<Lsn> lsn = deps.cluster().lsnOfGtid(Gtid.parse(gtid), deps.config().timeouts().causalWait());
                if (lsn.isEmpty()) {
                    return false;
                }
                state.raiseCausalToken(lsn.get());
            }
            state.writeSinceSync = false;
            return true;
        } catch (IOException | RuntimeException e) {
            lost(leader);
            return false;
        }
    }

    private boolean localIsFresh() throws InterruptedException {
        if (deps.reads().mode() != CausalReads.NONE && !syncCausalToken()) {
            return false;
        }
        return deps.reads().localIsFresh(deps.reads().required(state.causalToken, state.clientFloor));
    }

    /** Sends and relays; null when the command could not even be built for this backend (client told). */
    private ResponseRelay.Outcome send(BackendConnection backend, RoutedCommand command) throws ClientGoneException {
        return send(backend, command, false);
    }

    /** @param holdReadOnly a read_only refusal comes back as a failure instead of reaching the client */
    private ResponseRelay.Outcome send(BackendConnection backend, RoutedCommand command, boolean holdReadOnly)
            throws ClientGoneException {
        byte[] payload;
        try {
            payload = command.payloadFor(backend);
        } catch (StatementRefused r) {
            client.sendError(1, r.error());
            return null;
        } catch (com.wolfscale.mysql.ProtocolException e) {
            client.sendError(1, ProxyErrors.malformedPacket()); // the client's packet, not the backend, is at fault
            return null;
        } catch (IOException | RuntimeException e) {
            return new ResponseRelay.Outcome(null, 0, 1, e);
        }
        return ResponseRelay.relay(backend, client, payload, command.firstPacket(), holdReadOnly);
    }

    private void afterLeader(BackendConnection backend, ResponseSummary summary, Classification c) {
        track(summary);
        Effects e = c.effects();
        boolean ok = summary.error().isEmpty();
        state.pinnedToLeader |= e.pinsSession();
        state.userVariablesDiverged |= e.assignsUserVariable();
        state.tempTables |= ok && e.createsTempTable();
        if (ok && e.lockTables()) {
            state.lockedTables = true;
        }
        if (ok && e.unlockTables()) {
            state.lockedTables = false;
        }
        summary.lastOk().flatMap(OkPacket::schema).ifPresent(db -> state.database = db);
        if (c.kind() != Classification.Kind.READ) {
            state.writeSinceSync = true;
        }
        lastTarget = backend;
    }

    private void track(ResponseSummary summary) {
        if (summary.lastOk().isPresent() || summary.lastEof().isPresent()) {
            state.track(summary.statusFlags());
        }
    }

    private void lost(BackendConnection backend) {
        if (links.isLeader(backend) && state.writeSinceSync) {
            state.positionLost = true;
        }
        links.drop(backend);
    }

    BackendConnection lastTarget() {
        return lastTarget;
    }

    void forgetLastTarget() {
        lastTarget = null;
    }
}
