package com.wolfscale.wal.internal;

import com.wolfscale.wal.WalClosedException;
import com.wolfscale.wal.WalException;
import com.wolfscale.wal.WalFailedException;
import com.wolfscale.wal.WalOptions;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

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
 * <p>Futures of small groups are completed on this thread, those of large groups on one completer
 * thread (in commit order either way): dependants that block or do real work must use the
 * {@code *Async} variants. Thread-safety: {@link #submit} from any thread; everything else is confined to
 * the writer thread.
 */
public final class GroupCommitWriter implements Runnable {

    /** Groups releasing at most this many appenders are completed on the writer thread itself. */
    private static final int INLINE_COMPLETIONS = 16;

    private final LinkedBlockingQueue<WriterTask> queue = new LinkedBlockingQueue<>();
    private final ExecutorService completer;
    private final AtomicInteger pendingCompletions = new AtomicInteger();
    private final SegmentedLog log;
    private final WalOptions options;
    private final BatchEncoder encoder;
    private final long flushIntervalNanos;
    private final Thread thread;
    private volatile boolean stopped;
    private volatile WalException failure;
    private WriterTask carry;
    private GroupCommit current;
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
        this.completer = Executors.newSingleThreadExecutor(
                r -> Thread.ofPlatform().daemon().name("wal-completer " + options.dir()).unstarted(r));
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
    private GroupCommit gather(WriterTask first) {
        GroupCommit group = new GroupCommit(encoder, log, options, System.nanoTime());
        WriterTask task = first;
        while (true) {
            if (task instanceof WriterTask.Action<?> || task instanceof WriterTask.Close || !group.offer(task)) {
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
     * It yields instead of parking (measured: slightly better p99 with 8 closed-loop appenders on 2 cores).
     */
    private WriterTask awaitReturningAppender(GroupCommit group) {
        long budget = Math.min(flushIntervalNanos, lastCommitNanos / 4) - (System.nanoTime() - group.started());
        if (group.size() >= released || budget <= 0) {
            return null;
        }
        long deadline = System.nanoTime() + budget;
        do {
            // Yield rather than park: the appenders need the CPU to come back, and a parked writer
            // would cost each of them a wake-up call.
            Thread.yield();
            WriterTask task = queue.poll();
            if (task != null) {
                return task;
            }
        } while (System.nanoTime() < deadline);
        return null;
    }

    private void commit(GroupCommit group) {
        long start = System.nanoTime();
        released = 0;
        try {
            group.appendTo(log);
            if (options.fsync()) {
                log.force();
            }
            lastCommitNanos = System.nanoTime() - start;
            released = group.appendersReleased();
        } catch (WalException e) {
            if (e instanceof WalFailedException) {
                enterFailed(e);
            }
            deliver(group, () -> group.fail(e));
            if (carry != null && carry == group.partial()) {
                carry = null;
            }
            return;
        }
        deliver(group, group::complete);
    }

    /**
     * Completes a group's futures. Waking a blocked appender costs the writer a system call; a few are
     * done here at once, but for a large group (or while earlier completions are still being delivered,
     * to keep them in order) the completer thread does it while the writer goes on with the next group.
     */
    private void deliver(GroupCommit group, Runnable completion) {
        if (group.appendersReleased() <= INLINE_COMPLETIONS && pendingCompletions.get() == 0) {
            completion.run();
            return;
        }
        pendingCompletions.incrementAndGet();
        completer.execute(() -> {
            try {
                completion.run();
            } finally {
                pendingCompletions.decrementAndGet();
            }
        });
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
        completer.shutdown();
        try {
            completer.awaitTermination(1, TimeUnit.MINUTES);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
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
}
