package com.wolfscale.mysql.binlog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.wolfscale.mysql.Golden;
import com.wolfscale.mysql.PayloadWriter;
import com.wolfscale.mysql.ProtocolException;
import com.wolfscale.mysql.binlog.rows.RowsEvent;
import java.io.ByteArrayOutputStream;
import java.util.Arrays;
import java.util.zip.Deflater;
import org.junit.jupiter.api.Test;

class CompressedEventsTest {

    private static final FormatDescriptionEvent FDE = FormatDescriptionEvent.decode(BinlogEvent.of(Golden.event(1), true));

    /** MariaDB's compressed record: 0x80 | n, length big-endian in n bytes, zlib data. */
    static byte[] record(byte[] plain) {
        Deflater d = new Deflater();
        d.setInput(plain);
        d.finish();
        ByteArrayOutputStream z = new ByteArrayOutputStream();
        byte[] buf = new byte[4096];
        while (!d.finished()) {
            z.write(buf, 0, d.deflate(buf));
        }
        d.end();
        int n = plain.length > 0xFFFF ? 3 : plain.length > 0xFF ? 2 : 1;
        PayloadWriter w = new PayloadWriter().u8(0x80 | n);
        for (int i = n - 1; i >= 0; i--) {
            w.u8(plain.length >>> (8 * i));
        }
        return w.bytes(z.toByteArray()).toByteArray();
    }

    /** The compressed form of an event whose tail starts at {@code start}. */
    static BinlogEvent compress(BinlogEvent plain, int start, int compressedType) {
        byte[] b = plain.bytes();
        byte[] tail = Arrays.copyOfRange(b, start, b.length - BinlogEvent.CHECKSUM_LENGTH);
        byte[] out = new PayloadWriter().bytes(b, 0, start).bytes(record(tail)).zeros(BinlogEvent.CHECKSUM_LENGTH)
                .toByteArray();
        out[EventHeader.TYPE_OFFSET] = (byte) compressedType;
        for (int i = 0; i < 4; i++) {
            out[EventHeader.EVENT_SIZE_OFFSET + i] = (byte) (out.length >>> (8 * i));
        }
        BinlogEvent.recomputeChecksum(out);
        return BinlogEvent.of(out, true);
    }

    @Test
    void compressedRowsDecompressToTheOriginalEventByteForByte() {
        BinlogEvent write = BinlogEvent.of(Golden.event(7), true);
        int start = RowsEvent.decode(write, FDE).rowsOffset();
        BinlogEvent compressed = compress(write, start, EventType.WRITE_ROWS_COMPRESSED_V1);
        BinlogEvent restored = CompressedEvents.decompress(compressed, FDE);
        assertThat(restored.type()).isEqualTo(EventType.WRITE_ROWS_V1);
        assertThat(restored.bytes()).isEqualTo(write.bytes());
        assertThat(restored.checksumMatches()).isTrue();
    }

    @Test
    void compressedQueryDecompressesToAQueryEvent() {
        byte[] sql = "CREATE TABLE t (x INT) -- padded to be worth compressing ".repeat(20).getBytes();
        byte[] head = new PayloadWriter().u32(1).u32(0).u8(1).u16(0).u16(0).string("d").u8(0).toByteArray();
        BinlogEvent plain = TestEvents.event(EventType.QUERY, new PayloadWriter().bytes(head).bytes(sql).toByteArray());
        BinlogEvent compressed = compress(plain, EventHeader.LENGTH + head.length, EventType.QUERY_COMPRESSED);
        assertThat(compressed.bytes().length).isLessThan(plain.bytes().length);
        BinlogEvent restored = CompressedEvents.decompress(compressed, FDE);
        assertThat(QueryEvent.decode(restored, FDE).sqlBytes()).isEqualTo(sql);
        assertThat(CompressedEvents.decompress(plain, FDE)).isSameAs(plain);
    }

    @Test
    void corruptRecordsAreProtocolErrors() {
        byte[] head = new PayloadWriter().u32(1).u32(0).u8(0).u16(0).u16(0).u8(0).toByteArray();
        byte[] lying = new PayloadWriter().bytes(head).bytes(record("abc".getBytes())).toByteArray();
        lying[head.length + 1] = 9; // declared length 9, data inflates to 3
        assertThatThrownBy(() -> CompressedEvents.decompress(TestEvents.event(EventType.QUERY_COMPRESSED, lying), FDE))
                .isInstanceOf(ProtocolException.class).hasMessageContaining("declared 9");
        byte[] garbage = new PayloadWriter().bytes(head).u8(0x81).u8(3).bytes(new byte[] {1, 2, 3}).toByteArray();
        assertThatThrownBy(() -> CompressedEvents.decompress(TestEvents.event(EventType.QUERY_COMPRESSED, garbage), FDE))
                .isInstanceOf(ProtocolException.class);
        byte[] notZlib = new PayloadWriter().bytes(head).u8(0x91).u8(3).toByteArray();
        assertThatThrownBy(() -> CompressedEvents.decompress(TestEvents.event(EventType.QUERY_COMPRESSED, notZlib), FDE))
                .isInstanceOf(ProtocolException.class).hasMessageContaining("not zlib");
    }
}
