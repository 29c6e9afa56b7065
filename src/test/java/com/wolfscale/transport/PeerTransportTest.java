package com.wolfscale.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.wolfscale.common.Epoch;
import com.wolfscale.common.NodeId;
import com.wolfscale.core.Message;
import com.wolfscale.core.TimeoutNow;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Real TCP on loopback: authentication, one connection per pair, reconnects, and fuzzed input. */
class PeerTransportTest {

    static final byte[] SECRET = "0123456789abcdef-test-secret".getBytes(StandardCharsets.UTF_8);
    static final InetSocketAddress ANY = new InetSocketAddress("127.0.0.1", 0);

    final List<PeerTransport> transports = new ArrayList<>();

    static final class Inbox implements TransportListener {
        final List<Message> messages = new CopyOnWriteArrayList<>();
        final Map<NodeId, Integer> connects = new ConcurrentHashMap<>();

        @Override
        public void onMessage(NodeId from, Message message) {
            messages.add(message);
        }

        @Override
        public void onConnected(NodeId peer) {
            connects.merge(peer, 1, Integer::sum);
        }
    }

    PeerTransport start(String id, byte[] secret, List<InetSocketAddress> peers, Inbox inbox) throws IOException {
        return start(id, secret, peers, inbox, Duration.ofSeconds(5));
    }

    PeerTransport start(String id, byte[] secret, List<InetSocketAddress> peers, Inbox inbox, Duration idle)
            throws IOException {
        PeerTransport t = new PeerTransport(NodeId.of(id), secret, ANY, peers, inbox,
                new TransportOptions(64 << 20, 1024, Duration.ofSeconds(1), idle));
        transports.add(t);
        return t;
    }

    /** No read timeouts on peer sockets (they cost system calls): a watch closes a silent one, and it is redialled. */
    @Test
    void aConnectionSilentForTheIdleTimeoutIsClosedAndRedialled() throws Exception {
        Inbox ia = new Inbox();
        PeerTransport a = start("a", SECRET, List.of(), ia, Duration.ofMillis(400));
        start("b", SECRET, List.of(a.localAddress()), new Inbox(), Duration.ofMillis(400));
        await().atMost(Duration.ofSeconds(10)).until(() -> ia.connects.getOrDefault(NodeId.of("b"), 0) >= 3);
    }

    /** The handshake is bounded too (by closing the socket): a stranger that says nothing is dropped. */
    @Test
    void aSilentStrangerIsDroppedAfterTheHandshakeTimeout() throws Exception {
        PeerTransport a = start("a", SECRET, List.of(), new Inbox());
        try (Socket s = new Socket()) {
            s.connect(a.localAddress(), 1000);
            s.setSoTimeout(10_000);
            long start = System.nanoTime();
            assertThat(s.getInputStream().read()).as("closed by the transport").isEqualTo(-1);
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(8));
        }
    }

    @AfterEach
    void close() {
        transports.forEach(PeerTransport::close);
    }

    @Test
    void peersThatDialEachOtherKeepOneConnectionAndExchangeMessages() throws Exception {
        Inbox ia = new Inbox();
        Inbox ib = new Inbox();
        PeerTransport a = start("a", SECRET, List.of(), ia);
        PeerTransport b = start("b", SECRET, List.of(a.localAddress()), ib);
        // a learns b's address only now; both sides dial
        PeerTransport a2 = start("c", SECRET, List.of(a.localAddress(), b.localAddress()), new Inbox());
        await().atMost(Duration.ofSeconds(5)).until(() -> a.connectedPeers().size() == 2 && b.connectedPeers().size() == 2);
        assertThat(a.send(NodeId.of("b"), new TimeoutNow(NodeId.of("a"), Epoch.of(3)))).isTrue();
        assertThat(b.send(NodeId.of("a"), new TimeoutNow(NodeId.of("b"), Epoch.of(4)))).isTrue();
        await().atMost(Duration.ofSeconds(5)).until(() -> ib.messages.size() == 1 && ia.messages.size() == 1);
        assertThat(ib.messages.get(0)).isEqualTo(new TimeoutNow(NodeId.of("a"), Epoch.of(3)));
        assertThat(a2.connectedPeers()).containsExactlyInAnyOrder(NodeId.of("a"), NodeId.of("b"));
    }

    @Test
    void aPeerWithAnotherSecretIsRefused() throws Exception {
        Inbox ia = new Inbox();
        PeerTransport a = start("a", SECRET, List.of(), ia);
        PeerTransport intruder = start("x", "another-secret-1234567".getBytes(StandardCharsets.UTF_8),
                List.of(a.localAddress()), new Inbox());
        Thread.sleep(500);
        assertThat(a.connectedPeers()).isEmpty();
        assertThat(intruder.connectedPeers()).isEmpty();
    }

    @Test
    void reconnectsAfterThePeerRestarts() throws Exception {
        Inbox ia = new Inbox();
        PeerTransport a = start("a", SECRET, List.of(), ia);
        InetSocketAddress addrA = a.localAddress();
        PeerTransport b = start("b", SECRET, List.of(addrA), new Inbox());
        await().atMost(Duration.ofSeconds(5)).until(() -> b.connectedPeers().contains(NodeId.of("a")));
        a.close();
        await().atMost(Duration.ofSeconds(5)).until(() -> b.connectedPeers().isEmpty());
        PeerTransport aAgain = new PeerTransport(NodeId.of("a"), SECRET, addrA, List.of(), ia,
                TransportOptions.defaults());
        transports.add(aAgain);
        await().atMost(Duration.ofSeconds(5)).until(() -> aAgain.connectedPeers().contains(NodeId.of("b")));
    }

    /** Random and mutated frames at every phase: each bad connection is closed, the transport keeps working. */
    @Test
    void fuzzedConnectionsDoNotHurtOtherPeers() throws Exception {
        Inbox ia = new Inbox();
        PeerTransport a = start("a", SECRET, List.of(), ia);
        Random r = new Random(42);
        byte[] validHello = helloFrame();
        int liveThreadsBefore = Thread.activeCount();
        for (int i = 0; i < 300; i++) {
            try (Socket s = new Socket()) {
                s.connect(a.localAddress(), 1000);
                s.setSoTimeout(300);
                OutputStream out = s.getOutputStream();
                byte[] payload = switch (i % 4) {
                    case 0 -> randomBytes(r, r.nextInt(200));
                    case 1 -> mutate(r, validHello);
                    case 2 -> java.util.Arrays.copyOf(validHello, r.nextInt(validHello.length));
                    default -> hugeLengthFrame(r);
                };
                out.write(payload);
                out.flush();
                if (i % 4 == 1) {
                    drain(s);
                }
            } catch (IOException expected) {
                // the transport may close on us: that is the point
            }
        }
        PeerTransport b = start("b", SECRET, List.of(a.localAddress()), new Inbox());
        await().atMost(Duration.ofSeconds(5)).until(() -> a.connectedPeers().contains(NodeId.of("b")));
        assertThat(b.send(NodeId.of("a"), new TimeoutNow(NodeId.of("b"), Epoch.of(9)))).isTrue();
        await().atMost(Duration.ofSeconds(5)).until(() -> ia.messages.size() == 1);
        assertThat(a.connectedPeers()).containsExactly(NodeId.of("b"));
        assertThat(Thread.activeCount()).isLessThan(liveThreadsBefore + 50);
    }

    private static void drain(Socket s) {
        try {
            new DataInputStream(s.getInputStream()).readAllBytes();
        } catch (IOException ignored) {
            // timeout or reset
        }
    }

    private static byte[] helloFrame() throws IOException {
        java.io.ByteArrayOutputStream body = new java.io.ByteArrayOutputStream();
        java.io.DataOutputStream d = new java.io.DataOutputStream(body);
        d.writeByte(Handshake.PROTOCOL_VERSION);
        MessageCodec.string(d, "fuzzer");
        d.write(new byte[ClusterAuth.NONCE_BYTES]);
        java.io.ByteArrayOutputStream frame = new java.io.ByteArrayOutputStream();
        new FrameCodec(1 << 16, true).write(frame, Handshake.HELLO, body.toByteArray());
        return frame.toByteArray();
    }

    private static byte[] randomBytes(Random r, int n) {
        byte[] b = new byte[n];
        r.nextBytes(b);
        return b;
    }

    private static byte[] mutate(Random r, byte[] valid) {
        byte[] b = valid.clone();
        for (int k = 0; k < 1 + r.nextInt(3); k++) {
            b[r.nextInt(b.length)] ^= (byte) (1 + r.nextInt(255));
        }
        return b;
    }

    private static byte[] hugeLengthFrame(Random r) {
        byte[] b = randomBytes(r, 32);
        b[0] = 0x7f; // a length of ~2 GiB must be refused before any allocation
        return b;
    }
}
