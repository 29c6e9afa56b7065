package com.wolfscale.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.wolfscale.core.Message;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.util.Random;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

class MessageCodecProperties {

    @Provide
    Arbitrary<Message> messages() {
        return Messages.messages();
    }

    @Property(tries = 500)
    void everyMessageRoundTrips(@ForAll("messages") Message m) throws Exception {
        assertThat(MessageCodec.decode(MessageCodec.typeOf(m), MessageCodec.encode(m))).isEqualTo(m);
    }

    @Property(tries = 300)
    void framesRoundTripWithCompressionAndMac(@ForAll("messages") Message m) throws Exception {
        byte[] key = new byte[32];
        FrameCodec writer = new FrameCodec(64 << 20, true);
        FrameCodec reader = new FrameCodec(64 << 20, false);
        writer.authenticate(key, true);
        reader.authenticate(key, false);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        writer.write(bytes, MessageCodec.typeOf(m), MessageCodec.encode(m));
        writer.write(bytes, MessageCodec.typeOf(m), MessageCodec.encode(m));
        DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes.toByteArray()));
        for (int i = 0; i < 2; i++) {
            Frame f = reader.read(in);
            assertThat(MessageCodec.decode(f.type(), f.body())).isEqualTo(m);
        }
    }

    @Property(tries = 300)
    void truncatedOrMutatedBodiesFailCleanly(@ForAll("messages") Message m, @ForAll long seed) {
        byte[] body = MessageCodec.encode(m);
        Random r = new Random(seed);
        byte[] bad = java.util.Arrays.copyOf(body, r.nextInt(body.length + 1));
        if (bad.length > 0 && r.nextBoolean()) {
            bad[r.nextInt(bad.length)] ^= (byte) (1 + r.nextInt(255));
        }
        try {
            MessageCodec.decode(MessageCodec.typeOf(m), bad);
        } catch (TransportException expected) {
            assertThat(expected).hasMessageNotContaining("OutOfMemory");
        }
    }

    @Property(tries = 200)
    void aFlippedBitInAFrameIsDetected(@ForAll("messages") Message m, @ForAll long seed) throws Exception {
        FrameCodec writer = new FrameCodec(64 << 20, true);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        writer.write(bytes, MessageCodec.typeOf(m), MessageCodec.encode(m));
        byte[] frame = bytes.toByteArray();
        Random r = new Random(seed);
        int at = 4 + r.nextInt(frame.length - 4);
        frame[at] ^= (byte) (1 << r.nextInt(8));
        FrameCodec reader = new FrameCodec(64 << 20, false);
        assertThatThrownBy(() -> reader.read(new DataInputStream(new ByteArrayInputStream(frame))))
                .isInstanceOf(TransportException.class);
    }

    @Property(tries = 100)
    void aMacFromAnotherKeyIsRejected(@ForAll("messages") Message m) throws Exception {
        FrameCodec writer = new FrameCodec(64 << 20, true);
        writer.authenticate(new byte[32], true);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        writer.write(bytes, MessageCodec.typeOf(m), MessageCodec.encode(m));
        FrameCodec reader = new FrameCodec(64 << 20, false);
        byte[] otherKey = new byte[32];
        otherKey[0] = 1;
        reader.authenticate(otherKey, false);
        assertThatThrownBy(() -> reader.read(new DataInputStream(new ByteArrayInputStream(bytes.toByteArray()))))
                .isInstanceOf(TransportException.class).hasMessageContaining("authentication");
    }
}
