package com.wolfscale.wal;

/** The WAL was closed before the request could be carried out; nothing of the request was written. */
public final class WalClosedException extends WalException {

    public WalClosedException(String message) {
        super(message);
    }
}
