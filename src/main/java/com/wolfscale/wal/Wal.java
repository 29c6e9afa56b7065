package com.wolfscale.wal;

import com.wolfscale.common.Epoch;
import com.wolfscale.common.Lsn;
import com.wolfscale.wal.internal.DirectoryLock;
import com.wolfscale.wal.internal.GroupCommitWriter;
import com.wolfscale.wal.internal.LogLoader;
import com.wolfscale.wal.internal.LogReader;
import com.wolfscale.wal.internal.LogView;
import com.wolfscale.wal.internal.PublishedView;
import com.wolfscale.wal.internal.RetentionPolicy;
import com.wolfscale.wal.internal.SegmentedLog;
import com.wolfscale.wal.internal.WriterTask;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The write-ahead log of one node: an append-only sequence of opaque {@link WalRecord}s identified by
 * {@code (epoch, lsn)}, stored in segment files in one directory. It is the replicated source of truth;
 * it does not know what payloads mean.
 *
 * <p><b>Invariants.</b> LSNs start at 1 and increase by one without holes; they are never reused after a
 * restart. Epochs never decrease along the log. After a suffix truncation, a freed position is refilled
 * only by a record of a higher epoch than the one removed there, so {@code (epoch, lsn)} names one record
 * for ever. A record whose append completed is in the log after any crash (with {@code fsync=true}).
 *
 * <p><b>Threads.</b> Every method is thread-safe. One writer thread owns the files for writing: appends,
 * truncations and retention are queued to it and executed in submission order; appends are group-committed
 * (one batch, one fsync for everything queued). Reads run on the caller's thread with positional reads
 * and never block the writer. Futures are completed on the writer thread (or, for large group commits,
 * on one completer thread, still in commit order); use {@code *Async} dependants for anything that blocks.
 *
 * <p><b>Failures.</b> Futures and methods fail with {@link WalException} subclasses: {@link WalFullException}
 * (disk full; nothing appended, later appends may succeed), {@link WalFailedException} (an fsync or the
 * write path failed; every later write fails until the WAL is reopened), {@link WalEpochException},
 * {@link WalSequenceException}, {@link WalTruncatedException}, {@link WalCorruptionException},
 * {@link WalClosedException}.
 *
 * @see <a href="../../../../../../docs/wal.md">docs/wal.md</a> for the format, recovery and retention rules
 */
public final class Wal implements AutoCloseable {

    private final WalOptions options;
    private final DirectoryLock lock;
    private final PublishedView published;
    private final GroupCommitWriter writer;
    private final LogReader reader;
    private final AtomicBoolean closed = new AtomicBoolean();

    private Wal(WalOptions options, DirectoryLock lock, SegmentedLog log) {
        this.options = options;
        this.lock = lock;
        this.published = log.published();
        this.writer = new GroupCommitWriter(log, options);
        this.reader = new LogReader(published, log.tail());
        writer.start();
    }

    /** Opens (or creates) the WAL in {@code options.dir()} on the real file system; see {@link #open(WalOptions, WalStorage)}. */
    public static Wal open(WalOptions options) throws WalException {
        return open(options, WalStorage.local());
    }

    /**
     * Opens (or creates) the WAL and recovers it: finishes a truncation a crash interrupted, cuts a torn
     * tail (the incomplete end of the last segment, never reported durable) and checks the rest.
     *
     * @param storage the file operations to use (tests inject failures here)
     * @throws WalCorruptionException if bad bytes are found anywhere but in a torn tail; the message names
     *                                the file, byte offset and LSN, and what to do
     * @throws WalException           if the directory is locked by another WAL or cannot be read
     */
    public static Wal open(WalOptions options, WalStorage storage) throws WalException {
        Objects.requireNonNull(options, "options");
        try {
            if (!Files.isDirectory(options.dir())) {
                Files.createDirectories(options.dir());
                Path parent = options.dir().toAbsolutePath().getParent();
                if (parent != null) {
                    storage.syncDirectory(parent); // the new directory's own entry must survive a crash too
                }
            }
        } catch (IOException e) {
            throw new WalException("cannot create the WAL directory " + options.dir() + ": " + e, e);
        }
        DirectoryLock lock = DirectoryLock.acquire(options.dir());
        try {
            LogLoader.Loaded loaded = new LogLoader(storage, options.dir(), options.segmentBytes()).load();
            return new Wal(options, lock, new SegmentedLog(options, storage, loaded));
        } catch (IOException e) {
            lock.close();
            throw new WalException("cannot open the WAL in " + options.dir() + ": " + e, e);
        } catch (WalException | RuntimeException e) {
            lock.close();
            throw e;
        }
    }

    public WalOptions options() {
        return options;
    }

    /**
     * Appends one record as leader; the writer assigns the next LSN.
     *
     * @param epoch           at least 1 and at least {@link #lastEpoch()}
     * @param payload         at most {@link WalOptions#maxRecordBytes()}; owned by the WAL from now on
     * @param timestampMicros the record's wall-clock time, used by time-based retention
     * @return completes with the stored record once it is durable (fsynced; merely written when
     *         {@code fsync=false}); fails with a {@link WalException} and then nothing was appended
     */
    public CompletableFuture<WalRecord> append(Epoch epoch, byte type, byte[] payload, long timestampMicros) {
        Objects.requireNonNull(epoch, "epoch");
        Objects.requireNonNull(payload, "payload");
        if (payload.length > options.maxRecordBytes()) {
            return CompletableFuture.failedFuture(new WalException("a " + payload.length + "-byte record is larger "
                    + "than wal maxRecordBytes " + options.maxRecordBytes()));
        }
        CompletableFuture<WalRecord> future = new CompletableFuture<>();
        writer.submit(new WriterTask.LeaderAppend(epoch.value(), type, payload, timestampMicros, future));
        return future;
    }

    /**
     * Appends records fetched from the leader. They must continue the log exactly: the first at
     * {@code lastLsn() + 1}, contiguous, epochs never decreasing and not below {@link #lastEpoch()}.
     * Long or multi-epoch lists are written in several group commits, in order; if one fails, the records
     * before it stay appended ({@link #lastLsn()} tells how far) and the future fails.
     *
     * @return completes with the LSN of the last record once all are durable
     */
    public CompletableFuture<Lsn> appendReplicated(List<WalRecord> records) {
        if (records.isEmpty()) {
            return CompletableFuture.completedFuture(lastLsn());
        }
        CompletableFuture<Lsn> future = new CompletableFuture<>();
        writer.submit(new WriterTask.ReplicatedAppend(List.copyOf(records), future));
        return future;
    }

    /** First record still on disk: 1 for a new log; {@code lastLsn() + 1} when retention removed every record. */
    public Lsn firstLsn() {
        return Lsn.of(published.current().firstLsn());
    }

    /** Last record written and readable (possibly not yet durable); {@link Lsn#ZERO} for a new log. */
    public Lsn lastLsn() {
        return Lsn.of(published.current().lastLsn());
    }

    /** Epoch of the record at {@link #lastLsn()}, {@link Epoch#ZERO} for a new log. */
    public Epoch lastEpoch() {
        return Epoch.of(published.current().lastEpoch());
    }

    /** Last record known to be fsynced. */
    public Lsn durableLsn() {
        return Lsn.of(Math.min(published.durableLsn(), published.current().lastLsn()));
    }

    /** Epoch of the record at {@code lsn} if it is in the log, by binary search of the epoch history. */
    public Optional<Epoch> epochAt(Lsn lsn) {
        LogView view = published.current();
        return view.history().epochAt(lsn.value(), view.firstLsn(), view.lastLsn());
    }

    /**
     * Last LSN written in {@code epoch}, or, when this log has no record of {@code epoch}, in the highest
     * lower epoch it has ({@link Lsn#ZERO} when none): what a leader answers a follower that asks where
     * its log, ending in {@code epoch}, stops matching (Kafka's OffsetsForLeaderEpoch).
     */
    public Lsn endOfEpoch(Epoch epoch) {
        LogView view = published.current();
        return Lsn.of(view.history().endOfEpoch(epoch.value(), view.lastLsn()));
    }

    /** Which epoch started where, oldest first. */
    public List<EpochStart> epochHistory() {
        return published.current().history().entries();
    }

    /**
     * Reads records from {@code from}: at most {@code maxRecords}, and stops before a record that would
     * take the payload total above {@code maxBytes} (the first record is always returned).
     *
     * @return empty when {@code from > lastLsn()}
     * @throws WalTruncatedException  when {@code from < firstLsn()}
     * @throws WalCorruptionException when a batch on the way fails its checksum
     */
    public List<WalRecord> read(Lsn from, int maxRecords, long maxBytes) throws WalException {
        if (closed.get()) {
            throw new WalClosedException("the WAL " + options.dir() + " is closed");
        }
        return reader.read(from.value(), maxRecords, maxBytes);
    }

    /** Waits until {@code durableLsn() > after}; returns false on timeout or when the WAL is closed. */
    public boolean awaitDurable(Lsn after, Duration timeout) throws InterruptedException {
        return published.awaitDurable(after.value(), timeout.toNanos());
    }

    /** Waits until {@code lastLsn() > after}; returns false on timeout or when the WAL is closed. */
    public boolean awaitAppended(Lsn after, Duration timeout) throws InterruptedException {
        return published.awaitAppended(after.value(), timeout.toNanos());
    }

    /**
     * Removes every record after {@code lsn} (divergence repair), crash-atomically: after a crash the next
     * open completes it. Runs on the writer thread after every append queued before it.
     *
     * @return fails with {@link WalTruncatedException} when records up to {@code lsn} were already removed
     *         by retention (the node must be rebuilt)
     */
    public CompletableFuture<Void> truncateAfter(Lsn lsn) {
        return perform(log -> {
            log.truncateAfter(lsn.value());
            return null;
        });
    }

    /**
     * Drops every record and continues the log after {@code lastIncluded} (a position of {@code epoch}):
     * used when a snapshot of the database at that position was installed (node migration). The next
     * append must be {@code lastIncluded + 1}. Crash-atomic.
     */
    public CompletableFuture<Void> restartAfter(Lsn lastIncluded, Epoch epoch) {
        return perform(log -> {
            log.restartAfter(lastIncluded.value(), epoch.value());
            return null;
        });
    }

    /** Removes the whole closed segments whose records are all below {@code lsn}; crash-atomic. */
    public CompletableFuture<Void> truncateBefore(Lsn lsn) {
        return perform(log -> {
            log.removeFirstSegments(RetentionPolicy.segmentsBelow(log.segments(), lsn.value()), false);
            return null;
        });
    }

    /**
     * Removes the oldest closed segments while they are older than {@code maxAge} (by their newest record's
     * timestamp) or the log is larger than {@code maxBytes}, but never a record at or after {@code floor}
     * (the LSN the slowest peer still needs). Zero or negative limits mean no limit. The active segment
     * is never removed.
     */
    public CompletableFuture<RetentionResult> applyRetention(Duration maxAge, long maxBytes, Lsn floor, Instant now) {
        return perform(log -> {
            RetentionPolicy.Plan plan = RetentionPolicy.plan(log.segments(), maxAge, maxBytes, floor.value(), now);
            return log.removeFirstSegments(plan.segments(), plan.heldByFloor());
        });
    }

    /** Bytes of all segment files. */
    public long sizeOnDisk() {
        return published.current().sizeOnDisk();
    }

    /**
     * Completes every append queued before this call (or fails it with the WAL's failure), fsyncs, closes
     * the files and releases the directory. Appends after this fail with {@link WalClosedException}.
     */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        boolean interrupted = false;
        while (true) {
            try {
                writer.close();
                break;
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        lock.close();
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    private <T> CompletableFuture<T> perform(WriterTask.Step<T> step) {
        CompletableFuture<T> future = new CompletableFuture<>();
        writer.submit(new WriterTask.Action<>(step, future));
        return future;
    }
}
