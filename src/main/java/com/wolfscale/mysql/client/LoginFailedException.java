package com.wolfscale.mysql.client;

import com.wolfscale.mysql.packet.ErrPacket;
import java.io.IOException;
import java.util.Optional;

/**
 * A login the server (or the client's own rules) refused: the server's ERR when it sent one (e.g. 1045
 * access denied), or why the client could not continue (no common auth plugin, TLS required but not offered).
 */
public final class LoginFailedException extends IOException {

    private final transient ErrPacket error;

    public LoginFailedException(String message, ErrPacket error) {
        super(message + (error == null ? "" : ": " + error));
        this.error = error;
    }

    public LoginFailedException(String message) {
        this(message, null);
    }

    /** The server's ERR packet, when the server refused. */
    public Optional<ErrPacket> error() {
        return Optional.ofNullable(error);
    }
}
