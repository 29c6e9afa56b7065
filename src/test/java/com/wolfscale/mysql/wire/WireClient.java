package com.wolfscale.mysql.wire;

import com.wolfscale.mysql.Command;
import com.wolfscale.mysql.PacketReader;
import com.wolfscale.mysql.PacketWriter;
import com.wolfscale.mysql.RawPacket;
import com.wolfscale.mysql.client.ClientLogin;
import com.wolfscale.mysql.client.ConnectionStreams;
import com.wolfscale.mysql.client.LoginRequest;
import com.wolfscale.mysql.client.LoginResult;
import com.wolfscale.mysql.packet.ComQuery;
import com.wolfscale.mysql.response.Expect;
import com.wolfscale.mysql.response.ResponseTracker;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;

/**
 * A small blocking MySQL client built only on the codec, for integration tests against real servers. It
 * reads responses either physical packet by physical packet (as a relay does) or as logical payloads, and
 * lets a {@link ResponseTracker} decide where each response ends — so a wrong end shows up as a following
 * command that receives the tail of the previous response.
 */
public final class WireClient implements AutoCloseable {

    /** How responses are read. */
    public enum Mode { RAW, LOGICAL }

    private final Socket socket;
    private final LoginResult login;
    private final PacketReader reader;
    private final PacketWriter writer;
    private final Mode mode;
    private byte[] infileContent = new byte[0];
    private int infileChunk = 8192;
    private String changeUserPassword = "";

    private WireClient(Socket socket, LoginResult login, Mode mode) {
        this.socket = socket;
        this.login = login;
        this.reader = new PacketReader(login.streams().input());
        this.writer = new PacketWriter(login.streams().output());
        this.mode = mode;
    }

    public static WireClient connect(String host, int port, LoginRequest request, Mode mode) throws IOException {
        Socket s = new Socket();
        try {
            s.connect(new InetSocketAddress(host, port), 5000);
            s.setSoTimeout(60_000);
            s.setTcpNoDelay(true);
            var streams = new ConnectionStreams(new BufferedInputStream(s.getInputStream(), 65536),
                    new BufferedOutputStream(s.getOutputStream(), 65536));
            return new WireClient(s, ClientLogin.login(streams, request), mode);
        } catch (IOException | RuntimeException e) {
            s.close();
            throw e;
        }
    }

    public LoginResult login() {
        return login;
    }

    public long capabilities() {
        return login.capabilities();
    }

    /** The password to answer COM_CHANGE_USER auth switches with. */
    public void setChangeUserPassword(String password) {
        this.changeUserPassword = password;
    }

    /** What to send when the server asks for a LOCAL INFILE, and in which packet size. */
    public void setInfileContent(byte[] content, int chunk) {
        this.infileContent = content;
        this.infileChunk = chunk;
    }

    public Response query(String sql) throws IOException {
        return command(ComQuery.of(sql).encode());
    }

    /** Sends one command (sequence id 0) and reads its whole response as the tracker delimits it. */
    public Response command(byte[] payload) throws IOException {
        int command = payload[0] & 0xFF;
        int seq = writer.write(0, payload);
        writer.flush();
        ResponseTracker tracker = ResponseTracker.forCommand(command, capabilities());
        List<byte[]> packets = new ArrayList<>();
        Expect next = tracker.expect();
        ByteArrayOutputStream joining = null;
        while (next != Expect.DONE) {
            if (next == Expect.CLIENT_INFILE_DATA) {
                seq = sendInfile(tracker, seq);
                next = tracker.expect();
                continue;
            }
            if (next == Expect.CLIENT_AUTH_DATA) {
                var sw = com.wolfscale.mysql.packet.AuthSwitchRequest.decode(packets.get(packets.size() - 1));
                byte[] token = com.wolfscale.mysql.auth.NativePassword.scramble(changeUserPassword, sw.seed());
                seq = writer.write(seq, token);
                writer.flush();
                next = tracker.acceptClient(token);
                continue;
            }
            if (mode == Mode.LOGICAL) {
                var p = reader.read(Integer.MAX_VALUE - 16);
                seq = p.nextSequenceId();
                packets.add(p.payload());
                next = tracker.accept(p.payload());
            } else {
                RawPacket raw = reader.readRaw();
                seq = (raw.sequenceId() + 1) & 0xFF;
                if (joining == null) {
                    joining = new ByteArrayOutputStream();
                }
                joining.write(raw.frame(), RawPacket.HEADER_SIZE, raw.payloadLength());
                if (!raw.continues()) {
                    packets.add(joining.toByteArray());
                    joining = null;
                }
                next = tracker.accept(raw);
            }
        }
        return new Response(tracker, packets);
    }

    /** Sends a command that has no response (COM_STMT_CLOSE, ...). */
    public void send(byte[] payload) throws IOException {
        writer.write(0, payload);
        writer.flush();
    }

    private int sendInfile(ResponseTracker tracker, int seq) throws IOException {
        int pos = 0;
        while (pos < infileContent.length) {
            int n = Math.min(infileChunk, infileContent.length - pos);
            byte[] chunk = java.util.Arrays.copyOfRange(infileContent, pos, pos + n);
            seq = writer.write(seq, chunk);
            tracker.acceptClient(chunk);
            pos += n;
        }
        seq = writer.write(seq, new byte[0]);
        tracker.acceptClient(new byte[0]);
        writer.flush();
        return seq;
    }

    /** The connection's packet reader, for streams that are not command/response (the binlog dump). */
    public PacketReader reader() {
        return reader;
    }

    public PacketWriter writer() {
        return writer;
    }

    public int available() throws IOException {
        return login.streams().input().available();
    }

    public void sendRaw(byte[] bytes) throws IOException {
        login.streams().output().write(bytes);
        login.streams().output().flush();
    }

    @Override
    public void close() throws IOException {
        try {
            if (!socket.isClosed()) {
                send(new byte[] {(byte) Command.COM_QUIT});
            }
        } catch (IOException ignored) {
            // closing anyway
        } finally {
            socket.close();
        }
    }

    /**
     * One response.
     *
     * @param tracker what the tracker concluded
     * @param packets the logical payloads of the response, in order
     */
    public record Response(ResponseTracker tracker, List<byte[]> packets) {
    }
}
