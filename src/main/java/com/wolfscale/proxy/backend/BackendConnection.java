package com.wolfscale.proxy.backend;

import com.wolfscale.mysql.Capabilities;
import com.wolfscale.mysql.Command;
import com.wolfscale.mysql.PacketReader;
import com.wolfscale.mysql.PacketWriter;
import com.wolfscale.mysql.RawPacket;
import com.wolfscale.mysql.auth.NativePassword;
import com.wolfscale.mysql.client.ClientLogin;
import com.wolfscale.mysql.client.LoginFailedException;
import com.wolfscale.mysql.packet.AuthSwitchRequest;
import com.wolfscale.mysql.packet.ComChangeUser;
import com.wolfscale.mysql.packet.ErrPacket;
import com.wolfscale.mysql.client.ConnectionStreams;
import com.wolfscale.mysql.client.Credential;
import com.wolfscale.mysql.client.LoginRequest;
import com.wolfscale.mysql.client.LoginResult;
import com.wolfscale.mysql.packet.ComQuery;
import com.wolfscale.mysql.packet.OkPacket;
import com.wolfscale.mysql.response.Expect;
import com.wolfscale.mysql.response.ResponseSummary;
import com.wolfscale.mysql.response.ResponseTracker;
import com.wolfscale.common.SocketDeadline;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * One logged-in connection from a client session to a MariaDB (or to the leader's proxy), owned by that
 * session and never shared: it carries the client's account, capabilities and session state. The session
 * relays the client's commands over it packet by packet ({@link #sendCommand}, {@link #readRaw}); the
 * proxy's own small exchanges (replaying session state, reading {@code @@last_gtid}, preparing a statement
 * again) go through {@link #run}, which reads the whole (small) response.
 *
 * <p>Not thread-safe: used by its session's thread only; {@link #close()} may be called from any thread
 * (KILL, shutdown), which makes the session's blocked read fail.
 */
public final class BackendConnection implements AutoCloseable {

    private static final int BUFFER_BYTES = 8 * 1024;
    private static final int INTERNAL_MAX_PAYLOAD = 64 * 1024 * 1024;

    private final BackendTarget target;
    private final Socket socket;
    private final RelayInputStream in;
    private final OutputStream out;
    private final PacketReader reader;
    private final PacketWriter writer;
    private final LoginResult login;
    /** Statement ids of this connection, by the session's prepared-statement object. */
    private final Map<Object, Long> statementIds = new HashMap<>();
    private final Map<Object, byte[]> statementTypes = new HashMap<>();
    private volatile boolean closed;

    private BackendConnection(BackendTarget target, Socket socket, RelayInputStream in, OutputStream out,
            LoginResult login) {
        this.target = target;
        this.socket = socket;
        this.in = in;
        this.out = out;
        this.reader = new PacketReader(in);
        this.writer = new PacketWriter(out);
        this.login = login;
    }

    /**
     * Connects and logs in as the client.
     *
     * @throws com.wolfscale.mysql.client.LoginFailedException when the server refuses (its ERR attached:
     *         unknown database, account locked, ...)
     * @throws IOException when the server cannot be reached
     */
    public static BackendConnection open(BackendTarget target, BackendLogin login, Duration timeout)
            throws IOException {
        Socket socket = new Socket();
        SocketDeadline deadline = null;
        try {
            socket.setTcpNoDelay(true);
            // connect and login bounded by closing the socket, not by connect or read timeouts: see SocketDeadline
            deadline = SocketDeadline.arm(socket, timeout);
            socket.connect(new InetSocketAddress(target.address().host(), target.address().port()));
            RelayInputStream in = new RelayInputStream(socket.getInputStream(), BUFFER_BYTES);
            OutputStream out = new BufferedOutputStream(socket.getOutputStream(), BUFFER_BYTES);
            Map<String, String> attributes = login.attributes();
            if (target.forwarded()) {
                attributes = new HashMap<>(attributes);
                attributes.put(BackendLogin.FORWARDED_ATTRIBUTE, Integer.toString(login.forwardingHops() + 1));
            }
            long caps = login.capabilities() & ~(Capabilities.CLIENT_SSL | Capabilities.CLIENT_COMPRESS);
            LoginRequest request = new LoginRequest(login.user(), Credential.nativeStage1(login.stage1()),
                    login.database(), login.collation(), caps, attributes, 1L << 30, null);
            LoginResult result = ClientLogin.login(new ConnectionStreams(in, out), request);
            deadline.finish("login to " + target.address());
            return new BackendConnection(target, socket, in, out, result);
        } catch (IOException | RuntimeException e) {
            socket.close();
            if (deadline != null && deadline.fired()) {
                throw deadline.timeout("login to " + target.address());
            }
            throw e;
        } finally {
            if (deadline != null) {
                deadline.close();
            }
        }
    }

    public BackendTarget target() {
        return target;
    }

    /** The server's id for this connection: a MariaDB thread id, or the leader proxy's session id. */
    public long threadId() {
        return login.connectionId();
    }

    /** Capabilities negotiated with the backend (what its responses are shaped by). */
    public long capabilities() {
        return login.capabilities();
    }

    /** The OK that ended the login (status flags, session-track data), to answer the client's login with. */
    public OkPacket loginOk() {
        return login.ok();
    }

    public boolean isOpen() {
        return !closed && !socket.isClosed();
    }

    /** Sends one client command (a logical payload, sequence id 0) and flushes. */
    public void sendCommand(byte[] payload) throws IOException {
        writer.write(0, payload);
        writer.flush();
    }

    /** Writes a physical packet unchanged (LOAD DATA LOCAL content); call {@link #flush()} after. */
    public void writeRaw(RawPacket packet) throws IOException {
        writer.writeRaw(packet);
    }

    /** Writes a logical payload with the given sequence id (auth exchanges); call {@link #flush()} after. */
    public int write(int sequenceId, byte[] payload) throws IOException {
        return writer.write(sequenceId, payload);
    }

    public void flush() throws IOException {
        writer.flush();
    }

    /** Reads one physical response packet. */
    public RawPacket readRaw() throws IOException {
        return reader.readRaw();
    }

    /** True when a packet (or part of one) is already buffered: the relay flushes to the client only when not. */
    public boolean hasBufferedBytes() {
        return in.buffered() > 0;
    }

    /** What one of the proxy's own commands returned. */
    public record Result(ResponseSummary summary, List<String> firstColumn) {
        public boolean failed() {
            return summary.error().isPresent();
        }
    }

    /** Runs a small command of the proxy's own and reads its whole response. */
    public Result run(byte[] commandPayload) throws IOException {
        sendCommand(commandPayload);
        ResponseTracker tracker = ResponseTracker.forCommand(commandPayload[0] & 0xFF, capabilities());
        List<String> values = new ArrayList<>();
        while (!tracker.isComplete()) {
            com.wolfscale.mysql.Packet packet = reader.read(INTERNAL_MAX_PAYLOAD);
            long rowsBefore = tracker.summary().rows();
            Expect e = tracker.accept(packet.payload());
            if (tracker.summary().rows() > rowsBefore && tracker.command() == Command.COM_QUERY) {
                values.add(firstTextValue(packet.payload()));
            }
            if (e == Expect.CLIENT_INFILE_DATA) {
                writer.write(packet.nextSequenceId(), new byte[0]); // the proxy's own queries send no file
                writer.flush();
                tracker.acceptClient(new byte[0]);
            }
        }
        return new Result(tracker.summary(), values);
    }

    /**
     * Re-authenticates this connection as {@code next} with COM_CHANGE_USER, as the client asked: the server
     * resets the session exactly as it would for the client (variables to their global values, temporary
     * tables and prepared statements dropped). The token answers this connection's own greeting seed, and an
     * auth switch to mysql_native_password with a fresh seed.
     *
     * @return the server's OK
     * @throws LoginFailedException with the server's ERR when it refuses
     */
    public OkPacket changeUser(BackendLogin next) throws IOException {
        byte[] seed = java.util.Arrays.copyOf(login.handshake().seed(), NativePassword.SEED_LENGTH);
        byte[] token = next.stage1().length == 0 ? new byte[0] : NativePassword.tokenFromStage1(next.stage1(), seed);
        ComChangeUser request = new ComChangeUser(next.user(), token, next.database(), next.collation(),
                NativePassword.PLUGIN, next.attributes());
        forgetAllStatements();
        writer.write(0, request.encode(capabilities()));
        writer.flush();
        for (int round = 0; round < 4; round++) {
            com.wolfscale.mysql.Packet answer = reader.read(INTERNAL_MAX_PAYLOAD);
            switch (answer.firstByte()) {
                case OkPacket.HEADER -> {
                    return OkPacket.decode(answer.payload(), capabilities());
                }
                case ErrPacket.HEADER -> throw new LoginFailedException("COM_CHANGE_USER refused",
                        ErrPacket.decode(answer.payload()));
                case AuthSwitchRequest.HEADER -> {
                    AuthSwitchRequest sw = AuthSwitchRequest.decode(answer.payload());
                    if (!NativePassword.PLUGIN.equals(sw.pluginName())) {
                        throw new LoginFailedException("the account wants " + sw.pluginName()
                                + "; the proxy logs in with mysql_native_password only");
                    }
                    writer.write(answer.nextSequenceId(), next.stage1().length == 0 ? new byte[0]
                            : NativePassword.tokenFromStage1(next.stage1(), sw.seed()));
                    writer.flush();
                }
                default -> throw new com.wolfscale.mysql.ProtocolException("unexpected answer to COM_CHANGE_USER: "
                        + com.wolfscale.mysql.ProtocolException.hexPrefix(answer.payload(), 0, answer.payload().length));
            }
        }
        throw new LoginFailedException("COM_CHANGE_USER did not finish");
    }

    /** Runs an SQL statement of the proxy's own. */
    public Result query(String sql) throws IOException {
        return run(ComQuery.of(sql).encode());
    }

    private static String firstTextValue(byte[] row) {
        if (row.length == 0 || (row[0] & 0xFF) == 0xFB) {
            return null;
        }
        return new com.wolfscale.mysql.PayloadReader("text row", row).lenencString();
    }

    /** This connection's id for a statement the session prepared here, or null. */
    public Long statementId(Object statement) {
        return statementIds.get(statement);
    }

    public void rememberStatement(Object statement, long id) {
        statementIds.put(statement, id);
    }

    public void forgetStatement(Object statement) {
        statementIds.remove(statement);
        statementTypes.remove(statement);
    }

    public void forgetAllStatements() {
        statementIds.clear();
        statementTypes.clear();
    }

    /** The parameter types this connection last received for a statement (MariaDB keeps them per statement). */
    public byte[] typesSent(Object statement) {
        return statementTypes.get(statement);
    }

    public void typesSent(Object statement, byte[] types) {
        statementTypes.put(statement, types);
    }

    /** Sends COM_QUIT (so the server logs a clean disconnect) and closes; never throws. */
    public void quit() {
        if (closed) {
            return;
        }
        try {
            writer.write(0, new byte[] {Command.COM_QUIT});
            writer.flush();
        } catch (IOException ignored) {
            // closing anyway
        }
        close();
    }

    /** Closes the socket; the server rolls back an open transaction. Safe from any thread. */
    @Override
    public void close() {
        closed = true;
        try {
            socket.close();
        } catch (IOException ignored) {
            // nothing left to release
        }
    }

    @Override
    public String toString() {
        return target + " thread " + threadId();
    }
}
