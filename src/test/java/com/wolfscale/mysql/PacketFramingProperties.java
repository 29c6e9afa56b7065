package com.wolfscale.mysql;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

class PacketFramingProperties {

    @Provide
    Arbitrary<List<byte[]>> payloads() {
        return Arbitraries.bytes().array(byte[].class).ofMaxSize(300).list().ofMaxSize(12);
    }

    @Property(tries = 200)
    void randomSplitsOfAStreamGiveTheSamePackets(@ForAll("payloads") List<byte[]> payloads, @ForAll long seed)
            throws IOException {
        ByteArrayOutputStream wire = new ByteArrayOutputStream();
        PacketWriter w = new PacketWriter(wire);
        int seq = 0;
        for (byte[] p : payloads) {
            seq = w.write(seq, p);
        }
        PacketReader logical = new PacketReader(new TrickleInputStream(wire.toByteArray(), seed));
        PacketReader raw = new PacketReader(new TrickleInputStream(wire.toByteArray(), ~seed));
        ByteArrayOutputStream relayed = new ByteArrayOutputStream();
        for (int i = 0; i < payloads.size(); i++) {
            Packet p = logical.read(1000);
            assertThat(p.payload()).isEqualTo(payloads.get(i));
            assertThat(p.sequenceId()).isEqualTo(i & 0xFF);
            relayed.writeBytes(raw.readRaw().frame());
        }
        assertThat(relayed.toByteArray()).isEqualTo(wire.toByteArray());
    }

    @Property(tries = 300)
    void garbageEndsInAPacketOrADeclaredErrorNeverAnythingElse(@ForAll @Size(max = 64) byte[] garbage,
            @ForAll @IntRange(min = 0, max = 100) int limit) {
        PacketReader r = new PacketReader(new ByteArrayInputStream(garbage));
        List<Packet> read = new ArrayList<>();
        try {
            while (true) {
                read.add(r.read(limit));
            }
        } catch (EOFException | ProtocolException expected) {
            assertThat(read.size()).isLessThanOrEqualTo(garbage.length / 4);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    @Property(tries = 300)
    void lengthEncodedIntegersRoundTrip(@ForAll long value) {
        byte[] b = new PayloadWriter().lenencInt(value).toByteArray();
        PayloadReader r = new PayloadReader("test", b);
        assertThat(r.lenencInt()).isEqualTo(value);
        assertThat(r.hasRemaining()).isFalse();
        long unsigned = value;
        int expected = unsigned >= 0 && unsigned < 0xFB ? 1 : unsigned >= 0 && unsigned < 1 << 16 ? 3
                : unsigned >= 0 && unsigned < 1 << 24 ? 4 : 9;
        assertThat(b).hasSize(expected);
    }

    @Property(tries = 200)
    void stringsRoundTrip(@ForAll String s, @ForAll @Size(max = 40) byte[] bytes) {
        String noNul = s.replace("\0", "");
        byte[] b = new PayloadWriter().lenencString(s).nulString(noNul).lenencBytes(bytes).u24(0xABCDEF)
                .u48(0x123456789ABCL).toByteArray();
        PayloadReader r = new PayloadReader("test", b);
        assertThat(r.lenencString()).isEqualTo(new String(s.getBytes(java.nio.charset.StandardCharsets.UTF_8),
                java.nio.charset.StandardCharsets.UTF_8));
        assertThat(r.nulString()).isEqualTo(new String(noNul.getBytes(java.nio.charset.StandardCharsets.UTF_8),
                java.nio.charset.StandardCharsets.UTF_8));
        assertThat(r.lenencBytes()).isEqualTo(bytes);
        assertThat(r.u24()).isEqualTo(0xABCDEF);
        assertThat(r.u48()).isEqualTo(0x123456789ABCL);
    }
}
