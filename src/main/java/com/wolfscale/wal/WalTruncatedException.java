package com.wolfscale.wal;

/**
 * The requested records are no longer in this log: retention or a prefix truncation removed them, or a
 * suffix truncation removed them while they were being read. A replication peer that gets this for a
 * position it needs must be rebuilt from a snapshot (it is {@code NEEDS_MIGRATION}).
 */
public final class WalTruncatedException extends WalException {

    public WalTruncatedException(String message) {
        super(message);
    }
}
