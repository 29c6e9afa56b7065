package com.wolfscale.mysql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class PayloadReaderTest {

    @Test
    void lengthEncodedIntegersAtEachBoundary() {
        assertThat(read(0xFA).lenencInt()).isEqualTo(250);
        assertThat(read(0xFC, 0xFB, 0x00).lenencInt()).isEqualTo(251);
        assertThat(read(0xFD, 0x00, 0x00, 0x01).lenencInt()).isEqualTo(1 << 16);
        assertThat(read(0xFE, 0, 0, 0, 1, 0, 0, 0, 0).lenencInt()).isEqualTo(1L << 24);
        assertThat(read(0xFE, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF).lenencInt()).isEqualTo(-1L);
    }

    @Test
    void invalidPrefixesAndNullMarkersAreProtocolErrors() {
        assertThatThrownBy(() -> read(0xFF).lenencInt()).isInstanceOf(ProtocolException.class)
                .hasMessageContaining("0xFF");
        assertThatThrownBy(() -> read(0xFB).lenencInt()).isInstanceOf(ProtocolException.class)
                .hasMessageContaining("NULL marker");
        assertThat(read(0xFB).nextIsNull()).isTrue();
    }

    @Test
    void truncatedReadsNameWhatWhereAndHowMuch() {
        assertThatThrownBy(() -> new PayloadReader("OK packet", new byte[] {1, 2, 3}).u32())
                .isInstanceOf(ProtocolException.class)
                .hasMessage("OK packet: truncated: needs 4 more bytes, 3 left (at offset 0 of 3 bytes)");
        assertThatThrownBy(() -> read(0x05, 'a', 'b').lenencBytes()).isInstanceOf(ProtocolException.class)
                .hasMessageContaining("length 5 exceeds the 2 bytes left");
        assertThatThrownBy(() -> read('a', 'b').nulString()).isInstanceOf(ProtocolException.class)
                .hasMessageContaining("no terminator");
    }

    @Test
    void aCursorStaysInsideItsRange() {
        byte[] b = {9, 1, 2, 3, 9};
        PayloadReader r = new PayloadReader("slice", b, 1, 3);
        assertThat(r.u24()).isEqualTo(0x030201);
        assertThat(r.hasRemaining()).isFalse();
        assertThatThrownBy(r::u8).isInstanceOf(ProtocolException.class);
        assertThatThrownBy(() -> new PayloadReader("bad", b, 3, 5)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void bigEndianLengthsForCompressedRecords() {
        assertThat(read(0x01, 0x02, 0x03).uBigEndian(3)).isEqualTo(0x010203);
    }

    private static PayloadReader read(int... bytes) {
        byte[] b = new byte[bytes.length];
        for (int i = 0; i < bytes.length; i++) {
            b[i] = (byte) bytes[i];
        }
        return new PayloadReader("test", b);
    }
}
