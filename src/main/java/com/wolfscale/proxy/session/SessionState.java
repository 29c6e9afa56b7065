package com.wolfscale.proxy.session;

import com.wolfscale.common.Lsn;
import com.wolfscale.mysql.ServerStatus;
import com.wolfscale.proxy.SessionCharsets;
import java.nio.charset.Charset;

/**
 * What the proxy knows about one client session beyond its backend connections: transaction state (from
 * the leader's status flags, never from parsing), the current database and character set, the reasons the
 * session must stay on the leader, and its causal position.
 *
 * <p>Not thread-safe: owned by the session's thread.
 */
final class SessionState {

    String database;
    Charset charset;
    boolean inTransaction;
    boolean autocommit = true;
    boolean tempTables;
    boolean lockedTables;
    /** Session effects the proxy could not follow (multi-statements, CALL, unreadable SETs). */
    boolean pinnedToLeader;
    /** A user variable was assigned on the leader only: reads that use user variables go there too. */
    boolean userVariablesDiverged;
    /** The session arrived from another node's proxy: everything runs on the leader. */
    boolean forwardedIn;
    /** A leader statement ran since the causal position was last read from the leader. */
    boolean writeSinceSync;
    /** The leader connection was lost with a write whose position was never read: assume the commit index. */
    boolean positionLost;
    /** The position of this session's last write: every local read must see it (session/global modes). */
    Lsn causalToken = Lsn.ZERO;
    /** A floor set by the client ({@code wolfscale:min_lsn} hints, {@code SET @wolfscale_min_lsn}); all modes. */
    Lsn clientFloor = Lsn.ZERO;

    SessionState(String database, int collation) {
        this.database = database;
        this.charset = SessionCharsets.ofCollation(collation);
    }

    /** Follows the status flags of a leader response. */
    void track(int statusFlags) {
        inTransaction = ServerStatus.has(statusFlags, ServerStatus.IN_TRANS);
        autocommit = ServerStatus.has(statusFlags, ServerStatus.AUTOCOMMIT);
    }

    /** True when every statement must run on the leader, reads included. */
    boolean mustUseLeader() {
        return inTransaction || !autocommit || tempTables || lockedTables || pinnedToLeader || forwardedIn;
    }

    void raiseCausalToken(Lsn lsn) {
        causalToken = Lsn.max(causalToken, lsn);
    }

    void raiseClientFloor(Lsn lsn) {
        clientFloor = Lsn.max(clientFloor, lsn);
    }

    /** Status flags for a response the proxy writes itself. */
    int statusFlags() {
        return (inTransaction ? ServerStatus.IN_TRANS : 0) | (autocommit ? ServerStatus.AUTOCOMMIT : 0);
    }

    /** COM_RESET_CONNECTION / COM_CHANGE_USER: the server forgets everything but the database. */
    void reset() {
        inTransaction = false;
        autocommit = true;
        tempTables = false;
        lockedTables = false;
        pinnedToLeader = false;
        userVariablesDiverged = false;
    }
}
