package com.wolfscale.proxy.backend;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.wolfscale.config.HostPort;
import com.wolfscale.mysql.Capabilities;
import com.wolfscale.mysql.PacketReader;
import com.wolfscale.mysql.PacketWriter;
import com.wolfscale.mysql.ServerStatus;
import com.wolfscale.mysql.auth.NativePassword;
import com.wolfscale.mysql.packet.ComQuery;
import com.wolfscale.mysql.packet.HandshakeV10;
import com.wolfscale.mysql.packet.OkPacket;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The backend login is bounded by {@link com.wolfscale.common.SocketDeadline} (closing the socket) rather than a socket read
 * timeout: a server that never greets fails the login with a timeout, and a connection that logged in is
 * left alone by the deadline, however long it then waits for an answer.
 */
class BackendLoginDeadlineTest {

    private static final BackendLogin LOGIN = new BackendLogin("app", NativePassword.stage1("pw"), null, 45,
            Capabilities.DEFAULT_CLIENT, Map.of());

    private static BackendTarget target(ServerSocket server) {
        return new BackendTarget(new HostPort("127.0.0.1", server.getLocalPort()), false);
    }

    @Test
    void aServerThatNeverGreetsFailsTheLoginWithATimeout() throws Exception {
        try (ServerSocket server = new ServerSocket(0, 10, InetAddress.getLoopbackAddress())) {
            long start = System.nanoTime();
            assertThatThrownBy(() -> BackendConnection.open(target(server), LOGIN, Duration.ofMillis(300)))
                    .isInstanceOf(SocketTimeoutException.class).hasMessageContaining("took more than");
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(10));
        }
    }

    @Test
    void aLoggedInConnectionOutlivesTheLoginDeadline() throws Exception {
        try (ServerSocket server = new ServerSocket(0, 10, InetAddress.getLoopbackAddress())) {
            CountDownLatch answered = new CountDownLatch(1);
            Thread fake = Thread.ofPlatform().daemon().start(() -> serveOneSlowAnswer(server, answered));
            try (BackendConnection c = BackendConnection.open(target(server), LOGIN, Duration.ofMillis(200))) {
                // the server answers 600 ms later: three login deadlines, which must not close the socket
                BackendConnection.Result r = c.run(ComQuery.of("DO 1").encode());
                assertThat(r.failed()).isFalse();
            }
            assertThat(answered.await(5, TimeUnit.SECONDS)).isTrue();
            fake.join(5000);
        }
    }

    /** Greets, accepts any login, then answers the first command after 600 ms. */
    private static void serveOneSlowAnswer(ServerSocket server, CountDownLatch answered) {
        try (Socket s = server.accept()) {
            PacketReader in = new PacketReader(s.getInputStream());
            OutputStream raw = s.getOutputStream();
            PacketWriter out = new PacketWriter(raw);
            byte[] seed = new byte[20];
            Arrays.fill(seed, (byte) 'A');
            long caps = Capabilities.DEFAULT_CLIENT & ~Capabilities.CLIENT_MYSQL;
            out.write(0, new HandshakeV10(10, "5.5.5-10.11.19-MariaDB", 7, seed, caps, 45, 2, NativePassword.PLUGIN)
                    .encode());
            out.flush();
            in.read(1 << 20);
            byte[] ok = OkPacket.of(0, 0, ServerStatus.AUTOCOMMIT, 0).encode(Capabilities.DEFAULT_CLIENT);
            out.write(2, ok);
            out.flush();
            in.read(1 << 20);
            Thread.sleep(600);
            out.write(1, ok);
            out.flush();
            answered.countDown();
            in.read(1 << 20); // COM_QUIT or EOF
        } catch (IOException | InterruptedException e) {
            // the test's assertions report what went wrong
        }
    }
}
