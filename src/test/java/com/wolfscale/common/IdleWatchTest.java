package com.wolfscale.common;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Real loopback sockets: a silent one is closed by the watch, one that keeps receiving is not. */
class IdleWatchTest {

    @Test
    void aSilentSocketIsClosedAndTheBlockedReadFails() throws Exception {
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
             Socket client = new Socket(InetAddress.getLoopbackAddress(), server.getLocalPort());
             Socket peer = server.accept()) {
            IdleWatch watch = IdleWatch.start(client, Duration.ofMillis(200));
            InputStream in = watch.wrap(client.getInputStream());
            long start = System.nanoTime();
            assertThatThrownBy(in::read).isInstanceOf(IOException.class);
            assertThat(watch.fired()).isTrue();
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
        }
    }

    @Test
    void dataArrivingMoreOftenThanTheIdleTimeKeepsItOpen() throws Exception {
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
             Socket client = new Socket(InetAddress.getLoopbackAddress(), server.getLocalPort());
             Socket peer = server.accept()) {
            IdleWatch watch = IdleWatch.start(client, Duration.ofMillis(300));
            InputStream in = watch.wrap(client.getInputStream());
            OutputStream out = peer.getOutputStream();
            for (int i = 0; i < 12; i++) { // 1.2 s in all: four idle periods
                Thread.sleep(100);
                out.write(i);
                out.flush();
                assertThat(in.read()).isEqualTo(i);
            }
            watch.close();
            Thread.sleep(600);
            assertThat(watch.fired()).as("a closed watch does nothing").isFalse();
            assertThat(client.isClosed()).isFalse();
        }
    }
}
