package com.wolfscale.replication;

import com.wolfscale.common.Lsn;
import com.wolfscale.core.ClusterCore;
import com.wolfscale.core.CoreEffect;
import com.wolfscale.core.CoreInput;
import com.wolfscale.core.CoreView;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one thread that owns the {@link ClusterCore}: it takes inputs from a queue, ticks the core every
 * {@value #TICK_MS} ms, carries out the effects in order (persisting the hard state synchronously before
 * anything that follows it), and publishes the core's {@link CoreView} for other threads. Threads that
 * wait for a commit index ({@link #awaitCommit}, {@link #whenCommitted}) are woken when it reaches their LSN.
 */
public final class CoreLoop implements AutoCloseable {

    static final long TICK_MS = 5;
    private static final Logger LOG = LoggerFactory.getLogger(CoreLoop.class);

    private final ClusterCore core;
    private final CoreEffectHandler effects;
    private final LongSupplier clockMs;
    private final BlockingQueue<CoreInput> inputs = new LinkedBlockingQueue<>();
    private final AtomicBoolean logChangePending = new AtomicBoolean();
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition viewChanged = lock.newCondition();
    private final CommitWaiters commitWaiters = new CommitWaiters();
    private final Thread thread;
    private volatile CoreView view;
    private volatile boolean running = true;
    private volatile IOException failure;

    public CoreLoop(ClusterCore core, CoreEffectHandler effects, LongSupplier monotonicClockMs) {
        this.core = core;
        this.effects = effects;
        this.clockMs = monotonicClockMs;
        this.view = core.view();
        commitWaiters.release(view.commitLsn());
        this.thread = Thread.ofPlatform().name("core-loop").daemon().start(this::run);
    }

    public static LongSupplier systemClock() {
        return () -> System.nanoTime() / 1_000_000;
    }

    public long nowMs() {
        return clockMs.getAsLong();
    }

    public CoreView view() {
        return view;
    }

    /** Non-null when the loop stopped because state could not be persisted. */
    public IOException failure() {
        return failure;
    }

    public boolean running() {
        return running;
    }

    public void submit(CoreInput input) {
        inputs.add(input);
    }

    /** Signals that the WAL changed; coalesced so a burst of appends costs one step. */
    public void logChanged() {
        if (logChangePending.compareAndSet(false, true)) {
            inputs.add(new CoreInput.LogChanged());
        }
    }

    /** Blocks until the commit index reaches {@code lsn}; false on timeout or when the loop stops. */
    public boolean awaitCommit(Lsn lsn, Duration timeout) throws InterruptedException {
        if (!view.commitLsn().isBefore(lsn)) {
            return true;
        }
        CompletableFuture<Boolean> f = commitWaiters.await(lsn);
        try {
            return f.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            commitWaiters.forget(f);
            return false;
        } catch (InterruptedException e) {
            commitWaiters.forget(f);
            throw e;
        } catch (ExecutionException e) {
            throw new IllegalStateException(e.getCause());
        }
    }

    /**
     * Completes with true when the commit index reaches {@code lsn}, false if the loop stops first. Lets an
     * appender chain the wait on its append future and block once; never completes on a stalled cluster,
     * so callers bound their wait.
     */
    public CompletableFuture<Boolean> whenCommitted(Lsn lsn) {
        return commitWaiters.await(lsn);
    }

    /** Blocks until the view changes in a way that matters (role, leader, source, commit) or the timeout passes. */
    public void awaitViewChange(CoreView seen, Duration timeout) throws InterruptedException {
        lock.lock();
        try {
            if (sameShape(view, seen) && running) {
                viewChanged.await(timeout.toNanos(), TimeUnit.NANOSECONDS);
            }
        } finally {
            lock.unlock();
        }
    }

    private void run() {
        long nextTick = clockMs.getAsLong();
        while (running) {
            try {
                long wait = Math.max(0, nextTick - clockMs.getAsLong());
                CoreInput in = inputs.poll(wait, TimeUnit.MILLISECONDS);
                if (in == null) {
                    in = new CoreInput.Tick();
                    nextTick = clockMs.getAsLong() + TICK_MS;
                } else if (in instanceof CoreInput.LogChanged) {
                    logChangePending.set(false);
                }
                step(in);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (IOException e) {
                // the epoch or vote could not be made durable: acting on it could elect two leaders
                LOG.error("FATAL: cannot persist the node's epoch/vote: {}; the core loop stops", e.getMessage(), e);
                failure = e;
                effects.alert(new CoreEffect.Alert(CoreEffect.Alert.Severity.CRITICAL,
                        "cannot persist the node's epoch/vote (" + e.getMessage() + "); this node stopped taking part"));
                close();
            } catch (RuntimeException e) {
                LOG.error("core loop: {}", e.toString(), e);
            }
        }
    }

    private void step(CoreInput in) throws IOException {
        List<CoreEffect> out = core.step(in, clockMs.getAsLong());
        for (CoreEffect e : out) {
            switch (e) {
                case CoreEffect.Send s -> effects.send(s.to(), s.message());
                case CoreEffect.PersistHardState p -> effects.persist(p.state());
                case CoreEffect.AppendEpochStart a -> effects.appendEpochStart(a.epoch());
                case CoreEffect.RoleChanged r -> effects.roleChanged(r.role(), r.epoch(), r.leader());
                case CoreEffect.Alert a -> effects.alert(a);
            }
        }
        CoreView next = core.view();
        CoreView previous = view;
        lock.lock();
        try {
            view = next;
            if (!sameShape(previous, next)) {
                viewChanged.signalAll();
            }
        } finally {
            lock.unlock();
        }
        commitWaiters.release(next.commitLsn());
    }

    /** Whether anything a waiter on {@link #awaitViewChange} reacts to stayed the same. */
    private static boolean sameShape(CoreView a, CoreView b) {
        return a.epoch().equals(b.epoch()) && a.role() == b.role() && a.leader().equals(b.leader())
                && a.fetchSource().equals(b.fetchSource()) && a.commitLsn().equals(b.commitLsn())
                && a.leaderReady() == b.leaderReady() && a.transferTarget().equals(b.transferTarget());
    }

    @Override
    public void close() {
        running = false;
        thread.interrupt();
        lock.lock();
        try {
            viewChanged.signalAll();
        } finally {
            lock.unlock();
        }
        commitWaiters.closeAll();
    }
}
