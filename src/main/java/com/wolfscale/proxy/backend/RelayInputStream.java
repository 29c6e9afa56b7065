package com.wolfscale.proxy.backend;

import java.io.BufferedInputStream;
import java.io.InputStream;

/**
 * A buffered stream that can say whether bytes are already buffered <em>without a system call</em>
 * ({@link BufferedInputStream#available()} asks the socket, an ioctl per packet on the relay's hot path).
 * The relay flushes its client output whenever nothing is buffered, so a response that arrived in one
 * segment costs one flush. It also hands over what it read ahead, so a TLS layer started after an
 * SSLRequest sees the ClientHello a client sent right behind it.
 *
 * <p>Not thread-safe, like the connection that owns it.
 */
public final class RelayInputStream extends BufferedInputStream {

    public RelayInputStream(InputStream in, int size) {
        super(in, size);
    }

    /** Bytes read from the socket and not consumed yet. */
    public int buffered() {
        return count - pos;
    }

    /** Takes the buffered, unconsumed bytes out of this stream (for a layer that takes over the socket). */
    public byte[] takeBuffered() {
        byte[] out = java.util.Arrays.copyOfRange(buf, pos, count);
        pos = count;
        return out;
    }
}
