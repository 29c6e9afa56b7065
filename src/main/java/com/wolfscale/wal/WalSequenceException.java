package com.wolfscale.wal;

/**
 * Replicated records do not continue the log: their first LSN is not {@code lastLsn() + 1} or they are
 * not contiguous. The caller refetches from {@code lastLsn() + 1}.
 */
public final class WalSequenceException extends WalException {

    public WalSequenceException(String message) {
        super(message);
    }
}
