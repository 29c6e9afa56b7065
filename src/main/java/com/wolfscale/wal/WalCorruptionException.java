package com.wolfscale.wal;

import com.wolfscale.common.Lsn;
import java.nio.file.Path;

/**
 * The log holds bytes that are not a valid record where a valid record must be: a checksum mismatch, a
 * malformed header, an LSN gap or an epoch that goes backwards, anywhere except a torn tail (the end of
 * the last segment with nothing valid after it, which recovery truncates silently). Never repaired
 * automatically: the records after it may have been acknowledged.
 */
public final class WalCorruptionException extends WalException {

    private final Path file;
    private final long offset;
    private final Lsn lsn;

    /**
     * @param file   the segment (or metadata) file holding the bad bytes
     * @param offset byte offset of the first bad byte sequence in {@code file}
     * @param lsn    the LSN the record at {@code offset} should have had
     * @param detail what is wrong there
     */
    public WalCorruptionException(Path file, long offset, Lsn lsn, String detail) {
        super("WAL corruption in " + file + " at byte offset " + offset + " (record LSN " + lsn + "): " + detail
                + ". The records from LSN " + lsn + " on cannot be trusted. If this node can refetch them from "
                + "the leader, run 'wolfscale wal verify --data-dir <data_dir> --repair' to truncate the log "
                + "there; otherwise keep the directory for analysis.");
        this.file = file;
        this.offset = offset;
        this.lsn = lsn;
    }

    public Path file() {
        return file;
    }

    public long offset() {
        return offset;
    }

    public Lsn lsn() {
        return lsn;
    }
}
