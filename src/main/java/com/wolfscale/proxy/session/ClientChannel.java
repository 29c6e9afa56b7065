package com.wolfscale.proxy.session;

import com.wolfscale.mysql.Packet;
import com.wolfscale.mysql.PacketReader;
import com.wolfscale.mysql.PacketWriter;
import com.wolfscale.mysql.RawPacket;
import com.wolfscale.mysql.packet.ErrPacket;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;

/**
 * The client's side of a session: packet reader and writer over the client socket (or its TLS layer).
 * Failures to write are reported as {@link ClientGoneException}, so the session can tell a client that
 * went away from a backend that did.
 *
 * <p>Not thread-safe: used by the session's thread; {@link #close()} may be called from any thread.
 */
public final class ClientChannel implements AutoCloseable {

    /** The client stopped listening: the session ends and its backend state is released. */
    public static final class ClientGoneException extends IOException {
        public ClientGoneException(IOException cause) {
            super("client connection lost: " + cause.getMessage(), cause);
        }
    }

    private static final int BUFFER_BYTES = 8 * 1024;

    private Socket socket;
    private com.wolfscale.proxy.backend.RelayInputStream in;
    private PacketReader reader;
    private PacketWriter writer;
    private OutputStream out;

    public ClientChannel(Socket socket) throws IOException {
        use(socket);
    }

    /** Switches to another socket over the same connection (the TLS layer after an SSLRequest). */
    public void use(Socket s) throws IOException {
        this.socket = s;
        this.in = new com.wolfscale.proxy.backend.RelayInputStream(s.getInputStream(), BUFFER_BYTES);
        this.out = new BufferedOutputStream(s.getOutputStream(), BUFFER_BYTES);
        this.reader = new PacketReader(in);
        this.writer = new PacketWriter(out);
    }

    public Socket socket() {
        return socket;
    }

    /**
     * The bytes the client sent that were read ahead but not consumed (a client sends its TLS ClientHello
     * right behind the SSLRequest, often in the same segment).
     */
    public byte[] takeReadAhead() {
        return in.takeBuffered();
    }

    /** Reads one logical client packet of at most {@code maxPayload} bytes. */
    public Packet read(int maxPayload) throws IOException {
        return reader.read(maxPayload);
    }

    /** Reads one physical client packet (LOAD DATA LOCAL content, relayed unchanged). */
    public RawPacket readRaw() throws IOException {
        return reader.readRaw();
    }

    /** Writes a logical payload; returns the next sequence id. Not flushed. */
    public int write(int sequenceId, byte[] payload) throws ClientGoneException {
        try {
            return writer.write(sequenceId, payload);
        } catch (IOException e) {
            throw new ClientGoneException(e);
        }
    }

    /** Writes a relayed physical packet unchanged. Not flushed. */
    public void writeRaw(RawPacket packet) throws ClientGoneException {
        try {
            writer.writeRaw(packet);
        } catch (IOException e) {
            throw new ClientGoneException(e);
        }
    }

    public void flush() throws ClientGoneException {
        try {
            out.flush();
        } catch (IOException e) {
            throw new ClientGoneException(e);
        }
    }

    /** Writes an ERR packet and flushes. */
    public void sendError(int sequenceId, ErrPacket err) throws ClientGoneException {
        write(sequenceId, err.encode());
        flush();
    }

    @Override
    public void close() {
        try {
            socket.close();
        } catch (IOException ignored) {
            // nothing left to release
        }
    }
}
