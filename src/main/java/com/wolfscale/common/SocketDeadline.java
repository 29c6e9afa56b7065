package com.wolfscale.common;

import java.io.IOException;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Bounds a connect, a login or a handshake by closing the socket when time runs out, instead of a connect or
 * read timeout. A timed connect or read leaves the JDK socket in non-blocking mode for good: every later read
 * then costs a failed read, a poll and a second read (three system calls instead of one), on every relayed
 * statement of the proxy and every message between peers. Closing the socket makes the blocked call fail.
 */
public final class SocketDeadline implements AutoCloseable {

    /** One timer thread for every deadline and {@link IdleWatch}: they only close sockets. */
    static final ScheduledThreadPoolExecutor TIMER = timer();

    private static final int ARMED = 0;
    private static final int DONE = 1;
    private static final int FIRED = 2;

    private final ScheduledFuture<?> task;
    private final Duration timeout;
    /** ARMED until either the login ends (DONE) or time runs out (FIRED): exactly one of them wins. */
    private final AtomicInteger state = new AtomicInteger(ARMED);

    private SocketDeadline(Socket socket, Duration timeout) {
        this.timeout = timeout;
        this.task = TIMER.schedule(() -> {
            if (state.compareAndSet(ARMED, FIRED)) {
                try {
                    socket.close();
                } catch (IOException ignored) {
                    // closing is all we wanted
                }
            }
        }, timeout.toNanos(), TimeUnit.NANOSECONDS);
    }

    public static SocketDeadline arm(Socket socket, Duration timeout) {
        return new SocketDeadline(socket, timeout);
    }

    /** Whether the deadline passed and closed the socket (a failure of the bounded call then means a timeout). */
    public boolean fired() {
        return state.get() == FIRED;
    }

    /**
     * Ends the deadline after the bounded call returned.
     *
     * @throws SocketTimeoutException if it had fired meanwhile (the socket is closed then)
     */
    public void finish(String what) throws SocketTimeoutException {
        close();
        if (fired()) {
            throw timeout(what);
        }
    }

    /** The error to report for {@code what} when the deadline closed the socket. */
    public SocketTimeoutException timeout(String what) {
        return new SocketTimeoutException(what + " took more than " + timeout.toMillis() + " ms");
    }

    /** Ends the deadline: from here on the socket stays open (unless it already fired, see {@link #fired}). */
    @Override
    public void close() {
        if (state.compareAndSet(ARMED, DONE)) {
            task.cancel(false);
        }
    }

    private static ScheduledThreadPoolExecutor timer() {
        ScheduledThreadPoolExecutor t = new ScheduledThreadPoolExecutor(1,
                r -> Thread.ofPlatform().daemon().name("socket-timer").unstarted(r));
        t.setRemoveOnCancelPolicy(true);
        return t;
    }
}
