package com.wolfscale.mysql.replication;

import com.wolfscale.mysql.packet.ErrPacket;
import java.io.IOException;

/** The primary ended the binlog stream with an ERR (e.g. 1236: the requested GTID position is gone). */
public final class BinlogStreamException extends IOException {

    private final transient ErrPacket error;

    public BinlogStreamException(ErrPacket error) {
        super("binlog stream ended by the server: " + error);
        this.error = error;
    }

    public ErrPacket error() {
        return error;
    }
}
