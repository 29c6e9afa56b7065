package com.wolfscale.sandbox;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Free TCP ports on 127.0.0.1 for servers that a test or a benchmark starts, chosen <em>below</em> the
 * kernel's ephemeral range (Linux: 32768–60999).
 *
 * <p>Why not {@code new ServerSocket(0)}: that hands out an ephemeral port, and between closing it and the
 * server binding it, any outgoing connection (JDBC, HTTP polls, peer dialling) may get the same number as its
 * local port; the server then fails with "Address already in use". Ports below the ephemeral range are never
 * given to outgoing connections. Each JVM walks its own stretch of the range (offset by its PID) and never
 * hands out a port twice, and every candidate is test-bound first, so two JVMs or a server already
 * listening are skipped.
 */
public final class LoopbackPorts {

    static final int FIRST = 20_000;
    static final int LAST = 32_000;
    private static final AtomicInteger NEXT = new AtomicInteger(
            (int) (ProcessHandle.current().pid() * 211 % (LAST - FIRST)));

    private LoopbackPorts() {
    }

    /** One free port; throws when the whole range is taken. */
    public static int next() throws IOException {
        for (int tries = 0; tries < LAST - FIRST; tries++) {
            int port = FIRST + Math.floorMod(NEXT.getAndIncrement(), LAST - FIRST);
            if (free(port)) {
                return port;
            }
        }
        throw new IOException("no free port in " + FIRST + "-" + LAST + " on 127.0.0.1");
    }

    /** {@code n} distinct free ports. */
    public static int[] next(int n) throws IOException {
        int[] ports = new int[n];
        for (int i = 0; i < n; i++) {
            ports[i] = next();
        }
        return ports;
    }

    private static boolean free(int port) {
        try (ServerSocket s = new ServerSocket()) {
            s.setReuseAddress(false);
            s.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 1);
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
