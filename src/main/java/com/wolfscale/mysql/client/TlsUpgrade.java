package com.wolfscale.mysql.client;

import com.wolfscale.mysql.packet.HandshakeV10;
import java.io.IOException;

/**
 * The seam through which {@link ClientLogin} switches a connection to TLS. The caller owns the socket: when
 * called, the SSLRequest has been written and flushed in clear; the callback performs the TLS handshake on
 * its socket (e.g. {@code SSLSocketFactory.createSocket(socket, host, port, true)}) and returns the
 * encrypted streams, on which the login continues.
 */
@FunctionalInterface
public interface TlsUpgrade {

    /**
     * @param handshake the server's greeting (server version, capabilities) for certificate policy decisions
     * @return the streams of the TLS session
     * @throws IOException if the TLS handshake fails; the login fails with it
     */
    ConnectionStreams upgrade(HandshakeV10 handshake) throws IOException;
}
