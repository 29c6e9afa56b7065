package com.wolfscale.mysql.packet;

import com.wolfscale.mysql.PayloadReader;
import com.wolfscale.mysql.PayloadWriter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One entry of the session-state-change block of an {@link OkPacket} (sent when the client negotiated
 * CLIENT_SESSION_TRACK and the status has SESSION_STATE_CHANGED).
 *
 * <pre>
 * size       | field
 * -----------+--------------------------------------------------------------------------------
 * 1          | type: 0 system variables, 1 schema, 2 state change, 3 GTIDs (MySQL only),
 *            |       4 transaction characteristics, 5 transaction state
 * lenenc-str | data; for type 0 one or more (lenenc-str name, lenenc-str value) pairs,
 *            | for 1, 2, 4, 5 one lenenc-str
 * </pre>
 *
 * MariaDB does not implement type 3; the GTID a session's last commit produced is reported as the system
 * variable {@code last_gtid} when {@code session_track_system_variables} includes it.
 *
 * @param type one of the {@code SYSTEM_VARIABLES..TRANSACTION_STATE} constants
 * @param data the entry's data, as sent (without its own length prefix)
 */
public record SessionStateChange(int type, byte[] data) {

    public static final int SYSTEM_VARIABLES = 0;
    public static final int SCHEMA = 1;
    public static final int STATE_CHANGE = 2;
    public static final int GTIDS = 3;
    public static final int TRANSACTION_CHARACTERISTICS = 4;
    public static final int TRANSACTION_STATE = 5;

    /** A system-variables entry for one variable. */
    public static SessionStateChange systemVariable(String name, String value) {
        return new SessionStateChange(SYSTEM_VARIABLES,
                new PayloadWriter().lenencString(name).lenencString(value).toByteArray());
    }

    /** An entry whose data is one length-encoded string (schema, state change, transaction info). */
    public static SessionStateChange ofString(int type, String value) {
        return new SessionStateChange(type, new PayloadWriter().lenencString(value).toByteArray());
    }

    /** The (name, value) pairs of a {@link #SYSTEM_VARIABLES} entry. */
    public Map<String, String> systemVariables() {
        requireType(SYSTEM_VARIABLES);
        PayloadReader r = new PayloadReader("session-track system variables", data);
        Map<String, String> out = new LinkedHashMap<>();
        while (r.hasRemaining()) {
            out.put(r.lenencString(), r.lenencString());
        }
        return out;
    }

    /** The single string of a schema, state-change or transaction entry. */
    public String text() {
        if (type == SYSTEM_VARIABLES) {
            throw new IllegalStateException("a system-variables entry holds name/value pairs, not one string");
        }
        return new PayloadReader("session-track entry type " + type, data).lenencString();
    }

    static byte[] encodeBlock(List<SessionStateChange> changes) {
        PayloadWriter w = new PayloadWriter();
        for (SessionStateChange c : changes) {
            w.u8(c.type).lenencBytes(c.data);
        }
        return w.toByteArray();
    }

    static List<SessionStateChange> decodeBlock(byte[] block) {
        PayloadReader r = new PayloadReader("session state info", block);
        List<SessionStateChange> out = new java.util.ArrayList<>();
        while (r.hasRemaining()) {
            out.add(new SessionStateChange(r.u8(), r.lenencBytes()));
        }
        return List.copyOf(out);
    }

    private void requireType(int expected) {
        if (type != expected) {
            throw new IllegalStateException("session-track entry has type " + type + ", not " + expected);
        }
    }
}
