package com.wolfscale.mysql.response;

import com.wolfscale.mysql.Capabilities;
import com.wolfscale.mysql.ColumnType;
import com.wolfscale.mysql.PayloadWriter;
import com.wolfscale.mysql.packet.ColumnCount;
import com.wolfscale.mysql.packet.ColumnDefinition41;
import com.wolfscale.mysql.packet.EofPacket;
import com.wolfscale.mysql.packet.ErrPacket;
import com.wolfscale.mysql.packet.OkPacket;
import java.util.List;

/** Builders of server packets for tracker tests. */
final class Responses {

    static final long EOF_CAPS = Capabilities.DEFAULT_CLIENT & ~Capabilities.CLIENT_DEPRECATE_EOF;
    static final long OK_CAPS = Capabilities.DEFAULT_CLIENT;

    private Responses() {
    }

    static byte[] ok(int status) {
        return OkPacket.of(1, 0, status, 0).encode(OK_CAPS);
    }

    static byte[] okEof(int status) {
        return new OkPacket(OkPacket.EOF_HEADER, 0, 0, status, 0, "", List.of()).encode(OK_CAPS);
    }

    static byte[] eof(int status) {
        return new EofPacket(0, status).encode();
    }

    /** The terminator of a result set in the given mode. */
    static byte[] end(long caps, int status) {
        return Capabilities.has(caps, Capabilities.CLIENT_DEPRECATE_EOF) ? okEof(status) : eof(status);
    }

    static byte[] err() {
        return new ErrPacket(1146, "42S02", "Table 'x.y' doesn't exist").encode();
    }

    static byte[] count(int n) {
        return new ColumnCount(n, true).encode(0);
    }

    static byte[] def(String name) {
        return ColumnDefinition41.of("db", "t", name, 45, 80, ColumnType.VAR_STRING, 0, 0).encode(0);
    }

    /** A text row; {@code null} values become the 0xFB marker. */
    static byte[] row(String... values) {
        PayloadWriter w = new PayloadWriter();
        for (String v : values) {
            if (v == null) {
                w.u8(0xFB);
            } else {
                w.lenencString(v);
            }
        }
        return w.toByteArray();
    }
}
