package com.wolfscale.proxy.session;

import com.wolfscale.mysql.RawPacket;
import com.wolfscale.mysql.response.ResponseSummary;
import com.wolfscale.proxy.backend.BackendConnection;
import java.io.IOException;
import java.util.function.Consumer;

/**
 * A client command as the runner sends it: the bytes may depend on the backend (a prepared statement's id
 * differs per connection, and may need preparing there first), the first response packet may need a
 * rewrite, and the caller may want to know where it ran.
 */
interface RoutedCommand {

    /** The payload to send to {@code backend}. */
    byte[] payloadFor(BackendConnection backend) throws IOException, StatementRefused;

    /** Applied to the first response packet before it is relayed, or null. */
    default Consumer<RawPacket> firstPacket() {
        return null;
    }

    /** Called after a complete response from {@code backend}. */
    default void completed(BackendConnection backend, ResponseSummary summary) {
    }

    /** A command sent as the client sent it. */
    static RoutedCommand of(byte[] payload) {
        return backend -> payload;
    }
}
