package com.wolfscale.mysql.client;

import com.wolfscale.mysql.packet.HandshakeV10;
import com.wolfscale.mysql.packet.OkPacket;

/**
 * A successful login.
 *
 * @param handshake    the server's greeting
 * @param capabilities the session's negotiated capabilities (what both sides support, as sent)
 * @param ok           the OK that ended authentication
 * @param authPlugin   the plugin that authenticated the session (after any switches)
 * @param streams      the streams to use from now on (the TLS streams after an upgrade)
 * @param tls          whether the session runs over TLS
 */
public record LoginResult(HandshakeV10 handshake, long capabilities, OkPacket ok, String authPlugin,
        ConnectionStreams streams, boolean tls) {

    /** The server version without MariaDB's "5.5.5-" prefix. */
    public String serverVersion() {
        return handshake.version();
    }

    /** The server's id for this connection (what KILL takes). */
    public long connectionId() {
        return handshake.connectionId();
    }

    public int statusFlags() {
        return ok.statusFlags();
    }
}
