package com.wolfscale.mysql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class PacketFramingTest {

    private static final int MAX = RawPacket.MAX_PAYLOAD;

    @Test
    void payloadsAtAndAroundTheSplitBoundaryAreFramedAndReassembled() throws IOException {
        for (int length : new int[] {0, 1, MAX - 1, MAX, MAX + 1, 2 * MAX}) {
            byte[] payload = new byte[length];
            Arrays.fill(payload, (byte) 0xFE);
            if (length > 0) {
                payload[length - 1] = 7;
            }
            byte[] wire = PacketWriter.frame(3, payload);
            List<Integer> physical = physicalLengths(wire);
            int pieces = length / MAX + 1;
            assertThat(physical).as("pieces of %d bytes", length).hasSize(pieces);
            assertThat(physical.get(physical.size() - 1)).isEqualTo(length % MAX);
            Packet p = new PacketReader(new ByteArrayInputStream(wire)).read(Integer.MAX_VALUE);
            assertThat(p.payload()).isEqualTo(payload);
            assertThat(p.sequenceId()).isEqualTo(3);
            assertThat(p.nextSequenceId()).isEqualTo(3 + pieces);
        }
    }

    @Test
    void exactMultiplesOf0xFFFFFFEndWithAnEmptyPacket() {
        byte[] wire = PacketWriter.frame(0, new byte[2 * MAX]);
        assertThat(physicalLengths(wire)).containsExactly(MAX, MAX, 0);
        assertThat(wire[wire.length - 1]).as("sequence id of the terminator").isEqualTo((byte) 2);
    }

    @Test
    void sequenceIdsWrapAt256() throws IOException {
        byte[] wire = PacketWriter.frame(255, new byte[MAX + 5]);
        Packet p = new PacketReader(new ByteArrayInputStream(wire)).read(Integer.MAX_VALUE);
        assertThat(p.sequenceId()).isEqualTo(255);
        assertThat(p.nextSequenceId()).isEqualTo(1);
    }

    @Test
    void rawModeReturnsPhysicalPacketsByteForByte() throws IOException {
        byte[] payload = new byte[MAX + 10];
        payload[MAX] = (byte) 0xFE;
        byte[] wire = PacketWriter.frame(0, payload);
        PacketReader reader = new PacketReader(new TrickleInputStream(wire, 1));
        ByteArrayOutputStream relayed = new ByteArrayOutputStream();
        RawPacket first = reader.readRaw();
        assertThat(first.continues()).isTrue();
        assertThat(first.sequenceId()).isZero();
        relayed.writeBytes(first.frame());
        RawPacket second = reader.readRaw();
        assertThat(second.continues()).isFalse();
        assertThat(second.firstByte()).isEqualTo(0xFE);
        relayed.writeBytes(second.frame());
        assertThat(relayed.toByteArray()).isEqualTo(wire);
    }

    @Test
    void aPayloadLargerThanTheLimitIsRefusedBeforeItIsRead() {
        byte[] header = {(byte) 0xFF, (byte) 0xFF, (byte) 0xFF, 0};
        CountingStream in = new CountingStream(header);
        assertThatThrownBy(() -> new PacketReader(in).read(1024))
                .isInstanceOf(ProtocolException.class).hasMessageContaining("exceeds the limit of 1024");
        assertThat(in.served).isEqualTo(4);
    }

    @Test
    void aSplitPayloadIsCheckedAgainstTheLimitAsItGrows() {
        byte[] wire = PacketWriter.frame(0, new byte[MAX + 100]);
        assertThatThrownBy(() -> new PacketReader(new ByteArrayInputStream(wire)).read(MAX + 50))
                .isInstanceOf(ProtocolException.class).hasMessageContaining("at least " + (MAX + 100));
    }

    @Test
    void aHugeDeclaredLengthFollowedByAClosedStreamFailsWithoutAllocatingIt() {
        byte[] wire = {(byte) 0xFF, (byte) 0xFF, (byte) 0xFF, 0, 1, 2, 3};
        assertThatThrownBy(() -> new PacketReader(new ByteArrayInputStream(wire)).readRaw())
                .isInstanceOf(EOFException.class).hasMessageContaining("16777215 payload bytes, 3 arrived");
    }

    @Test
    void truncationAnywhereEndsInEofException() throws IOException {
        byte[] wire = PacketWriter.frame(0, "hello world".getBytes());
        for (int cut = 0; cut < wire.length; cut++) {
            byte[] truncated = Arrays.copyOf(wire, cut);
            assertThatThrownBy(() -> new PacketReader(new ByteArrayInputStream(truncated)).read(100))
                    .as("cut at %d", cut).isInstanceOf(EOFException.class);
        }
    }

    @Test
    void aContinuationWithTheWrongSequenceIdIsAProtocolError() {
        byte[] wire = PacketWriter.frame(0, new byte[MAX + 1]);
        wire[RawPacket.HEADER_SIZE + MAX + 3] = 5; // the second piece's sequence id
        assertThatThrownBy(() -> new PacketReader(new ByteArrayInputStream(wire)).read(Integer.MAX_VALUE))
                .isInstanceOf(ProtocolException.class).hasMessageContaining("sequence id 5, expected 1");
    }

    @Test
    void rawPacketsCheckTheirFrameAndRewriteTheirSequenceId() {
        RawPacket p = RawPacket.of(4, new byte[] {1, 2});
        p.setSequenceId(9);
        assertThat(p.frame()).containsExactly(2, 0, 0, 9, 1, 2);
        assertThatThrownBy(() -> new RawPacket(new byte[] {5, 0, 0, 0, 1}))
                .isInstanceOf(ProtocolException.class).hasMessageContaining("declares 5");
    }

    static List<Integer> physicalLengths(byte[] wire) {
        List<Integer> out = new ArrayList<>();
        int pos = 0;
        while (pos < wire.length) {
            int n = (wire[pos] & 0xFF) | (wire[pos + 1] & 0xFF) << 8 | (wire[pos + 2] & 0xFF) << 16;
            out.add(n);
            pos += 4 + n;
        }
        return out;
    }

    private static final class CountingStream extends InputStream {
        private final byte[] bytes;
        int served;

        CountingStream(byte[] bytes) {
            this.bytes = bytes;
        }

        @Override
        public int read() {
            return served < bytes.length ? bytes[served++] & 0xFF : 0;
        }
    }
}
