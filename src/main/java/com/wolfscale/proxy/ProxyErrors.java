package com.wolfscale.proxy;

import com.wolfscale.mysql.packet.ErrPacket;
import java.time.Duration;

/**
 * The ERR packets the proxy sends itself. Where MariaDB has an error for the situation the proxy uses its
 * code, SQLSTATE and text exactly, so clients and their retry logic behave as against MariaDB; where the
 * situation is WolfScale's own (a leader change), the code and SQLSTATE are chosen for what a client
 * should do, and the text starts with "WolfScale:" and says it. docs/proxy.md lists them all.
 */
public final class ProxyErrors {

    private ProxyErrors() {
    }

    /** 1045, MariaDB's text: wrong password, unknown user, or an account the proxy cannot check. */
    public static ErrPacket accessDenied(String user, String host, boolean usedPassword) {
        return new ErrPacket(1045, "28000", "Access denied for user '" + user + "'@'" + host + "' (using password: "
                + (usedPassword ? "YES" : "NO") + ")");
    }

    /** 1040, sent instead of the greeting when {@code max_connections} clients are connected. */
    public static ErrPacket tooManyConnections() {
        return new ErrPacket(1040, "08004", "Too many connections");
    }

    /** 1047: a command the proxy does not relay (replication, COM_BINLOG_DUMP, ...). */
    public static ErrPacket unknownCommand() {
        return new ErrPacket(1047, "08S01", "Unknown command");
    }

    /** 1094, MariaDB's text: KILL named a connection id no session of this proxy has. */
    public static ErrPacket unknownThread(long id) {
        return new ErrPacket(1094, "HY000", "Unknown thread id: " + id);
    }

    /** 1243, MariaDB's text: a statement id this session never prepared (or closed). */
    public static ErrPacket unknownStatement(long id, String command) {
        return new ErrPacket(1243, "HY000", "Unknown prepared statement handler (" + id + ") given to " + command);
    }

    /** 1835, MariaDB's text: a command packet that does not follow the protocol. */
    public static ErrPacket malformedPacket() {
        return new ErrPacket(1835, "HY000", "Malformed communication packet");
    }

    /** 1421, MariaDB's text: COM_STMT_FETCH for a statement without an open cursor. */
    public static ErrPacket noOpenCursor(long id) {
        return new ErrPacket(1421, "HY000", "The statement (" + id + ") has no open cursor.");
    }

    /**
     * 1213 / 40001: the leader changed while the session's transaction was open. The transaction is gone
     * (rolled back with the old leader's connection); SQLSTATE 40001 is what drivers and frameworks retry.
     */
    public static ErrPacket transactionCut() {
        return new ErrPacket(1213, "40001", "WolfScale: the leader changed while this transaction was open; it was "
                + "rolled back. Restart the transaction");
    }

    /**
     * 1180 / 08007 ("transaction resolution unknown"): the leader was lost after a COMMIT or an autocommit
     * write was sent and before its answer. The proxy never replays it: it may have committed.
     */
    public static ErrPacket unknownOutcome() {
        return new ErrPacket(1180, "08007", "WolfScale: the leader was lost before it answered; this statement may or "
                + "may not have committed (unknown outcome). Check before retrying");
    }

    /** 1205 / HY000: no leader within {@code failover_wait_ms}; the statement did not run. Retry later. */
    public static ErrPacket noLeader(Duration waited, String reason) {
        return new ErrPacket(1205, "HY000", "WolfScale: no leader within " + waited.toMillis()
                + " ms (failover_wait_ms): " + reason + ". The statement did not run; retry later");
    }

    /** 1927 / 70100: state that lived only on the old leader (temporary tables, locks) is gone. */
    public static ErrPacket sessionStateLost(String what) {
        return new ErrPacket(1927, "70100", "WolfScale: the leader changed and this session's " + what
                + " were lost with the old leader's connection; recreate them");
    }

    /** 1927 / 70100: the backend connection broke in the middle of a response. */
    public static ErrPacket connectionLost(String detail) {
        return new ErrPacket(1927, "70100", "WolfScale: the database connection was lost during this statement ("
                + detail + ")");
    }

    /** 1927 / 70100: the session's state could not be restored on a new backend connection. */
    public static ErrPacket replayFailed(String detail) {
        return new ErrPacket(1927, "70100", "WolfScale: could not restore this session on a new database connection: "
                + detail);
    }
}
