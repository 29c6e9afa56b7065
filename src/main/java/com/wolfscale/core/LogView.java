package com.wolfscale.core;

import com.wolfscale.common.Epoch;
import com.wolfscale.common.Lsn;
import java.util.List;
import java.util.Optional;

/**
 * Read-only questions the core asks about the node's log. The node implements it over the WAL, the
 * simulator over an in-memory log. Implementations must be safe to call from the core's thread while
 * another thread appends.
 */
public interface LogView {

    /** First record still held (after retention); {@code lastLsn()+1} when empty. */
    Lsn firstLsn();

    Lsn lastLsn();

    Epoch lastEpoch();

    Lsn durableLsn();

    /** Epoch of the record at {@code lsn}, if it is held. */
    Optional<Epoch> epochAt(Lsn lsn);

    /** Last LSN written in {@code epoch} or any lower epoch ({@link Lsn#ZERO} if none). */
    Lsn endOfEpoch(Epoch epoch);

    /** Commit timestamp (µs) of the record at lsn, or 0 when unknown. Used for lag in milliseconds. */
    long timestampAt(Lsn lsn);

    /** Records from {@code from}, at most {@code maxRecords} and about {@code maxBytes} of payload. */
    List<LogRecord> read(Lsn from, int maxRecords, long maxBytes);

    /** Orders logs as Raft does: the higher last epoch wins, then the longer log. */
    static int compare(Epoch lastEpochA, Lsn lastLsnA, Epoch lastEpochB, Lsn lastLsnB) {
        int c = lastEpochA.compareTo(lastEpochB);
        return c != 0 ? c : lastLsnA.compareTo(lastLsnB);
    }
}
