package com.wolfscale.wal;

/**
 * Base of every error the WAL reports. Checked, because every caller of the log has to decide what a
 * failed append, read or truncation means for its node (step down, refetch, stop). Futures returned by
 * {@link Wal} complete exceptionally with these types; messages name the file, byte offset and LSN
 * involved and say what to do.
 */
public class WalException extends Exception {

    public WalException(String message) {
        super(message);
    }

    public WalException(String message, Throwable cause) {
        super(message, cause);
    }
}
