package com.wolfscale.replication;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.wolfscale.common.Lsn;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class CommitWaitersTest {

    @Test
    void releasesExactlyTheWaitersAtOrBelowTheCommitIndex() {
        CommitWaiters w = new CommitWaiters();
        CompletableFuture<Boolean> five = w.await(Lsn.of(5));
        CompletableFuture<Boolean> three = w.await(Lsn.of(3));
        CompletableFuture<Boolean> nine = w.await(Lsn.of(9));
        w.release(Lsn.of(4));
        assertTrue(three.isDone());
        assertFalse(five.isDone());
        assertFalse(nine.isDone());
        w.release(Lsn.of(5));
        assertTrue(five.join());
        assertFalse(nine.isDone());
    }

    @Test
    void aWaiterAtOrBelowTheLastReleasedIndexCompletesAtOnce() {
        CommitWaiters w = new CommitWaiters();
        w.release(Lsn.of(7));
        assertTrue(w.await(Lsn.of(7)).isDone());
        assertTrue(w.await(Lsn.of(1)).join());
        assertFalse(w.await(Lsn.of(8)).isDone());
    }

    @Test
    void closingCompletesEveryWaiterWithFalseAndLaterOnesToo() {
        CommitWaiters w = new CommitWaiters();
        CompletableFuture<Boolean> waiting = w.await(Lsn.of(2));
        w.closeAll();
        assertFalse(waiting.join());
        assertFalse(w.await(Lsn.of(3)).join());
    }

    @Test
    void aForgottenWaiterIsNotCompleted() {
        CommitWaiters w = new CommitWaiters();
        CompletableFuture<Boolean> gaveUp = w.await(Lsn.of(2));
        w.forget(gaveUp);
        w.release(Lsn.of(2));
        assertFalse(gaveUp.isDone());
    }

    /** No wake-up is lost between a registration and a concurrent release: every waiter completes. */
    @Test
    void concurrentRegistrationsAndReleasesLoseNoWaiter() throws Exception {
        CommitWaiters w = new CommitWaiters();
        int threads = 4;
        int perThread = 20_000;
        AtomicInteger completed = new AtomicInteger();
        CountDownLatch start = new CountDownLatch(1);
        List<Thread> registrars = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int offset = t;
            registrars.add(Thread.ofPlatform().start(() -> {
                try {
                    start.await();
                } catch (InterruptedException e) {
                    return;
                }
                for (int i = 1; i <= perThread; i++) {
                    w.await(Lsn.of((long) i * threads + offset)).thenRun(completed::incrementAndGet);
                }
            }));
        }
        long last = (long) perThread * threads + threads;
        Thread releaser = Thread.ofPlatform().start(() -> {
            start.countDown();
            for (long c = 1; c <= last; c += 7) {
                w.release(Lsn.of(c));
            }
        });
        for (Thread t : registrars) {
            t.join();
        }
        releaser.join();
        w.release(Lsn.of(last));
        assertEquals(threads * perThread, completed.get());
    }

}
