package com.wolfscale.wal.internal;

import com.wolfscale.common.Lsn;
import com.wolfscale.wal.WalClosedException;
import com.wolfscale.wal.WalCorruptionException;
import com.wolfscale.wal.WalException;
import com.wolfscale.wal.WalRecord;
import com.wolfscale.wal.WalTruncatedException;
import java.io.IOException;
import java.nio.channels.ClosedByInterruptException;
import java.nio.channels.ClosedChannelException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.LockSupport;

/**
 * Reads records for any number of concurrent readers, with positional reads only: the segment comes from
 * the published {@link LogView}, the starting batch from a {@link ReadHints} hint or the segment's
 * {@link SparseIndex}, and every batch is checksummed before it is decompressed. Nothing of a segment is
 * kept in memory between reads; the newest records come from the bounded {@link TailCache} instead.
 *
 * <p>A read is optimistic against truncations: it takes the change stamp of {@link PublishedView} first
 * and retries when a truncation started or ran meanwhile, so it returns records that were all in the log
 * at one moment, or a clear exception ({@link WalTruncatedException} when its start was removed), never
 * bytes that were being cut. Bad bytes found while nothing changed are corruption. Thread-safe.
 */
public final class LogReader {

    private static final int MAX_ATTEMPTS = 10_000;
    private static final long RETRY_PAUSE_NANOS = 100_000;

    private final PublishedView published;
    private final TailCache tail;
    private final ReadHints hints = new ReadHints();

    public LogReader(PublishedView published, TailCache tail) {
        this.published = published;
        this.tail = tail;
    }

    /** Records from {@code from}: at most {@code maxRecords}, and no more payload than {@code maxBytes} after the first. */
    public List<WalRecord> read(long from, int maxRecords, long maxBytes) throws WalException {
        if (maxRecords < 1 || maxBytes < 1) {
            throw new IllegalArgumentException("maxRecords and maxBytes must be positive: " + maxRecords + ", " + maxBytes);
        }
        for (int attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
            long stamp = published.stamp();
            if ((stamp & 1) != 0) {
                pauseDuringChange();
                continue;
            }
            LogView view = published.current();
            if (from < view.firstLsn()) {
                throw new WalTruncatedException("LSN " + from + " is no longer in the WAL: the first record kept is LSN "
                        + view.firstLsn() + " (removed by retention or a prefix truncation)");
            }
            if (from > view.lastLsn()) {
                return List.of();
            }
            List<WalRecord> cached = tail.read(from, view.lastLsn(), maxRecords, maxBytes);
            if (cached != null) {
                if (published.unchangedSince(stamp)) {
                    return cached;
                }
                continue;
            }
            try {
                List<WalRecord> records = readFrom(view, from, maxRecords, maxBytes, stamp);
                if (published.unchangedSince(stamp)) {
                    return records;
                }
            } catch (BadRead | IOException e) {
                if (published.unchangedSince(stamp)) {
                    throw failure(view, from, e);
                }
            }
        }
        throw new WalException("the WAL kept changing under a read from LSN " + from + "; retry");
    }

    /** Bad bytes met at {@code lsn} (the next record wanted when they were found). */
    private static final class BadRead extends Exception {
        final BatchCursor.BadBatchException bad;
        final long lsn;

        BadRead(BatchCursor.BadBatchException bad, long lsn) {
            super(bad.getMessage(), bad);
            this.bad = bad;
            this.lsn = lsn;
        }
    }

    /** One read in progress: its limits, what it collected and the next LSN it wants. */
    private static final class Read {
        final List<WalRecord> out = new ArrayList<>();
        final int maxRecords;
        final long maxBytes;
        long next;
        long bytes;

        Read(long from, int maxRecords, long maxBytes) {
            this.next = from;
            this.maxRecords = maxRecords;
            this.maxBytes = maxBytes;
        }
    }

    private List<WalRecord> readFrom(LogView view, long from, int maxRecords, long maxBytes, long stamp)
            throws IOException, BadRead {
        Read read = new Read(from, maxRecords, maxBytes);
        SegmentFile segment = view.segmentFor(from);
        long hinted = hints.lookup(from, segment, stamp);
        long position = hinted >= 0 ? hinted : segment.index().floorOffset(from);
        try {
            while (segment != null && read.next <= view.lastLsn()) {
                BatchCursor cursor = new BatchCursor(segment, position, segment.size());
                while (read.next <= view.lastLsn() && cursor.next()) {
                    if (cursor.header().lastLsn() >= read.next && !take(view, read, segment, cursor, stamp)) {
                        return read.out;
                    }
                }
                segment = view.after(segment);
                position = SegmentHeader.BYTES;
            }
        } catch (BatchCursor.BadBatchException e) {
            throw new BadRead(e, read.next);
        }
        return read.out;
    }

    /** Adds the wanted records of the cursor's batch to the read; false when the read is complete. */
    private boolean take(LogView view, Read read, SegmentFile segment, BatchCursor cursor, long stamp)
            throws IOException, BatchCursor.BadBatchException {
        BatchHeader h = cursor.header();
        if (h.baseLsn() > read.next) {
            throw new BatchCursor.BadBatchException(segment.path(), cursor.offset(), "batch starts at LSN "
                    + h.baseLsn() + " where LSN " + read.next + " was expected");
        }
        BatchCursor.Body body = cursor.body();
        int room = (int) Math.min(read.maxRecords - read.out.size(), view.lastLsn() - read.next + 1);
        List<WalRecord> got;
        try {
            got = BatchCodec.decode(body.bytes(), body.offset(), h, read.next, room, read.maxBytes - read.bytes,
                    read.out.isEmpty());
        } catch (IllegalArgumentException e) {
            throw new BatchCursor.BadBatchException(segment.path(), cursor.offset(), e.getMessage());
        }
        for (WalRecord r : got) {
            read.bytes += r.payload().length;
        }
        read.out.addAll(got);
        read.next += got.size();
        boolean batchDone = read.next > h.lastLsn();
        hints.remember(read.next, segment, batchDone ? cursor.offset() + h.totalBytes() : cursor.offset(), stamp);
        return batchDone && read.out.size() < read.maxRecords;
    }

    private void pauseDuringChange() throws WalException {
        WalException failure = published.failure();
        if (failure != null) {
            throw failure;
        }
        LockSupport.parkNanos(RETRY_PAUSE_NANOS);
    }

    private WalException failure(LogView view, long from, Exception e) {
        if (e instanceof ClosedByInterruptException) {
            Thread.currentThread().interrupt();
            return new WalException("a read of the WAL from LSN " + from + " was interrupted", e);
        }
        if (e instanceof ClosedChannelException && published.isClosed()) {
            return new WalClosedException("the WAL is closed");
        }
        if (e instanceof BadRead r) {
            return new WalCorruptionException(r.bad.file(), r.bad.offset(), Lsn.of(r.lsn), r.getMessage());
        }
        return new WalException("I/O error reading the WAL from LSN " + from + " in "
                + view.segmentFor(from).path() + ": " + e, e);
    }
}
