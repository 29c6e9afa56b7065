package com.wolfscale.common;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.time.Duration;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Closes a socket that received nothing for too long: the stall detection a read timeout would give, without
 * its cost (see {@link SocketDeadline}: a timed read leaves the socket non-blocking, three system calls per
 * read). The owner calls {@link #touch} when data arrives, or reads through {@link #wrap}; the timer
 * thread shared with {@link SocketDeadline} checks every watched socket a few times per idle period. The
 * blocked read then fails, and {@link #fired} tells that apart from other failures.
 */
public final class IdleWatch implements AutoCloseable {

    private final Socket socket;
    private final long idleNanos;
    private final ScheduledFuture<?> task;
    private volatile long lastNanos = System.nanoTime();
    private volatile boolean fired;

    private IdleWatch(Socket socket, Duration idle) {
        this.socket = socket;
        this.idleNanos = idle.toNanos();
        long every = Math.max(1_000_000L, idleNanos / 4);
        this.task = SocketDeadline.TIMER.scheduleWithFixedDelay(this::check, every, every, TimeUnit.NANOSECONDS);
    }

    /** Starts watching: {@code socket} is closed once nothing arrived for {@code idle}. */
    public static IdleWatch start(Socket socket, Duration idle) {
        return new IdleWatch(socket, idle);
    }

    /** Something arrived. */
    public void touch() {
        lastNanos = System.nanoTime();
    }

    /** Whether the watch closed the socket. */
    public boolean fired() {
        return fired;
    }

    public Duration idle() {
        return Duration.ofNanos(idleNanos);
    }

    /** An input stream that {@link #touch}es on every read that returns data. */
    public InputStream wrap(InputStream in) {
        return new FilterInputStream(in) {
            @Override
            public int read() throws IOException {
                int b = super.read();
                if (b >= 0) {
                    touch();
                }
                return b;
            }

            @Override
            public int read(byte[] buf, int off, int len) throws IOException {
                int n = super.read(buf, off, len);
                if (n > 0) {
                    touch();
                }
                return n;
            }
        };
    }

    private void check() {
        if (System.nanoTime() - lastNanos > idleNanos) {
            fired = true;
            task.cancel(false);
            try {
                socket.close();
            } catch (IOException ignored) {
                // closing is all we wanted
            }
        }
    }

    /** Stops watching (the socket stays as it is). */
    @Override
    public void close() {
        task.cancel(false);
    }
}
