package com.wolfscale.wal;

/**
 * A record's epoch breaks the epoch rules: it is lower than the epoch of the record before it, or it
 * would refill a position freed by a suffix truncation without being higher than the epoch of the record
 * that was removed there (so {@code (epoch, lsn)} would name two different records). The writer is stale.
 */
public final class WalEpochException extends WalException {

    public WalEpochException(String message) {
        super(message);
    }
}
