package com.wolfscale.proxy.session;

import com.wolfscale.mysql.packet.ErrPacket;

/** A statement cannot run; the session answers with {@link #error()} and goes on with the next command. */
final class StatementRefused extends Exception {

    private final transient ErrPacket error;

    StatementRefused(ErrPacket error) {
        super(error.toString(), null, false, false);
        this.error = error;
    }

    ErrPacket error() {
        return error;
    }
}
