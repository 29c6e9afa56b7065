package com.wolfscale.transport;

import com.wolfscale.common.NodeId;
import com.wolfscale.core.Message;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One authenticated TCP connection to a peer, carrying every message between the pair. A reader thread
 * decodes frames and hands messages to the listener; a writer thread drains a bounded send queue (the
 * backpressure point) and flushes when the queue is empty, so bursts share syscalls. Any protocol error
 * closes this connection only.
 */
final class PeerConnection {

    private static final Logger LOG = LoggerFactory.getLogger(PeerConnection.class);

    private final Socket socket;
    private final NodeId peer;
    private final boolean dialer;
    private final DataInputStream in;
    private final OutputStream out;
    private final FrameCodec reader;
    private final FrameCodec writer;
    private final BlockingQueue<Message> queue;
    private volatile boolean closed;

    private PeerConnection(Socket socket, NodeId peer, boolean dialer, DataInputStream in, OutputStream out,
                           FrameCodec reader, FrameCodec writer, int queueSize) {
        this.socket = socket;
        this.peer = peer;
        this.dialer = dialer;
        this.in = in;
        this.out = out;
        this.reader = reader;
        this.writer = writer;
        this.queue = new ArrayBlockingQueue<>(queueSize);
    }

    /** Authenticates a freshly connected socket (either side); the socket is closed on failure. */
    static PeerConnection open(Socket socket, boolean dialer, NodeId self, ClusterAuth auth, TransportOptions opts)
            throws IOException {
        try {
            socket.setTcpNoDelay(true);
            socket.setKeepAlive(true);
            socket.setSoTimeout((int) opts.connectTimeout().toMillis() * 2);
            DataInputStream in = new DataInputStream(new BufferedInputStream(socket.getInputStream(), 64 << 10));
            OutputStream out = new BufferedOutputStream(socket.getOutputStream(), 64 << 10);
            FrameCodec reader = new FrameCodec(Math.min(opts.maxFrameBytes(), 1 << 16), false);
            FrameCodec writer = new FrameCodec(opts.maxFrameBytes(), true);
            NodeId peer = dialer ? Handshake.dial(self, auth, in, out, reader, writer)
                    : Handshake.accept(self, auth, in, out, reader, writer);
            socket.setSoTimeout((int) opts.idleTimeout().toMillis());
            reader.raiseLimit(opts.maxFrameBytes());
            return new PeerConnection(socket, peer, dialer, in, out, reader, writer, opts.sendQueue());
        } catch (IOException | RuntimeException e) {
            socket.close();
            throw e;
        }
    }

    NodeId peer() {
        return peer;
    }

    boolean dialer() {
        return dialer;
    }

    boolean isClosed() {
        return closed;
    }

    /** Queues a message; false when the queue is full (the peer is not keeping up) or the connection closed. */
    boolean send(Message m, long waitMillis) {
        if (closed) {
            return false;
        }
        try {
            return waitMillis <= 0 ? queue.offer(m) : queue.offer(m, waitMillis, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Starts the reader and writer threads; {@code onClose} runs once when the connection ends. */
    void start(TransportListener listener, Consumer<PeerConnection> onClose) {
        Thread.ofVirtual().name("peer-read-" + peer).start(() -> readLoop(listener, onClose));
        Thread.ofVirtual().name("peer-write-" + peer).start(() -> writeLoop(onClose));
    }

    private void readLoop(TransportListener listener, Consumer<PeerConnection> onClose) {
        try {
            while (!closed) {
                Frame f = reader.read(in);
                Message m = MessageCodec.decode(f.type(), f.body());
                if (!m.from().equals(peer)) {
                    throw new TransportException("message claims to be from " + m.from() + " on the connection of " + peer);
                }
                listener.onMessage(peer, m);
            }
        } catch (EOFException | SocketTimeoutException e) {
            LOG.debug("connection to {} ended: {}", peer, e.toString());
        } catch (IOException | RuntimeException e) {
            if (!closed) {
                LOG.warn("closing connection to {}: {}", peer, e.getMessage());
            }
        } finally {
            close(onClose);
        }
    }

    private void writeLoop(Consumer<PeerConnection> onClose) {
        try {
            while (!closed) {
                Message m = queue.poll(1, TimeUnit.SECONDS);
                if (m == null) {
                    continue;
                }
                writer.write(out, MessageCodec.typeOf(m), MessageCodec.encode(m));
                if (queue.isEmpty()) {
                    out.flush();
                }
            }
        } catch (IOException | RuntimeException e) {
            if (!closed) {
                LOG.warn("write to {} failed: {}", peer, e.getMessage());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            close(onClose);
        }
    }

    void close(Consumer<PeerConnection> onClose) {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
        }
        try {
            socket.close();
        } catch (IOException ignored) {
            // closing anyway
        }
        onClose.accept(this);
    }
}
