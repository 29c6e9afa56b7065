package com.wolfscale.common;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * Connector/J with {@link DeadlineSocketFactory}: its connect and login timeouts become deadlines (so the
 * socket stays blocking), and they still hold — a server that accepts and never greets fails the login.
 */
class DeadlineSocketFactoryTest {

    @Test
    void aServerThatNeverGreetsFailsTheLoginWithinTheConnectTimeout() throws Exception {
        try (ServerSocket silent = new ServerSocket(0, 10, InetAddress.getLoopbackAddress())) {
            String url = "jdbc:mariadb://127.0.0.1:" + silent.getLocalPort() + "/?connectTimeout=500&socketTimeout=0"
                    + "&socketFactory=" + DeadlineSocketFactory.class.getName();
            long start = System.nanoTime();
            assertThatThrownBy(() -> DriverManager.getConnection(url, "u", "p")).isInstanceOf(SQLException.class);
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(10));
        }
    }

    @Test
    void theLoginDeadlineEndsWhenTheDriverSetsItsSocketTimeout() throws Exception {
        try (ServerSocket server = new ServerSocket(0, 10, InetAddress.getLoopbackAddress())) {
            Socket s = new DeadlineSocketFactory().createSocket();
            s.connect(server.getLocalSocketAddress(), 1000);
            try (Socket peer = server.accept()) {
                s.setSoTimeout(200); // the driver's login timeout: a deadline
                s.setSoTimeout(0); // login done: the deadline ends
                Thread.sleep(600);
                assertThat(s.isClosed()).isFalse();
                assertThat(s.getSoTimeout()).isZero();
            } finally {
                s.close();
            }
        }
    }

    @Test
    void aLoginThatOutlastsItsDeadlineHasItsSocketClosed() throws Exception {
        try (ServerSocket server = new ServerSocket(0, 10, InetAddress.getLoopbackAddress())) {
            Socket s = new DeadlineSocketFactory().createSocket();
            s.connect(server.getLocalSocketAddress(), 1000);
            try (Socket peer = server.accept()) {
                s.setSoTimeout(200);
                assertThat(s.getSoTimeout()).as("not a read timeout").isZero();
                Thread.sleep(600);
                assertThat(s.isClosed()).isTrue();
            } finally {
                s.close();
            }
        }
    }
}
