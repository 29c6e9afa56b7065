package com.wolfscale.wal;

/**
 * The WAL stopped accepting writes after an fsync (or another write-path) failure. The kernel may have
 * dropped the dirty pages it could not write, so retrying fsync on the same file could report success
 * for data that is gone; the only safe way on is to close the WAL and reopen it, which re-reads what is
 * really on disk. Every append, truncation and retention request fails with this until then.
 */
public final class WalFailedException extends WalException {

    public WalFailedException(String message, Throwable cause) {
        super(message, cause);
    }
}
