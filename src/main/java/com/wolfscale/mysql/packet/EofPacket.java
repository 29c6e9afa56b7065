package com.wolfscale.mysql.packet;

import com.wolfscale.mysql.PayloadReader;
import com.wolfscale.mysql.PayloadWriter;
import com.wolfscale.mysql.ServerStatus;

/**
 * End of column definitions or of rows when CLIENT_DEPRECATE_EOF is not negotiated.
 *
 * <pre>
 * size | field
 * -----+----------------
 * 1    | 0xFE
 * 2    | warning count
 * 2    | status flags
 * </pre>
 *
 * A 0xFE-header packet is an EOF only if its payload is shorter than 9 bytes: a text row whose first value
 * is 16 MiB or longer also starts with 0xFE (its length prefix), see {@link #isEof(byte[])}.
 *
 * @param warnings    warning count
 * @param statusFlags {@link ServerStatus} flags
 */
public record EofPacket(int warnings, int statusFlags) {

    public static final int HEADER = 0xFE;
    /** An EOF payload is shorter than this; longer 0xFE packets are rows (or OK packets). */
    public static final int MAX_LENGTH_EXCLUSIVE = 9;

    public boolean moreResultsExist() {
        return ServerStatus.has(statusFlags, ServerStatus.MORE_RESULTS_EXISTS);
    }

    public byte[] encode() {
        return new PayloadWriter(5).u8(HEADER).u16(warnings).u16(statusFlags).toByteArray();
    }

    /** True when the payload is an EOF packet (header 0xFE and shorter than 9 bytes). */
    public static boolean isEof(byte[] payload) {
        return payload.length > 0 && payload.length < MAX_LENGTH_EXCLUSIVE && (payload[0] & 0xFF) == HEADER;
    }

    public static EofPacket decode(byte[] payload) {
        if (!isEof(payload)) {
            throw new com.wolfscale.mysql.ProtocolException("not an EOF packet: " + payload.length
                    + "-byte payload starting " + com.wolfscale.mysql.ProtocolException.hexPrefix(payload, 0, payload.length));
        }
        PayloadReader r = new PayloadReader("EOF packet", payload);
        r.skip(1);
        if (r.remaining() < 4) {
            return new EofPacket(0, 0); // pre-4.1 servers sent a bare 0xFE
        }
        return new EofPacket(r.u16(), r.u16());
    }
}
