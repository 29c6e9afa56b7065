package com.wolfscale.common;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketAddress;
import java.time.Duration;
import javax.net.SocketFactory;

/**
 * A socket factory for MariaDB Connector/J ({@code socketFactory=} in the JDBC URL) whose sockets bound
 * {@code connect(address, timeout)} with a {@link SocketDeadline} instead of a timed connect. A timed connect
 * leaves the socket non-blocking for good, and every read of the connection (the applier's, a few per
 * batch) then costs three system calls instead of one. Connection timeouts keep their meaning.
 */
public final class DeadlineSocketFactory extends SocketFactory {

    /** Public, no arguments: the driver instantiates it by name. */
    public DeadlineSocketFactory() {
    }

    @Override
    public Socket createSocket() {
        return new DeadlineSocket();
    }

    @Override
    public Socket createSocket(String host, int port) throws IOException {
        return connected(new InetSocketAddress(host, port));
    }

    @Override
    public Socket createSocket(String host, int port, InetAddress localHost, int localPort) throws IOException {
        Socket s = new DeadlineSocket();
        s.bind(new InetSocketAddress(localHost, localPort));
        s.connect(new InetSocketAddress(host, port));
        return s;
    }

    @Override
    public Socket createSocket(InetAddress host, int port) throws IOException {
        return connected(new InetSocketAddress(host, port));
    }

    @Override
    public Socket createSocket(InetAddress address, int port, InetAddress localAddress, int localPort)
            throws IOException {
        Socket s = new DeadlineSocket();
        s.bind(new InetSocketAddress(localAddress, localPort));
        s.connect(new InetSocketAddress(address, port));
        return s;
    }

    private static Socket connected(SocketAddress address) throws IOException {
        Socket s = new DeadlineSocket();
        s.connect(address);
        return s;
    }

    /**
     * A plain socket whose timed connect, and the read timeout the driver sets for its login, are deadlines.
     * Connector/J calls {@code setSoTimeout(connectTimeout)} before the login and {@code setSoTimeout(socketTimeout)}
     * after it: the first is armed as a deadline for the login, the second ends that deadline and is applied
     * as it is (a positive socket timeout then makes reads timed, as the caller asked).
     */
    static final class DeadlineSocket extends Socket {
        private SocketDeadline login;
        private boolean loginPhaseOver;

        @Override
        public void connect(SocketAddress endpoint, int timeoutMillis) throws IOException {
            if (timeoutMillis <= 0) {
                super.connect(endpoint, 0); // not connect(endpoint): that calls this method again
                return;
            }
            try (SocketDeadline deadline = SocketDeadline.arm(this, Duration.ofMillis(timeoutMillis))) {
                try {
                    super.connect(endpoint, 0);
                } catch (IOException e) {
                    if (deadline.fired()) {
                        throw deadline.timeout("connect to " + endpoint);
                    }
                    throw e;
                }
            }
        }

        @Override
        public synchronized void setSoTimeout(int timeoutMillis) throws java.net.SocketException {
            if (!isConnected() || loginPhaseOver) {
                super.setSoTimeout(timeoutMillis);
            } else if (login == null && timeoutMillis > 0) {
                login = SocketDeadline.arm(this, Duration.ofMillis(timeoutMillis));
            } else {
                loginPhaseOver = true;
                if (login != null) {
                    login.close();
                }
                super.setSoTimeout(timeoutMillis);
            }
        }

        @Override
        public synchronized void close() throws IOException {
            if (login != null) {
                login.close();
            }
            super.close();
        }
    }
}
