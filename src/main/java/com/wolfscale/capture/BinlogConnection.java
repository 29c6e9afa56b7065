package com.wolfscale.capture;

import com.wolfscale.common.IdleWatch;
import com.wolfscale.common.SocketDeadline;
import com.wolfscale.mysql.PacketReader;
import com.wolfscale.mysql.PacketWriter;
import com.wolfscale.mysql.binlog.ChecksumAlgorithm;
import com.wolfscale.mysql.client.ClientLogin;
import com.wolfscale.mysql.client.ConnectionStreams;
import com.wolfscale.mysql.client.Credential;
import com.wolfscale.mysql.client.LoginRequest;
import com.wolfscale.mysql.client.LoginResult;
import com.wolfscale.mysql.packet.ComQuery;
import com.wolfscale.mysql.packet.ErrPacket;
import com.wolfscale.mysql.replication.BinlogStream;
import com.wolfscale.mysql.replication.DumpRequest;
import com.wolfscale.mysql.replication.SemiSyncAck;
import com.wolfscale.mysql.response.Expect;
import com.wolfscale.mysql.response.ResponseTracker;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.Optional;

/**
 * One replication connection to a MariaDB: logs in, sends the replica set-up statements, registers,
 * starts a GTID-mode binlog dump (optionally as a semi-synchronous replica) and then yields events.
 * The capture thread reads {@link #stream()}; the acknowledging thread calls {@link #ack} — reads and
 * writes never share a stream, and acks are serialised here.
 */
final class BinlogConnection implements AutoCloseable {

    /** Bounds opening: connect, login, setup statements and registration (no connect or read timeouts). */
    private static final Duration OPEN_TIMEOUT = Duration.ofSeconds(10);

    private final Socket socket;
    private final PacketWriter writer;
    private final BinlogStream stream;
    private final LoginResult login;
    private final IdleWatch idle;

    private BinlogConnection(Socket socket, PacketWriter writer, BinlogStream stream, LoginResult login,
                             IdleWatch idle) {
        this.socket = socket;
        this.writer = writer;
        this.stream = stream;
        this.login = login;
        this.idle = idle;
    }

    static BinlogConnection open(DatabaseAddress db, DumpRequest request, int maxEventBytes) throws IOException {
        Socket s = new Socket();
        SocketDeadline deadline = SocketDeadline.arm(s, OPEN_TIMEOUT);
        IdleWatch idle = null;
        try {
            s.connect(new InetSocketAddress(db.host(), db.port()));
            s.setTcpNoDelay(true);
            s.setKeepAlive(true);
            ConnectionStreams streams = new ConnectionStreams(new BufferedInputStream(s.getInputStream(), 1 << 16),
                    new BufferedOutputStream(s.getOutputStream(), 1 << 12));
            LoginResult login = ClientLogin.login(streams, LoginRequest.of(db.user(), Credential.password(db.password())));
            PacketReader reader = new PacketReader(login.streams().input());
            PacketWriter writer = new PacketWriter(login.streams().output());
            for (String sql : request.setupStatements()) {
                command(reader, writer, login.capabilities(), ComQuery.of(sql).encode(), sql);
            }
            command(reader, writer, login.capabilities(), request.registerSlave().encode(), "COM_REGISTER_SLAVE");
            // heartbeats come every request.heartbeat(); three missed ones mean the server is gone (a watch,
            // not a read timeout: see SocketDeadline)
            long stallMs = Math.max(3000, request.heartbeat().multipliedBy(3).toMillis());
            idle = IdleWatch.start(s, Duration.ofMillis(stallMs));
            PacketReader watched = new PacketReader(idle.wrap(login.streams().input()));
            writer.write(0, request.binlogDump().encode());
            writer.flush();
            deadline.finish("opening the binlog stream of " + db.host() + ":" + db.port());
            BinlogStream stream = new BinlogStream(watched, maxEventBytes, ChecksumAlgorithm.CRC32, request.semiSync(),
                    true);
            return new BinlogConnection(s, writer, stream, login, idle);
        } catch (IOException | RuntimeException e) {
            s.close();
            if (idle != null) {
                idle.close();
            }
            if (deadline.fired()) {
                throw deadline.timeout("opening the binlog stream of " + db.host() + ":" + db.port());
            }
            throw e;
        } finally {
            deadline.close();
        }
    }

    private static void command(PacketReader reader, PacketWriter writer, long caps, byte[] payload, String what)
            throws IOException {
        writer.write(0, payload);
        writer.flush();
        ResponseTracker tracker = ResponseTracker.forCommand(payload[0] & 0xFF, caps);
        while (tracker.expect() == Expect.SERVER) {
            tracker.accept(reader.read(64 << 20).payload());
        }
        Optional<ErrPacket> err = tracker.summary().error();
        if (err.isPresent()) {
            throw new IOException(what + " failed: " + err.get().errorCode() + " " + err.get().message());
        }
    }

    BinlogStream stream() {
        return stream;
    }

    long connectionId() {
        return login.connectionId();
    }

    synchronized void ack(SemiSyncAck ack) throws IOException {
        writer.write(SemiSyncAck.SEQUENCE_ID, ack.encode());
        writer.flush();
    }

    static Duration defaultHeartbeat() {
        return Duration.ofMillis(500);
    }

    /** A read failure, explained as a stall when the server sent nothing (not even heartbeats) for too long. */
    IOException explain(IOException e) {
        if (!idle.fired()) {
            return e;
        }
        return new SocketTimeoutException("no binlog event or heartbeat for " + idle.idle().toMillis()
                + " ms; the connection was closed (" + e.getMessage() + ")");
    }

    @Override
    public void close() {
        idle.close();
        try {
            socket.close();
        } catch (IOException ignored) {
            // closing anyway
        }
    }
}
