package com.wolfscale.transport;

import com.wolfscale.common.NodeId;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;

/**
 * Runs the {@link ClusterAuth} exchange over a fresh connection's frame codecs (frame types 1–4) and
 * switches both codecs to authenticated frames. Returns the authenticated peer id.
 */
final class Handshake {

    static final byte HELLO = 1;
    static final byte CHALLENGE = 2;
    static final byte PROOF = 3;
    static final byte WELCOME = 4;
    static final int PROTOCOL_VERSION = 1;

    private Handshake() {
    }

    static NodeId dial(NodeId self, ClusterAuth auth, DataInputStream in, OutputStream out, FrameCodec reader,
                       FrameCodec writer) throws IOException {
        byte[] nonceD = ClusterAuth.nonce();
        writer.write(out, HELLO, body(b -> {
            b.writeByte(PROTOCOL_VERSION);
            MessageCodec.string(b, self.value());
            b.write(nonceD);
        }));
        out.flush();
        MessageCodec.Reader challenge = expect(reader.read(in), CHALLENGE);
        NodeId peer = challenge.nodeId();
        byte[] nonceA = challenge.bytes(ClusterAuth.NONCE_BYTES);
        byte[] proofA = challenge.bytes(32);
        challenge.expectEnd();
        if (!ClusterAuth.same(proofA, auth.acceptorProof(nonceD, nonceA, self.value(), peer.value()))) {
            throw new TransportException("peer " + peer + " failed authentication: different cluster secret");
        }
        writer.write(out, PROOF, auth.dialerProof(nonceD, nonceA, self.value(), peer.value()));
        out.flush();
        expect(reader.read(in), WELCOME).expectEnd();
        byte[] key = auth.sessionKey(nonceD, nonceA);
        writer.authenticate(key, true);
        reader.authenticate(key, true);
        return peer;
    }

    static NodeId accept(NodeId self, ClusterAuth auth, DataInputStream in, OutputStream out, FrameCodec reader,
                         FrameCodec writer) throws IOException {
        MessageCodec.Reader hello = expect(reader.read(in), HELLO);
        int version = hello.u8();
        if (version != PROTOCOL_VERSION) {
            throw new TransportException("unsupported protocol version " + version);
        }
        NodeId peer = hello.nodeId();
        byte[] nonceD = hello.bytes(ClusterAuth.NONCE_BYTES);
        hello.expectEnd();
        if (peer.equals(self)) {
            throw new TransportException("connection from this node itself (own address listed in peers?)");
        }
        byte[] nonceA = ClusterAuth.nonce();
        byte[] proofA = auth.acceptorProof(nonceD, nonceA, peer.value(), self.value());
        writer.write(out, CHALLENGE, body(b -> {
            MessageCodec.string(b, self.value());
            b.write(nonceA);
            b.write(proofA);
        }));
        out.flush();
        MessageCodec.Reader proof = expect(reader.read(in), PROOF);
        byte[] proofD = proof.bytes(32);
        proof.expectEnd();
        if (!ClusterAuth.same(proofD, auth.dialerProof(nonceD, nonceA, peer.value(), self.value()))) {
            throw new TransportException("peer claiming to be " + peer + " failed authentication: wrong cluster secret");
        }
        writer.write(out, WELCOME, new byte[0]);
        out.flush();
        byte[] key = auth.sessionKey(nonceD, nonceA);
        writer.authenticate(key, false);
        reader.authenticate(key, false);
        return peer;
    }

    private static MessageCodec.Reader expect(Frame f, byte type) throws TransportException {
        if (f.type() != type) {
            throw new TransportException("handshake: expected frame type " + type + ", got " + f.type());
        }
        return new MessageCodec.Reader(f.body());
    }

    private interface BodyWriter {
        void write(DataOutputStream out) throws IOException;
    }

    private static byte[] body(BodyWriter w) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            w.write(out);
        }
        return bytes.toByteArray();
    }
}
