package com.wolfscale.wal.internal;

import com.wolfscale.common.Epoch;
import com.wolfscale.common.Lsn;
import com.wolfscale.wal.WalClosedException;
import com.wolfscale.wal.WalEpochException;
import com.wolfscale.wal.WalException;
import com.wolfscale.wal.WalFailedException;
import com.wolfscale.wal.WalOptions;
import com.wolfscale.wal.WalRecord;
import com.wolfscale.wal.WalSequenceException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * The single thread that writes the log. Appenders queue {@link WriterTask}s; the thread takes the first
 * one, then everything else already queued, up to {@code batchSize} records, one epoch and a 4 MiB
 * records section; writes them as one batch, fsyncs once, and completes every future of the group.
 * Appends that arrive during an fsync form the next group (as in ZooKeeper's
 * {@code SyncRequestProcessor} and Ratis' {@code SegmentedRaftLogWorker}). When the queue is empty it
 * does not wait for more, except briefly for appenders the previous commit just released (see
 * {@link #awaitReturningAppender}); a lone append is written and synced at once.
 *
 * <p>LSNs are assigned here, when a record joins a group, and a group that fails leaves no trace, so a
 * failed append never leaves a hole. After a {@link WalFailedException} (fsync failure, unknown state on
 * disk) every later request fails with it until the WAL is reopened.
 *
 * <p>Futures are completed on this thread: dependants that block or do real work must use the
 * {@code *Async} variants. Thread-safety: {@link #submit} from any thread; everything else is confined to
 * the writer thread.
 */
public final class GroupCommitWriter implements Runnable {

    private final LinkedBlockingQueue<WriterTask> queue = new LinkedBlockingQueue<>();
    private final SegmentedLog log;
    private final WalOptions options;
    private final BatchEncoder encoder;
    private final long flushIntervalNanos;
    private final Thread thread;
    private volatile boolean stopped;
    private volatile WalException failure;
    private WriterTask carry;
    private Group current;
    /** Appenders released by the last group commit: closed-loop appenders come straight back. */
    private int released;
    /** Duration of the last group commit's write and fsync, the scale for waiting for them. */
    private long lastCommitNanos;

    public GroupCommitWriter(SegmentedLog log, WalOptions options) {
        this.log = log;
        this.options = options;
        this.encoder = new BatchEncoder(options.compression());
        this.flushIntervalNanos = options.flushInterval().toNanos();
        this.thread = new Thread(this, "wal-writer " + options.dir());
        this.thread.setDaemon(true);
    }

    public void start() {
        thread.start();
    }

    /** Queues a task; once the writer has stopped, fails it with {@link WalClosedException} instead. */
    public void submit(WriterTask task) {
        if (stopped) {
            task.fail(closed());
            return;
        }
        queue.add(task);
        // The writer sets stopped before its final drain: whichever of us removes the task fails it.
        if (stopped && queue.remove(task)) {
            task.fail(closed());
        }
    }

    /** The failure that stopped writing, or null. */
    public WalException failure() {
        return failure;
    }

    /** Processes everything queued so far, stops the thread and closes the files. */
    public void close() throws InterruptedException {
        CompletableFuture<Void> done = new CompletableFuture<>();
        submit(new WriterTask.Close(done));
        thread.join();
    }

    @Override
    public void run() {
        while (true) {
            WriterTask task = nextTask();
            if (task instanceof WriterTask.Close close) {
                shutdown(close);
                return;
            }
            if (failure != null) {
                task.fail(failure);
                continue;
            }
            try {
                if (task instanceof WriterTask.Action<?> action) {
                    perform(action);
                } else {
                    current = gather(task);
                    if (current.size() > 0) {
                        commit(current);
                    }
                    current = null;
                }
            } catch (RuntimeException | Error e) {
                // A bug must not leave appenders waiting for ever: stop writing, report it to everyone.
                WalFailedException cause = new WalFailedException("the WAL writer failed unexpectedly: " + e, e);
                enterFailed(cause);
                task.fail(cause);
                if (current != null) {
                    current.fail(cause);
                    current = null;
                }
            }
        }
    }

    private WriterTask nextTask() {
        if (carry != null) {
            WriterTask t = carry;
            carry = null;
            return t;
        }
        while (true) {
            try {
                return queue.take();
            } catch (InterruptedException e) {
                // Nobody but close() stops this thread, and close() does it with a task; keep serving.
                Thread.interrupted();
            }
        }
    }

    /** Takes {@code first} and whatever else is queued into one group, leaving a task that does not fit in {@link #carry}. */
    private Group gather(WriterTask first) {
        Group group = new Group(System.nanoTime());
        WriterTask task = first;
        while (true) {
            if (task instanceof WriterTask.Action<?> || task instanceof WriterTask.Close || !offer(group, task)) {
                carry = task;
                return group;
            }
            if (group.size() > 0 && group.full()) {
                return group;
            }
            task = queue.poll();
            if (task == null) {
                task = awaitReturningAppender(group);
                if (task == null) {
                    return group;
                }
            }
        }
    }

    /**
     * The queue is empty. Appenders that wait for their previous append before the next (a closed loop)
     * come back microseconds after the last group commit released them; if some of them have not yet,
     * wait for them briefly: a quarter of the last commit's duration at most, never beyond flushInterval,
     * and only while fewer records are gathered than that commit released. With nothing coming back (a
     * lone append, an idle WAL) this never waits; a pipelining appender keeps the queue non-empty anyway.
     */
    private WriterTask awaitReturningAppender(Group group) {
        long budget = Math.min(flushIntervalNanos, lastCommitNanos / 4) - (System.nanoTime() - group.started);
        if (group.size() >= released || budget <= 0) {
            return null;
        }
        try {
            return queue.poll(budget, TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            return null; // only close() could want this thread, and it does so with a task
        }
    }

    /** Adds the task's records to the group; false when some of them must wait for the next group. */
    private boolean offer(Group group, WriterTask task) {
        if (task instanceof WriterTask.LeaderAppend a) {
            if (!group.fits(a.epoch(), a.payload().length)) {
                return false;
            }
            long lsn = group.lsnFor(log.nextLsn());
            WalException problem = epochProblem(group, a.epoch(), lsn);
            if (problem != null) {
                a.fail(problem);
                return true;
            }
            group.add(a.epoch(), lsn, a.timestampMicros(), a.type(), a.payload());
            group.leaders.add(a);
            group.leaderLsns.add(lsn);
            return true;
        }
        WriterTask.ReplicatedAppend r = (WriterTask.ReplicatedAppend) task;
        int start = r.next;
        while (r.next < r.records.size()) {
            WalRecord record = r.records.get(r.next);
            if (!group.fits(record.epoch().value(), record.payload().length)) {
                if (r.next > start) {
                    group.partial = r;
                }
                return false;
            }
            long lsn = group.lsnFor(log.nextLsn());
            WalException problem = recordProblem(group, record, lsn);
            if (problem != null) {
                r.fail(problem);
                return true;
            }
            group.add(record.epoch().value(), lsn, record.timestampMicros(), record.type(), record.payload());
            r.next++;
        }
        group.finished.add(r);
        return true;
    }

    private WalException recordProblem(Group group, WalRecord record, long lsn) {
        if (record.lsn().value() != lsn) {
            return new WalSequenceException("replicated record LSN " + record.lsn() + " does not continue the WAL "
                    + options.dir() + ", whose next LSN is " + lsn + "; fetch again from LSN " + lsn);
        }
        if (record.payload().length > options.maxRecordBytes()) {
            return new WalException("replicated record LSN " + record.lsn() + " has a " + record.payload().length
                    + "-byte payload, above wal maxRecordBytes " + options.maxRecordBytes());
        }
        return epochProblem(group, record.epoch().value(), lsn);
    }

    private WalException epochProblem(Group group, long epoch, long lsn) {
        if (epoch < 1) {
            return new WalEpochException("records need an epoch of at least 1, got " + epoch);
        }
        if (group.size() == 0 && epoch < log.lastEpoch()) {
            return new WalEpochException("epoch " + epoch + " is lower than epoch " + log.lastEpoch() + " of the last "
                    + "record (LSN " + (log.nextLsn() - 1) + "): the writer is stale");
        }
        long fence = log.fenceAt(lsn);
        if (fence != 0 && epoch <= fence) {
            return new WalEpochException("LSN " + lsn + " held a record of epoch " + fence + " that was truncated "
                    + "away; only a higher epoch may refill it, not " + epoch);
        }
        return null;
    }

    private void commit(Group group) {
        long start = System.nanoTime();
        released = 0;
        try {
            log.append(encoder.finish(), encoder.epoch(), encoder.baseLsn(), group.lastLsn(), encoder.maxTimestamp());
            if (options.fsync()) {
                log.force();
            }
            lastCommitNanos = System.nanoTime() - start;
            released = group.leaders.size() + group.finished.size();
        } catch (WalException e) {
            if (e instanceof WalFailedException) {
                enterFailed(e);
            }
            group.fail(e);
            if (carry == group.partial && carry != null) {
                carry = null;
            }
            return;
        }
        group.complete();
    }

    private <T> void perform(WriterTask.Action<T> action) {
        try {
            action.future().complete(action.step().run(log));
        } catch (WalException e) {
            if (e instanceof WalFailedException) {
                enterFailed(e);
            }
            action.fail(e);
        }
    }

    private void enterFailed(WalException cause) {
        failure = cause;
        log.published().fail(cause);
    }

    private void shutdown(WriterTask.Close close) {
        stopped = true;
        log.close(failure == null);
        log.published().close();
        WalClosedException closed = closed();
        for (WriterTask t; (t = queue.poll()) != null; ) {
            t.fail(closed);
        }
        close.done().complete(null);
    }

    private WalClosedException closed() {
        return new WalClosedException("the WAL " + options.dir() + " is closed");
    }

    /** The records of one group commit, as added to the encoder, and whom to tell when they are durable. */
    private final class Group {
        final long started;
        final List<WriterTask.LeaderAppend> leaders = new ArrayList<>();
        final List<Long> leaderLsns = new ArrayList<>();
        final List<WriterTask.ReplicatedAppend> finished = new ArrayList<>();
        WriterTask.ReplicatedAppend partial;
        int count;
        long next;

        Group(long started) {
            this.started = started;
        }

        /** Records in this group (the encoder still holds the previous group's until the first add). */
        int size() {
            return count;
        }

        boolean full() {
            return count >= options.batchSize() || encoder.sectionBytes() >= BatchCodec.GROUP_SECTION_BYTES;
        }

        /** Whether a record of {@code epoch} with {@code payload} bytes may join; an empty group takes anything. */
        boolean fits(long epoch, int payload) {
            return count == 0 || epoch == encoder.epoch() && count < options.batchSize()
                    && (long) encoder.sectionBytes() + BatchCodec.RECORD_OVERHEAD + payload <= BatchCodec.GROUP_SECTION_BYTES;
        }

        long lsnFor(long logNext) {
            return size() == 0 ? logNext : next;
        }

        void add(long epoch, long lsn, long timestamp, byte type, byte[] payload) {
            if (count == 0) {
                encoder.begin(epoch, lsn);
            }
            encoder.add(timestamp, type, payload);
            count++;
            next = lsn + 1;
        }

        long lastLsn() {
            return next - 1;
        }

        void complete() {
            for (int i = 0; i < leaders.size(); i++) {
                WriterTask.LeaderAppend a = leaders.get(i);
                a.future().complete(new WalRecord(Lsn.of(leaderLsns.get(i)), Epoch.of(a.epoch()), a.timestampMicros(),
                        a.type(), a.payload()));
            }
            for (WriterTask.ReplicatedAppend r : finished) {
                r.future.complete(r.records.get(r.records.size() - 1).lsn());
            }
        }

        void fail(WalException cause) {
            leaders.forEach(a -> a.fail(cause));
            finished.forEach(r -> r.fail(cause));
            if (partial != null) {
                partial.fail(cause);
            }
        }
    }
}
