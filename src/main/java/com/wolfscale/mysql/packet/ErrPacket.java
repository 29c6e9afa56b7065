package com.wolfscale.mysql.packet;

import com.wolfscale.mysql.PayloadReader;
import com.wolfscale.mysql.PayloadWriter;

/**
 * A command failed.
 *
 * <pre>
 * size | field          | notes
 * -----+----------------+-------------------------------------------------------------------------
 * 1    | 0xFF           |
 * 2    | error code     | 0xFFFF is a MariaDB progress report, not an error (see below)
 * 1    | '#'            | SQLSTATE marker, exactly one; absent in some pre-handshake errors
 * 5    | SQLSTATE       | e.g. 28000
 * rest | message        |
 * </pre>
 *
 * With MARIADB_CLIENT_PROGRESS negotiated, a long statement may send progress reports shaped as ERR packets
 * with code 0xFFFF ({@code [0xFF][0xFFFF][stage][max stage][progress u24][lenenc info]}) before its real
 * result; they do not end the response ({@link #isProgressReport}).
 *
 * @param errorCode server error number (e.g. 1045 access denied)
 * @param sqlState  the 5-character SQLSTATE without '#', or {@code null} when absent (pre-4.1 clients only;
 *                  the message must then not start with '#', or it would read as a SQLSTATE)
 * @param message   human-readable message
 * @see <a href="https://mariadb.com/docs/server/reference/clientserver-protocol/4-server-response-packets/err_packet">err_packet.md</a>
 */
public record ErrPacket(int errorCode, String sqlState, String message) {

    public static final int HEADER = 0xFF;
    public static final int PROGRESS_REPORT_CODE = 0xFFFF;

    public ErrPacket {
        if (sqlState != null && (sqlState.length() != 5 || sqlState.startsWith("#"))) {
            throw new IllegalArgumentException("SQLSTATE must be 5 characters without '#', not '" + sqlState + "'");
        }
        message = message == null ? "" : message;
        if (sqlState == null && message.startsWith("#")) {
            throw new IllegalArgumentException("an ERR without SQLSTATE cannot have a message starting with '#'");
        }
    }

    public byte[] encode() {
        PayloadWriter w = new PayloadWriter(9 + message.length()).u8(HEADER).u16(errorCode);
        if (sqlState != null) {
            w.u8('#').string(sqlState);
        }
        return w.string(message).toByteArray();
    }

    public static ErrPacket decode(byte[] payload) {
        PayloadReader r = new PayloadReader("ERR packet", payload);
        int header = r.u8();
        if (header != HEADER) {
            throw r.fail(String.format("header 0x%02X is not 0xFF", header));
        }
        int code = r.u16();
        if (code == PROGRESS_REPORT_CODE) {
            throw r.fail("this is a progress report (code 0xFFFF), not an error");
        }
        String state = null;
        if (r.hasRemaining() && r.peek() == '#') {
            r.skip(1);
            state = r.fixedString(5, java.nio.charset.StandardCharsets.ISO_8859_1);
            if (state.startsWith("#")) {
                throw r.fail("SQLSTATE marker '#' repeated");
            }
        }
        return new ErrPacket(code, state, r.restString());
    }

    /** True for MariaDB's progress-report packets (ERR header with code 0xFFFF). */
    public static boolean isProgressReport(byte[] payload) {
        return payload.length >= 3 && (payload[0] & 0xFF) == HEADER
                && (payload[1] & 0xFF) == 0xFF && (payload[2] & 0xFF) == 0xFF;
    }

    @Override
    public String toString() {
        return "ERROR " + errorCode + (sqlState == null ? "" : " (" + sqlState + ")") + ": " + message;
    }
}
