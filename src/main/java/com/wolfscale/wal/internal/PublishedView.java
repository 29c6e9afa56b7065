package com.wolfscale.wal.internal;

import com.wolfscale.wal.WalException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * What the writer thread shares with readers: the current {@link LogView}, the durable LSN, a change
 * counter that truncations make odd while they rewrite files (a sequence lock: a reader whose read
 * overlapped a truncation retries instead of returning bytes that were being cut), and the wake-up of
 * long-polling readers waiting for new records.
 *
 * <p>Thread-safety: written by the writer thread only; read by any thread.
 */
public final class PublishedView {

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private final AtomicInteger waiters = new AtomicInteger();
    private final AtomicLong changes = new AtomicLong();
    private volatile LogView view;
    private volatile long durableLsn;
    private volatile boolean closed;
    private volatile WalException failure;

    public PublishedView(LogView initial, long durableLsn) {
        this.view = initial;
        this.durableLsn = durableLsn;
    }

    public LogView current() {
        return view;
    }

    /** Publishes a new view and wakes readers waiting for records. */
    public void publish(LogView next) {
        view = next;
        // A waiter increments before it re-reads the view, so skipping the lock when nobody waits is safe.
        if (waiters.get() > 0) {
            signalAll();
        }
    }

    public long durableLsn() {
        return durableLsn;
    }

    public void durable(long lsn) {
        durableLsn = lsn;
        if (waiters.get() > 0) { // as in publish: a waiter counts itself before it re-reads
            signalAll();
        }
    }

    /** Writer: the WAL stopped writing after {@code cause}; a reader stuck behind a half-done change reports it. */
    public void fail(WalException cause) {
        failure = cause;
    }

    /** The failure that stopped the writer, or null. */
    public WalException failure() {
        return failure;
    }

    public boolean isClosed() {
        return closed;
    }

    /** Writer: a truncation starts changing files. */
    public void beginChange() {
        changes.incrementAndGet();
    }

    /** Writer: the truncation is over (files and view agree again). */
    public void endChange() {
        changes.incrementAndGet();
    }

    /** Reader: a stamp to pass to {@link #unchangedSince}; odd while a change is in progress. */
    public long stamp() {
        return changes.get();
    }

    /** Reader: true when no truncation started or was in progress since {@code stamp} was taken. */
    public boolean unchangedSince(long stamp) {
        return (stamp & 1) == 0 && changes.get() == stamp;
    }

    /** Waits until the last LSN exceeds {@code after}; false on timeout or once the WAL is closed. */
    public boolean awaitAppended(long after, long timeoutNanos) throws InterruptedException {
        return await(() -> view.lastLsn() > after, timeoutNanos);
    }

    /** Waits until the durable LSN exceeds {@code after}; false on timeout or once the WAL is closed. */
    public boolean awaitDurable(long after, long timeoutNanos) throws InterruptedException {
        return await(() -> Math.min(durableLsn, view.lastLsn()) > after, timeoutNanos);
    }

    private boolean await(java.util.function.BooleanSupplier reached, long timeoutNanos) throws InterruptedException {
        if (reached.getAsBoolean()) {
            return true;
        }
        long nanos = timeoutNanos;
        lock.lockInterruptibly();
        waiters.incrementAndGet();
        try {
            while (!reached.getAsBoolean()) {
                if (closed || nanos <= 0) {
                    return false;
                }
                nanos = changed.awaitNanos(nanos);
            }
            return true;
        } finally {
            waiters.decrementAndGet();
            lock.unlock();
        }
    }

    public void close() {
        closed = true;
        signalAll();
    }

    private void signalAll() {
        lock.lock();
        try {
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }
}
