package com.wolfscale.transport;

import com.wolfscale.common.IdleWatch;
import com.wolfscale.common.NodeId;
import com.wolfscale.common.SocketDeadline;
import com.wolfscale.core.FetchResponse;
import com.wolfscale.core.Message;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One authenticated TCP connection to a peer, carrying every message between the pair. A reader thread
 * decodes frames and hands messages to the listener; a writer thread drains two bounded queues (the
 * backpressure points): control messages (heartbeats, votes, statuses) always go first, and bulk record
 * batches are cut into {@value #FRAGMENT_BYTES}-byte fragments with control messages slipped in between,
 * so a 16 MiB transaction on the wire never delays a heartbeat and costs a leader its lease. Any protocol
 * error closes this connection only.
 */
final class PeerConnection {

    /** Largest frame body; larger messages travel as several frames. */
    static final int FRAGMENT_BYTES = 256 << 10;
    private static final Logger LOG = LoggerFactory.getLogger(PeerConnection.class);

    private final Socket socket;
    private final NodeId peer;
    private final boolean dialer;
    private final DataInputStream in;
    private final OutputStream out;
    private final FrameCodec reader;
    private final FrameCodec writer;
    private final int maxMessageBytes;
    private final BlockingQueue<Message> control;
    private final BlockingQueue<Message> bulk = new ArrayBlockingQueue<>(16);
    /** Held while frames go onto the socket: by the writer thread, or by a caller of {@link #sendNow}. */
    private final ReentrantLock writing = new ReentrantLock();
    private volatile Thread writerThread;
    private volatile Consumer<PeerConnection> onClose;
    private volatile boolean closed;
    private final Duration idleTimeout;
    /** Closes the socket when no frame arrived for the idle timeout (no read timeouts: see SocketDeadline). */
    private volatile IdleWatch idleWatch;

    private PeerConnection(Socket socket, NodeId peer, boolean dialer, DataInputStream in, OutputStream out,
                           FrameCodec reader, FrameCodec writer, TransportOptions opts) {
        this.socket = socket;
        this.peer = peer;
        this.dialer = dialer;
        this.in = in;
        this.out = out;
        this.reader = reader;
        this.writer = writer;
        this.maxMessageBytes = opts.maxMessageBytes();
        this.control = new ArrayBlockingQueue<>(opts.sendQueue());
        this.idleTimeout = opts.idleTimeout();
    }

    /** Authenticates a freshly connected socket (either side); the socket is closed on failure. */
    static PeerConnection open(Socket socket, boolean dialer, NodeId self, ClusterAuth auth, TransportOptions opts)
            throws IOException {
        SocketDeadline deadline = null;
        try {
            socket.setTcpNoDelay(true);
            socket.setKeepAlive(true);
            // no read timeouts (see SocketDeadline): the handshake is bounded by closing the socket, idleness
            // by the idle watch
            deadline = SocketDeadline.arm(socket, opts.connectTimeout().multipliedBy(2));
            DataInputStream in = new DataInputStream(new BufferedInputStream(socket.getInputStream(), 64 << 10));
            OutputStream out = new BufferedOutputStream(socket.getOutputStream(), 64 << 10);
            int frameLimit = FRAGMENT_BYTES + 1024;
            FrameCodec reader = new FrameCodec(1 << 16, false); // a stranger gets a small buffer
            FrameCodec writer = new FrameCodec(frameLimit, true);
            NodeId peer = dialer ? Handshake.dial(self, auth, in, out, reader, writer)
                    : Handshake.accept(self, auth, in, out, reader, writer);
            deadline.finish("handshake");
            reader.raiseLimit(frameLimit);
            return new PeerConnection(socket, peer, dialer, in, out, reader, writer, opts);
        } catch (IOException | RuntimeException e) {
            socket.close();
            if (deadline != null && deadline.fired()) {
                throw deadline.timeout("handshake");
            }
            throw e;
        } finally {
            if (deadline != null) {
                deadline.close();
            }
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

    /** Queues a message; false when its queue is full (the peer is not keeping up) or the connection closed. */
    boolean send(Message m, long waitMillis) {
        if (closed) {
            return false;
        }
        BlockingQueue<Message> q = m instanceof FetchResponse ? bulk : control;
        try {
            boolean queued = waitMillis <= 0 ? q.offer(m) : q.offer(m, waitMillis, TimeUnit.MILLISECONDS);
            if (queued) {
                Thread w = writerThread;
                if (w != null) {
                    LockSupport.unpark(w);
                }
            }
            return queued;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /**
     * Writes a message on the calling thread when nothing is queued and no other thread is writing, else
     * queues it like {@link #send}. A replication round trip passes four of these hand-offs (answer and next
     * request, each way); waking the writer thread for each cost measurable latency on busy cores. The
     * caller may block while the socket's buffer is full, as the writer thread would; order is kept because
     * a message goes direct only when the queues are empty, checked under the write lock.
     */
    boolean sendNow(Message m, long waitMillis) {
        if (closed) {
            return false;
        }
        if (writing.tryLock()) {
            try {
                if (control.isEmpty() && bulk.isEmpty() && !closed) {
                    byte[] body = MessageCodec.encode(m);
                    if (body.length <= FRAGMENT_BYTES) {
                        writer.write(out, MessageCodec.typeOf(m), body);
                        out.flush();
                        return true;
                    }
                }
            } catch (IOException | RuntimeException e) {
                if (!closed) {
                    LOG.warn("write to {} failed: {}", peer, e.getMessage());
                }
                Consumer<PeerConnection> c = onClose;
                if (c != null) {
                    close(c);
                }
                return false;
            } finally {
                writing.unlock();
            }
        }
        return send(m, waitMillis);
    }

    /** Starts the reader and writer threads; {@code onClose} runs once when the connection ends. */
    void start(TransportListener listener, Consumer<PeerConnection> onClose) {
        this.onClose = onClose;
        idleWatch = IdleWatch.start(socket, idleTimeout);
        Thread.ofPlatform().daemon().name("peer-read-" + peer).start(() -> readLoop(listener, onClose));
        writerThread = Thread.ofPlatform().daemon().name("peer-write-" + peer).start(() -> writeLoop(onClose));
    }

    private void readLoop(TransportListener listener, Consumer<PeerConnection> onClose) {
        ByteArrayOutputStream fragments = null;
        byte fragmentType = 0;
        try {
            while (!closed) {
                Frame f = reader.read(in);
                idleWatch.touch();
                byte[] body = f.body();
                if (f.more() || (fragments != null && f.type() == fragmentType)) {
                    if (fragments == null) {
                        fragments = new ByteArrayOutputStream(FRAGMENT_BYTES * 4);
                        fragmentType = f.type();
                    } else if (f.type() != fragmentType) {
                        throw new TransportException("fragment of type " + f.type() + " inside a message of type " + fragmentType);
                    }
                    if (fragments.size() + body.length > maxMessageBytes) {
                        throw new TransportException("message larger than " + maxMessageBytes + " bytes");
                    }
                    fragments.write(body);
                    if (f.more()) {
                        continue;
                    }
                    body = fragments.toByteArray();
                    fragments = null;
                }
                deliver(listener, MessageCodec.decode(f.type(), body));
            }
        } catch (EOFException e) {
            LOG.debug("connection to {} ended: {}", peer, e.toString());
        } catch (IOException | RuntimeException e) {
            if (idleWatch.fired()) {
                LOG.debug("connection to {} ended: nothing received for {} ms", peer, idleTimeout.toMillis());
            } else if (!closed) {
                LOG.warn("closing connection to {}: {}", peer, e.getMessage());
            }
        } finally {
            close(onClose);
        }
    }

    private void deliver(TransportListener listener, Message m) throws TransportException {
        if (!m.from().equals(peer)) {
            throw new TransportException("message claims to be from " + m.from() + " on the connection of " + peer);
        }
        listener.onMessage(peer, m);
    }

    private void writeLoop(Consumer<PeerConnection> onClose) {
        try {
            while (!closed) {
                boolean wrote;
                writing.lock();
                try {
                    Message m = control.poll();
                    if (m == null) {
                        m = bulk.poll();
                    }
                    wrote = m != null;
                    if (wrote) {
                        write(m);
                    } else {
                        out.flush();
                    }
                } finally {
                    writing.unlock();
                }
                if (!wrote) {
                    LockSupport.parkNanos(100_000_000L);
                }
            }
        } catch (IOException | RuntimeException e) {
            if (!closed) {
                LOG.warn("write to {} failed: {}", peer, e.getMessage());
            }
        } finally {
            close(onClose);
        }
    }

    private void write(Message m) throws IOException {
        byte type = MessageCodec.typeOf(m);
        byte[] body = MessageCodec.encode(m);
        if (body.length > maxMessageBytes) {
            throw new TransportException("a " + body.length + "-byte message exceeds the maximum " + maxMessageBytes);
        }
        if (body.length <= FRAGMENT_BYTES) {
            writer.write(out, type, body);
            return;
        }
        for (int at = 0; at < body.length; at += FRAGMENT_BYTES) {
            int end = Math.min(body.length, at + FRAGMENT_BYTES);
            writer.write(out, type, Arrays.copyOfRange(body, at, end), end < body.length);
            Message urgent;
            while ((urgent = control.poll()) != null) {
                writer.write(out, MessageCodec.typeOf(urgent), MessageCodec.encode(urgent));
                out.flush();
            }
        }
    }

    void close(Consumer<PeerConnection> onClose) {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
        }
        IdleWatch watch = idleWatch;
        if (watch != null) {
            watch.close();
        }
        try {
            socket.close();
        } catch (IOException ignored) {
            // closing anyway
        }
        Thread w = writerThread;
        if (w != null) {
            LockSupport.unpark(w);
        }
        onClose.accept(this);
    }
}
