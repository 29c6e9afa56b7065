package com.wolfscale.wal.internal;

import com.wolfscale.common.Lsn;
import com.wolfscale.wal.RetentionResult;
import com.wolfscale.wal.WalException;
import com.wolfscale.wal.WalFailedException;
import com.wolfscale.wal.WalFullException;
import com.wolfscale.wal.WalOptions;
import com.wolfscale.wal.WalRecord;
import com.wolfscale.wal.WalStorage;
import com.wolfscale.wal.WalTruncatedException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The log's files as the writer thread sees them: the segments (the last one active), the last LSN and
 * epoch, and the epoch history. It appends encoded batches, rolls segments, fsyncs, and truncates either
 * end, and after every change publishes a new {@link LogView} for readers.
 *
 * <p>Failure contract: {@link WalFullException} means nothing changed (a partial write was cut off
 * again); {@link WalFailedException} means the state on disk is unknown (an fsync failed, or a
 * truncation stopped half-way and its intent file will finish it at the next open): the caller must stop
 * writing. Not thread-safe: confined to the WAL writer thread.
 */
public final class SegmentedLog {

    private final WalOptions options;
    private final WalStorage storage;
    private final Path dir;
    private final PublishedView published;
    private final TailCache tail;
    private final CheckpointFile historyFile;
    private final SegmentPreallocator preallocator;
    private final List<SegmentFile> segments;
    /** Immutable copy of {@link #segments} for published views; rebuilt only when the list changes. */
    private List<SegmentFile> segmentsView;
    private long lastLsn;
    private long lastEpoch;
    private EpochHistory history;

    public SegmentedLog(WalOptions options, WalStorage storage, LogLoader.Loaded loaded) {
        this.options = options;
        this.storage = storage;
        this.dir = options.dir();
        this.tail = new TailCache(options.tailCacheBytes());
        this.historyFile = new CheckpointFile(storage, dir.resolve(EpochHistory.FILE_NAME));
        this.segments = new ArrayList<>(loaded.segments());
        this.segmentsView = List.copyOf(segments);
        this.lastLsn = loaded.lastLsn();
        this.lastEpoch = loaded.lastEpoch();
        this.history = loaded.history();
        this.published = new PublishedView(view(), lastLsn);
        tail.clear(lastLsn);
        this.preallocator = new SegmentPreallocator(storage, dir, options.segmentBytes());
    }

    public PublishedView published() {
        return published;
    }

    /** The newest records, for {@link LogReader}. */
    public TailCache tail() {
        return tail;
    }

    public long nextLsn() {
        return lastLsn + 1;
    }

    public long lastEpoch() {
        return lastEpoch;
    }

    /** Epoch of the record a suffix truncation removed at {@code lsn}; 0 if none (see {@link EpochHistory}). */
    public long fenceAt(long lsn) {
        return history.fenceAt(lsn);
    }

    /**
     * Writes one encoded batch of {@code epoch} holding {@code baseLsn..batchLastLsn} at the end of the log,
     * rolling first if the active segment is full. The records are readable when this returns and durable
     * after {@link #force()}. A batch that starts a new epoch first makes the epoch history durable.
     */
    public void append(ByteBuffer batch, long epoch, long baseLsn, long batchLastLsn, long maxTimestamp,
                       List<WalRecord> records) throws WalException {
        long total = batch.remaining();
        EpochHistory next = epoch != lastEpoch ? history.withStart(epoch, baseLsn) : history;
        if (next != history) {
            writeHistory(next);
        }
        SegmentFile active = active();
        if (active.size() > SegmentHeader.BYTES && active.size() + total > options.segmentBytes()) {
            active = roll();
        }
        long offset = active.size();
        try {
            active.writeAtEnd(batch);
        } catch (IOException e) {
            undoPartialWrite(active, offset, e);
        }
        active.advance(offset + total, batchLastLsn, baseLsn, offset, maxTimestamp);
        if (2 * active.size() > options.segmentBytes()) {
            preallocator.prepare(); // a no-op while a spare is ready or being made
        }
        lastLsn = batchLastLsn;
        lastEpoch = epoch;
        history = next;
        tail.add(records);
        published.publish(view());
    }

    /** Fsyncs the active segment; every record written so far is durable afterwards. */
    public void force() throws WalFailedException {
        try {
            active().force();
        } catch (IOException e) {
            throw fsyncFailed(active(), e);
        }
        published.durable(lastLsn);
    }

    /** Removes the records after {@code lsn} (divergence repair), crash-atomically via a {@link TruncationIntent}. */
    public void truncateAfter(long lsn) throws WalException {
        if (lsn >= lastLsn) {
            return;
        }
        if (lsn < firstLsn() - 1) {
            throw new WalTruncatedException("cannot truncate the WAL after LSN " + lsn + ": records before LSN "
                    + firstLsn() + " were already removed by retention; this node must be rebuilt from a snapshot");
        }
        TruncationIntent intent = planSuffixTruncation(lsn);
        SegmentFile s = segmentHolding(lsn + 1);
        published.beginChange();
        recordIntent(intent);
        try {
            while (active() != s) {
                segments.remove(segments.size() - 1).retire();
            }
            segmentsView = List.copyOf(segments);
            intent.complete(storage, dir);
        } catch (IOException e) {
            throw new WalFailedException("the WAL truncation after LSN " + lsn + " in " + dir + " stopped half-way ("
                    + e + "); reopen the WAL: recovery completes it from " + TruncationIntent.FILE_NAME, e);
        }
        s.index().truncateAt(intent.cutOffset());
        if (intent.replacementBatch().length > 0) {
            long base = BatchHeader.parse(ByteBuffer.wrap(intent.replacementBatch())).baseLsn();
            s.index().onBatch(base, intent.cutOffset());
        }
        s.resetEnd(intent.cutOffset() + intent.replacementBatch().length, lsn, s.maxTimestampMicros());
        lastLsn = lsn;
        history = EpochHistory.decode(intent.epochHistory());
        lastEpoch = history.epochCovering(lsn);
        tail.truncateAfter(lsn);
        published.durable(Math.min(published.durableLsn(), lsn));
        published.publish(view());
        published.endChange();
    }

    /**
     * Where a truncation after {@code lsn} cuts: the start of the segment holding {@code lsn + 1} when it
     * starts there, else the batch holding it, re-encoding that batch's records up to {@code lsn}.
     */
    private TruncationIntent planSuffixTruncation(long lsn) throws WalException {
        SegmentFile s = segmentHolding(lsn + 1);
        long cut = SegmentHeader.BYTES;
        byte[] replacement = new byte[0];
        if (s.baseLsn() != lsn + 1) {
            BatchCut at = locate(s, lsn + 1);
            cut = at.offset();
            replacement = at.keptRecords().isEmpty() ? replacement : encode(at.keptRecords());
        }
        return TruncationIntent.suffix(lsn, s.baseLsn(), cut, replacement, history.truncatedAfter(lsn, lastLsn));
    }

    /**
     * Replaces the whole log by an empty one that continues after {@code lastIncluded}, a position written
     * in {@code epoch}: a snapshot holds everything up to it (node migration). Crash-atomic via a
     * {@link TruncationIntent.Kind#RESTART} intent; fences and older history go with the records.
     */
    public void restartAfter(long lastIncluded, long epoch) throws WalException {
        long base = lastIncluded + 1;
        EpochHistory next = EpochHistory.EMPTY.withStart(epoch, lastIncluded);
        TruncationIntent intent = TruncationIntent.restart(base, next);
        published.beginChange();
        recordIntent(intent);
        segments.forEach(SegmentFile::retire);
        segments.clear();
        SegmentFile fresh;
        try {
            fresh = SegmentFile.create(storage, dir, base, null);
            intent.complete(storage, dir);
        } catch (IOException e) {
            throw new WalFailedException("restarting the WAL in " + dir + " after LSN " + lastIncluded + " stopped "
                    + "half-way (" + e + "); reopen the WAL: recovery completes it from " + TruncationIntent.FILE_NAME, e);
        }
        segments.add(fresh);
        segmentsView = List.copyOf(segments);
        lastLsn = lastIncluded;
        lastEpoch = epoch;
        history = next;
        tail.clear(lastIncluded);
        published.durable(lastIncluded);
        published.publish(view());
        published.endChange();
    }

    /** Deletes the first {@code count} segments (never the active one), crash-atomically. */
    public RetentionResult removeFirstSegments(int count, boolean heldByFloor) throws WalException {
        int n = Math.min(count, segments.size() - 1);
        if (n <= 0) {
            return new RetentionResult(0, 0, Lsn.of(firstLsn()), heldByFloor);
        }
        List<SegmentFile> removed = new ArrayList<>(segments.subList(0, n));
        TruncationIntent intent = TruncationIntent.prefix(segments.get(n).baseLsn());
        published.beginChange();
        recordIntent(intent);
        segments.subList(0, n).clear();
        segmentsView = List.copyOf(segments);
        published.publish(view());
        long bytes = 0;
        for (SegmentFile s : removed) {
            bytes += s.size();
            s.retire();
        }
        try {
            intent.complete(storage, dir);
        } catch (IOException e) {
            throw new WalFailedException("removing WAL segments below LSN " + firstLsn() + " in " + dir
                    + " stopped half-way (" + e + "); reopen the WAL: recovery completes it", e);
        }
        published.endChange();
        return new RetentionResult(n, bytes, Lsn.of(firstLsn()), heldByFloor);
    }

    public List<SegmentFile> segments() {
        return segmentsView;
    }

    public long firstLsn() {
        return segments.get(0).baseLsn();
    }

    /** Makes everything durable (best effort) and closes every file. */
    public void close(boolean sync) {
        if (sync && published.durableLsn() < lastLsn) {
            try {
                force();
            } catch (WalFailedException e) {
                System.getLogger(SegmentedLog.class.getName()).log(System.Logger.Level.WARNING,
                        "WAL close: final fsync failed: {0}", e.getMessage());
            }
        }
        segments.forEach(SegmentFile::retire);
        preallocator.close();
    }

    private SegmentFile roll() throws WalException {
        SegmentFile old = active();
        try {
            old.seal();
        } catch (IOException e) {
            throw fsyncFailed(old, e);
        }
        published.durable(lastLsn);
        old.persistIndexQuietly();
        SegmentFile next;
        try {
            next = SegmentFile.create(storage, dir, lastLsn + 1, preallocator.take());
        } catch (IOException e) {
            throw ioFailure("creating segment " + SegmentFile.segmentPath(dir, lastLsn + 1).getFileName(), e);
        } finally {
            preallocator.prepare();
        }
        try {
            storage.syncDirectory(dir);
        } catch (IOException e) {
            throw new WalFailedException("fsync of the WAL directory " + dir + " failed after creating "
                    + next.path().getFileName() + " (" + e + "); the WAL accepts no more writes: close and reopen it", e);
        }
        old.closeWriteChannel();
        segments.add(next);
        segmentsView = List.copyOf(segments);
        return next;
    }

    private void undoPartialWrite(SegmentFile active, long offset, IOException cause) throws WalException {
        try {
            active.truncate(offset, active.lastLsn());
        } catch (IOException e) {
            cause.addSuppressed(e);
            throw new WalFailedException("a write to " + active.path() + " at byte " + offset + " failed (" + cause
                    + ") and the partial bytes could not be removed; close and reopen the WAL", cause);
        }
        throw ioFailure("writing LSN " + (lastLsn + 1) + " at byte " + offset + " of " + active.path(), cause);
    }

    private void writeHistory(EpochHistory next) throws WalException {
        try {
            historyFile.write(next.encode(), true);
        } catch (IOException e) {
            throw ioFailure("writing the epoch history " + historyFile.path(), e);
        }
    }

    private void recordIntent(TruncationIntent intent) throws WalException {
        try {
            intent.record(storage, dir);
        } catch (IOException e) {
            published.endChange();
            throw ioFailure("writing the truncation intent in " + dir, e);
        }
    }

    /** ENOSPC/EDQUOT: nothing was changed and later writes may succeed; anything else: stop writing. */
    private WalException ioFailure(String what, IOException e) {
        String message = String.valueOf(e.getMessage());
        if (message.contains("No space left on device") || message.contains("Disk quota exceeded")) {
            return new WalFullException("the disk holding the WAL " + dir + " is full (" + message + ") while "
                    + what + "; nothing was appended; free space and retry", e);
        }
        return new WalFailedException("I/O error while " + what + " (" + e + "); the WAL accepts no more writes: "
                + "check the disk, then close and reopen it", e);
    }

    private WalFailedException fsyncFailed(SegmentFile segment, IOException e) {
        return new WalFailedException("fsync of " + segment.path() + " failed (" + e + "); records up to LSN "
                + lastLsn + " may not be durable and the WAL accepts no more writes: close and reopen it (never "
                + "retry fsync on the same file)", e);
    }

    private SegmentFile active() {
        return segments.get(segments.size() - 1);
    }

    private SegmentFile segmentHolding(long lsn) {
        return view().segmentFor(lsn);
    }

    private LogView view() {
        return new LogView(segmentsView, lastLsn, lastEpoch, history);
    }

    /** Where to cut for a truncation whose first removed record is {@code firstRemoved}, and what to keep. */
    private record BatchCut(long offset, List<WalRecord> keptRecords) {
    }

    private BatchCut locate(SegmentFile s, long firstRemoved) throws WalException {
        BatchCursor cursor = new BatchCursor(s, s.index().floorOffset(firstRemoved), s.size());
        try {
            while (cursor.next()) {
                BatchHeader h = cursor.header();
                if (h.lastLsn() >= firstRemoved) {
                    if (h.baseLsn() > firstRemoved) {
                        break;
                    }
                    BatchCursor.Body body = cursor.body();
                    List<WalRecord> all = BatchCodec.decode(body.bytes(), body.offset(), h, h.baseLsn());
                    return new BatchCut(cursor.offset(), all.subList(0, (int) (firstRemoved - h.baseLsn())));
                }
            }
        } catch (IOException | BatchCursor.BadBatchException | IllegalArgumentException e) {
            throw new WalException("cannot find LSN " + firstRemoved + " in " + s.path() + " to truncate there: " + e, e);
        }
        throw new WalException("LSN " + firstRemoved + " is not where the index says in " + s.path()
                + "; run 'wolfscale wal verify'");
    }

    private byte[] encode(List<WalRecord> records) {
        BatchEncoder encoder = new BatchEncoder(options.compression());
        encoder.begin(records.get(0).epoch().value(), records.get(0).lsn().value());
        for (WalRecord r : records) {
            encoder.add(r.timestampMicros(), r.type(), r.payload());
        }
        return encoder.finishToArray();
    }
}
