package com.wolfscale.mysql.packet;

import com.wolfscale.mysql.Capabilities;
import com.wolfscale.mysql.PayloadReader;
import com.wolfscale.mysql.PayloadWriter;

/**
 * The client's request to switch to TLS: the first 32 bytes of a {@link HandshakeResponse41} with
 * CLIENT_SSL set, sent in clear (sequence id 1); the TLS handshake follows on the same socket and the full
 * HandshakeResponse41 is then sent encrypted with sequence id 2.
 *
 * <pre>
 * size | field
 * -----+------------------------------------------------------------------
 * 4    | capabilities, bits 0-31 (CLIENT_SSL set)
 * 4    | max packet size
 * 1    | collation
 * 19   | filler
 * 4    | MariaDB extended capabilities (zero when CLIENT_MYSQL is set)
 * </pre>
 *
 * @param capabilities  client capabilities, CLIENT_SSL included
 * @param maxPacketSize largest packet the client accepts
 * @param collation     connection collation
 */
public record SslRequest(long capabilities, long maxPacketSize, int collation) {

    public static final int LENGTH = 32;

    public byte[] encode() {
        PayloadWriter w = new PayloadWriter(LENGTH);
        HandshakeResponse41.writeFixedPart(w, capabilities | Capabilities.CLIENT_SSL, maxPacketSize, collation);
        return w.toByteArray();
    }

    /**
     * True when a client's first payload is an SSLRequest rather than a full handshake response: exactly
     * 32 bytes with CLIENT_SSL set (a real response always continues with at least the user name's NUL).
     */
    public static boolean isSslRequest(byte[] payload) {
        if (payload.length != LENGTH) {
            return false;
        }
        long caps = new PayloadReader("SSLRequest", payload).u32();
        return Capabilities.has(caps, Capabilities.CLIENT_SSL);
    }

    public static SslRequest decode(byte[] payload) {
        if (!isSslRequest(payload)) {
            throw new com.wolfscale.mysql.ProtocolException("not an SSLRequest: " + payload.length
                    + "-byte payload (expected 32 bytes with CLIENT_SSL)");
        }
        PayloadReader r = new PayloadReader("SSLRequest", payload);
        long caps = r.u32();
        long max = r.u32();
        int collation = r.u8();
        r.skip(19);
        long extended = r.u32();
        if (!Capabilities.has(caps, Capabilities.CLIENT_MYSQL)) {
            caps |= extended << 32;
        }
        return new SslRequest(caps, max, collation);
    }
}
