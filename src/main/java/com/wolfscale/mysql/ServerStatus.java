package com.wolfscale.mysql;

import java.util.ArrayList;
import java.util.List;

/**
 * Server status flags carried by the handshake and by every OK and EOF packet. {@link #IN_TRANS} and
 * {@link #AUTOCOMMIT} are the cheapest reliable transaction tracker a proxy has;
 * {@link #MORE_RESULTS_EXISTS} says another result follows in the same response
 * (mariadb-docs {@code 4-server-response-packets/ok_packet.md}).
 */
public final class ServerStatus {

    public static final int IN_TRANS = 1;
    public static final int AUTOCOMMIT = 1 << 1;
    public static final int MORE_RESULTS_EXISTS = 1 << 3;
    public static final int QUERY_NO_GOOD_INDEX_USED = 1 << 4;
    public static final int QUERY_NO_INDEX_USED = 1 << 5;
    /** A COM_STMT_EXECUTE opened a cursor: rows come with COM_STMT_FETCH. */
    public static final int CURSOR_EXISTS = 1 << 6;
    /** COM_STMT_FETCH: the cursor is exhausted. */
    public static final int LAST_ROW_SENT = 1 << 7;
    public static final int DB_DROPPED = 1 << 8;
    public static final int NO_BACKSLASH_ESCAPES = 1 << 9;
    public static final int METADATA_CHANGED = 1 << 10;
    public static final int QUERY_WAS_SLOW = 1 << 11;
    /** The result set holds a stored procedure's OUT parameters. */
    public static final int PS_OUT_PARAMS = 1 << 12;
    public static final int IN_TRANS_READONLY = 1 << 13;
    /** The OK packet carries session-state-change data. */
    public static final int SESSION_STATE_CHANGED = 1 << 14;

    private static final String[] NAMES = {
        "IN_TRANS", "AUTOCOMMIT", "BIT2", "MORE_RESULTS_EXISTS", "NO_GOOD_INDEX_USED", "NO_INDEX_USED",
        "CURSOR_EXISTS", "LAST_ROW_SENT", "DB_DROPPED", "NO_BACKSLASH_ESCAPES", "METADATA_CHANGED",
        "QUERY_WAS_SLOW", "PS_OUT_PARAMS", "IN_TRANS_READONLY", "SESSION_STATE_CHANGED",
    };

    private ServerStatus() {
    }

    public static boolean has(int status, int flag) {
        return (status & flag) == flag;
    }

    public static List<String> names(int status) {
        List<String> out = new ArrayList<>();
        for (int bit = 0; bit < 16; bit++) {
            if ((status & (1 << bit)) != 0) {
                out.add(bit < NAMES.length ? NAMES[bit] : "BIT" + bit);
            }
        }
        return out;
    }
}
