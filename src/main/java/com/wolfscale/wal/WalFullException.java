package com.wolfscale.wal;

/**
 * The disk holding the WAL is full (ENOSPC or quota). The failed append left no bytes behind and
 * consumed no LSN: appends succeed again, at the same LSN, once space is freed.
 */
public final class WalFullException extends WalException {

    public WalFullException(String message, Throwable cause) {
        super(message, cause);
    }
}
