package com.wolfscale.proxy.session;

import com.wolfscale.mysql.Command;
import com.wolfscale.mysql.ProtocolException;
import com.wolfscale.mysql.RawPacket;
import com.wolfscale.mysql.packet.ComStmtExecute;
import com.wolfscale.mysql.response.ResponseSummary;
import com.wolfscale.proxy.ProxyErrors;
import com.wolfscale.proxy.backend.BackendConnection;
import com.wolfscale.proxy.route.Classification;
import com.wolfscale.proxy.route.StatementClassifier;
import com.wolfscale.proxy.session.ClientChannel.ClientGoneException;
import java.io.IOException;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The binary protocol: COM_STMT_PREPARE / EXECUTE / FETCH / SEND_LONG_DATA / RESET / CLOSE. The client sees
 * statement ids the proxy hands out; each backend connection prepares a statement when it first needs it
 * and the ids are rewritten on the way. An execution is routed by the classification of the prepared SQL;
 * the parameter types of the last execution that sent them are spliced into an execution that carries none
 * when it lands on a connection that has not seen those types (MariaDB keeps types per connection and
 * refuses id {@code 0xFFFFFFFF} without them). {@code 0xFFFFFFFF} ("the statement prepared last") means the
 * last statement this client prepared successfully.
 *
 * <p>Not thread-safe: owned by the session's thread.
 */
final class StatementCommands {

    private final ClientChannel client;
    private final StatementRunner runner;
    private final BackendLinks links;
    private final SessionState state;
    private final StatementClassifier classifier;
    private final Map<Long, PreparedStatement> statements = new HashMap<>();
    private PreparedStatement last;
    private long nextId = 1;

    StatementCommands(ClientChannel client, StatementRunner runner, BackendLinks links, SessionState state,
            StatementClassifier classifier) {
        this.client = client;
        this.runner = runner;
        this.links = links;
        this.state = state;
        this.classifier = classifier;
    }

    void prepare(byte[] payload) throws ClientGoneException, InterruptedException {
        Classification c = classifier.classify(payload, 1, state.charset);
        long id = nextId++;
        last = null;
        RoutedCommand command = new RoutedCommand() {
            @Override
            public byte[] payloadFor(BackendConnection backend) {
                return payload;
            }

            @Override
            public Consumer<RawPacket> firstPacket() {
                return packet -> {
                    if (packet.firstByte() == 0 && packet.payloadLength() >= 5) {
                        byte[] frame = packet.frame();
                        for (int i = 0; i < 4; i++) {
                            frame[RawPacket.HEADER_SIZE + 1 + i] = (byte) (id >>> (8 * i));
                        }
                    }
                };
            }

            @Override
            public void completed(BackendConnection backend, ResponseSummary summary) {
                summary.prepareOk().ifPresent(ok -> {
                    PreparedStatement ps = new PreparedStatement(id, payload, c, ok.paramCount());
                    backend.rememberStatement(ps, ok.statementId());
                    statements.put(id, ps);
                    last = ps;
                });
            }
        };
        runner.any(command, null);
    }

    void execute(byte[] payload) throws ClientGoneException, InterruptedException {
        PreparedStatement ps = find(payload, "mysqld_stmt_execute");
        if (ps == null) {
            return;
        }
        try {
            byte[] types = boundTypes(payload, ps.paramCount);
            if (types != null) {
                ps.types = types;
            }
        } catch (ProtocolException e) {
            client.sendError(1, ProxyErrors.malformedPacket());
            return;
        }
        RoutedCommand command = new RoutedCommand() {
            @Override
            public byte[] payloadFor(BackendConnection backend) throws IOException, StatementRefused {
                return forBackend(ps, payload, backend);
            }

            @Override
            public void completed(BackendConnection backend, ResponseSummary summary) {
                ps.lastExecutedOn = backend;
                ps.longDataOnLeader = false;
            }
        };
        Classification c = ps.classification;
        if (ps.longDataOnLeader || c.kind() == Classification.Kind.SESSION) {
            // session commands through the binary protocol cannot be replayed: keep the session on the leader
            state.pinnedToLeader |= c.kind() == Classification.Kind.SESSION;
            runner.leader(command, c, false);
        } else {
            runner.run(command, c);
        }
    }

    void fetch(byte[] payload) throws ClientGoneException, InterruptedException {
        PreparedStatement ps = find(payload, "mysqld_stmt_fetch");
        if (ps == null) {
            return;
        }
        BackendConnection target = ps.lastExecutedOn;
        Long backendId = target == null ? null : target.statementId(ps);
        if (target == null || !target.isOpen() || backendId == null) {
            client.sendError(1, ProxyErrors.noOpenCursor(ps.id));
            return;
        }
        byte[] out = payload.clone();
        ComStmtExecute.rewriteStatementId(out, backendId);
        ResponseRelay.Outcome o = ResponseRelay.relay(target, client, out, null);
        if (o.backendFailed()) {
            links.drop(target);
            client.sendError(o.nextSequenceId(), ProxyErrors.connectionLost(o.failure().toString()));
        }
    }

    void sendLongData(byte[] payload) throws InterruptedException {
        PreparedStatement ps = lookup(payload);
        if (ps == null) {
            return; // no response is defined: the execution that follows reports the problem
        }
        try {
            BackendConnection leader = links.leader();
            byte[] out = payload.clone();
            ComStmtExecute.rewriteStatementId(out, ensurePrepared(ps, leader));
            leader.sendCommand(out);
            ps.longDataOnLeader = true;
        } catch (StatementRefused | IOException e) {
            ps.longDataOnLeader = true; // the execution will meet the same problem and report it
        }
    }

    void reset(byte[] payload) throws ClientGoneException, InterruptedException {
        PreparedStatement ps = find(payload, "mysqld_stmt_reset");
        if (ps == null) {
            return;
        }
        ps.longDataOnLeader = false;
        RoutedCommand command = backend -> {
            byte[] out = payload.clone();
            ComStmtExecute.rewriteStatementId(out, ensurePrepared(ps, backend));
            return out;
        };
        runner.any(command, ps.lastExecutedOn);
    }

    void close(byte[] payload) {
        PreparedStatement ps = lookup(payload);
        if (ps == null) {
            return;
        }
        statements.remove(ps.id);
        if (last == ps) {
            last = null;
        }
        for (BackendConnection backend : links.open()) {
            Long id = backend.statementId(ps);
            if (id != null) {
                byte[] out = payload.clone();
                ComStmtExecute.rewriteStatementId(out, id);
                try {
                    backend.sendCommand(out);
                } catch (IOException e) {
                    links.drop(backend);
                }
                backend.forgetStatement(ps);
            }
        }
    }

    /** COM_RESET_CONNECTION / COM_CHANGE_USER: the servers dropped every statement. */
    void clear() {
        statements.clear();
        last = null;
        for (BackendConnection backend : links.open()) {
            backend.forgetAllStatements();
        }
    }

    private byte[] forBackend(PreparedStatement ps, byte[] payload, BackendConnection backend)
            throws IOException, StatementRefused {
        long backendId = ensurePrepared(ps, backend);
        byte[] out = payload.clone();
        ComStmtExecute.rewriteStatementId(out, backendId);
        if (ps.paramCount == 0) {
            return out;
        }
        byte[] sent = boundTypes(out, ps.paramCount);
        if (sent == null && ps.types != null && !Arrays.equals(backend.typesSent(ps), ps.types)) {
            out = ComStmtExecute.withTypes(out, ps.paramCount, ps.types);
            sent = ps.types;
        }
        if (sent != null) {
            backend.typesSent(ps, sent);
        }
        return out;
    }

    /**
     * The parameter types an execution binds (its new-params-bound byte is 1), or null; read in place
     * instead of decoding the whole execution, which this path does for every execution.
     */
    static byte[] boundTypes(byte[] payload, int paramCount) {
        if (paramCount == 0) {
            return null;
        }
        int boundAt = 10 + (paramCount + 7) / 8;
        if (payload.length <= boundAt || payload[boundAt] > 1 || payload[boundAt] < 0) {
            throw new ProtocolException("COM_STMT_EXECUTE of " + payload.length + " bytes does not fit "
                    + paramCount + " parameters");
        }
        if (payload[boundAt] == 0) {
            return null;
        }
        if (payload.length < boundAt + 1 + 2 * paramCount) {
            throw new ProtocolException("COM_STMT_EXECUTE of " + payload.length + " bytes is too short for the types of "
                    + paramCount + " parameters");
        }
        return Arrays.copyOfRange(payload, boundAt + 1, boundAt + 1 + 2 * paramCount);
    }

    private long ensurePrepared(PreparedStatement ps, BackendConnection backend) throws IOException, StatementRefused {
        Long id = backend.statementId(ps);
        if (id != null) {
            return id;
        }
        BackendConnection.Result r = backend.run(ps.preparePayload);
        if (r.failed() || r.summary().prepareOk().isEmpty()) {
            throw new StatementRefused(r.summary().error().orElse(ProxyErrors.malformedPacket()));
        }
        long backendId = r.summary().prepareOk().get().statementId();
        backend.rememberStatement(ps, backendId);
        return backendId;
    }

    private PreparedStatement find(byte[] payload, String command) throws ClientGoneException {
        if (payload.length < 5) {
            client.sendError(1, ProxyErrors.malformedPacket());
            return null;
        }
        PreparedStatement ps = lookup(payload);
        if (ps == null) {
            client.sendError(1, ProxyErrors.unknownStatement(ComStmtExecute.statementIdOf(payload), command));
        }
        return ps;
    }

    private PreparedStatement lookup(byte[] payload) {
        if (payload.length < 5) {
            return null;
        }
        long id = ComStmtExecute.statementIdOf(payload);
        return id == ComStmtExecute.LAST_PREPARED && payload[0] == Command.COM_STMT_EXECUTE ? last : statements.get(id);
    }
}
