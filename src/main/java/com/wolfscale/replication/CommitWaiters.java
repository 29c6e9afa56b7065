package com.wolfscale.replication;

import com.wolfscale.common.Lsn;
import java.util.ArrayList;
import java.util.PriorityQueue;
import java.util.concurrent.CompletableFuture;

/**
 * Futures completed when the commit index reaches their LSN. The core loop calls {@link #release} after it
 * publishes a new commit index and completes exactly the futures it satisfies, in LSN order.
 *
 * <p>Why not a condition variable: with 64 appenders waiting, {@code signalAll} on every commit advance
 * woke all of them to re-take one lock, and most went back to sleep (a commit advance covers a few dozen
 * records); measured on two cores that herd cost more CPU than the records' own I/O. Here a waiter is woken
 * once, when its record is committed, and an appender can chain the wait on its append future and park
 * only once for both.
 *
 * <p>Thread-safety: any thread registers; {@link #release} and {@link #closeAll} come from the core loop.
 */
final class CommitWaiters {

    private record Waiter(long lsn, CompletableFuture<Boolean> future) { }

    private final PriorityQueue<Waiter> waiting = new PriorityQueue<>((a, b) -> Long.compare(a.lsn, b.lsn));
    private boolean closed;
    /** The commit index last released; a registration at or below it completes at once. */
    private long released;

    /**
     * A future that completes with true when the commit index reaches {@code lsn} (at once if it already
     * has), or with false when the loop stops first.
     */
    CompletableFuture<Boolean> await(Lsn lsn) {
        CompletableFuture<Boolean> f = new CompletableFuture<>();
        synchronized (this) {
            if (closed) {
                f.complete(false);
                return f;
            }
            if (lsn.value() > released) {
                waiting.add(new Waiter(lsn.value(), f));
                return f;
            }
        }
        f.complete(true);
        return f;
    }

    /** Forgets a waiter that gave up (timed out), so a stalled commit index does not accumulate them. */
    synchronized void forget(CompletableFuture<Boolean> f) {
        waiting.removeIf(w -> w.future == f);
    }

    /** Completes every future at or below {@code commit}; completions run outside the lock. */
    void release(Lsn commit) {
        Waiter first;
        ArrayList<Waiter> due = null;
        synchronized (this) {
            if (commit.value() == released) {
                return;
            }
            released = commit.value(); // follows the view even if it moves back (it does not today)
            while ((first = waiting.peek()) != null && first.lsn <= released) {
                if (due == null) {
                    due = new ArrayList<>();
                }
                due.add(waiting.poll());
            }
        }
        if (due != null) {
            for (Waiter w : due) {
                w.future.complete(true);
            }
        }
    }

    /** Completes every waiting future with false: the loop stopped. */
    void closeAll() {
        ArrayList<Waiter> all;
        synchronized (this) {
            closed = true;
            all = new ArrayList<>(waiting);
            waiting.clear();
        }
        for (Waiter w : all) {
            w.future.complete(false);
        }
    }
}
