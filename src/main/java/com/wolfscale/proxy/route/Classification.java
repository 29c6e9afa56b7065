package com.wolfscale.proxy.route;

import java.util.OptionalLong;

/**
 * What the router needs to know about one statement.
 *
 * @param kind                where it may run
 * @param effects             session-state effects the proxy must track (temp tables, locks, database, ...)
 * @param minLsnHint          a {@code wolfscale:min_lsn} hint in a comment, if any
 * @param readsUserVariables  the statement mentions a user variable ({@code @x})
 * @param intercept           a statement the proxy answers itself, or {@link Intercept#none()}
 */
public record Classification(Kind kind, Effects effects, OptionalLong minLsnHint, boolean readsUserVariables,
        Intercept intercept) {

    /** Where a statement may run. */
    public enum Kind {
        /** A read that may run on the local database when it is fresh enough for the session. */
        READ,
        /** Must run on the leader: writes, transactions, locking reads, anything not classified with certainty. */
        LEADER,
        /** Changes session state: runs on every backend connection of the session and is replayed on new ones. */
        SESSION,
        /** Reads the state of the previous statement ({@code FOUND_ROWS()}, {@code SHOW WARNINGS}): runs where it ran. */
        PREVIOUS_TARGET
    }

    /**
     * @param commit              {@code COMMIT}: its outcome is unknown if the leader is lost before the answer
     * @param createsTempTable    the session now has temporary tables: stick to the leader
     * @param lockTables          {@code LOCK TABLES}: stick to the leader until {@code UNLOCK TABLES}
     * @param unlockTables        {@code UNLOCK TABLES}
     * @param pinsSession         multi-statements, {@code CALL} and session commands the proxy could not read
     *                            whole: their session effects are unknown, so the session sticks to the leader
     * @param assignsUserVariable assigns a user variable on the leader only ({@code SELECT ... INTO @x}, {@code :=})
     * @param database            the database a {@code USE} switches to, or null
     * @param charset             the character set a {@code SET NAMES} / {@code SET CHARACTER SET} switches to, or null
     */
    public record Effects(boolean commit, boolean createsTempTable, boolean lockTables, boolean unlockTables,
            boolean pinsSession, boolean assignsUserVariable, String database, String charset) {

        public static final Effects NONE = new Effects(false, false, false, false, false, false, null, null);
    }

    /** A statement the proxy answers itself. */
    public sealed interface Intercept {
        static Intercept none() {
            return None.INSTANCE;
        }

        enum None implements Intercept { INSTANCE }

        /** {@code SELECT @wolfscale_last_lsn}: the session's causal position. */
        record LastLsn() implements Intercept {
        }

        /** {@code SET @wolfscale_min_lsn = N}: a floor for the session's reads. */
        record SetMinLsn(long lsn) implements Intercept {
        }

        /** {@code KILL [CONNECTION | QUERY] id} with a proxy connection id. */
        record Kill(long connectionId, boolean queryOnly) implements Intercept {
        }
    }

    public static Classification of(Kind kind) {
        return new Classification(kind, Effects.NONE, OptionalLong.empty(), false, Intercept.none());
    }
}
