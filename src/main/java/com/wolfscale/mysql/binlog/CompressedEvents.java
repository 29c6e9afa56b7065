package com.wolfscale.mysql.binlog;

import com.wolfscale.mysql.PayloadReader;
import com.wolfscale.mysql.ProtocolException;
import java.util.Arrays;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

/**
 * Turns MariaDB's compressed events ({@code log_bin_compress=ON}: QUERY_COMPRESSED 165, rows
 * 166-171) into their plain equivalents, as the server itself does before applying them. Only the tail is
 * compressed — the SQL text of a query, the row images of a rows event:
 *
 * <pre>
 * size     | field
 * ---------+----------------------------------------------------------------------
 * 1        | 0x80 | n: bit 7 set, bits 4-6 algorithm (0 = zlib), bits 0-2 n = 1..4
 * n        | uncompressed length, big-endian
 * rest     | zlib stream
 * </pre>
 *
 * The result keeps header fields other than type and size, and gets a fresh checksum. Stateless and
 * thread-safe.
 */
public final class CompressedEvents {

    /** No event is larger than max_allowed_packet's maximum, 1 GiB. */
    public static final int MAX_UNCOMPRESSED = 1 << 30;

    private CompressedEvents() {
    }

    /** The plain equivalent of a compressed event, or the event itself when it is not compressed. */
    public static BinlogEvent decompress(BinlogEvent event, FormatDescriptionEvent fde) {
        int type = event.type();
        if (!EventType.isCompressed(type)) {
            return event;
        }
        int start = compressedStart(event, fde);
        int plainType = switch (type) {
            case EventType.QUERY_COMPRESSED -> EventType.QUERY;
            case EventType.WRITE_ROWS_COMPRESSED_V1, EventType.UPDATE_ROWS_COMPRESSED_V1,
                    EventType.DELETE_ROWS_COMPRESSED_V1 -> type - EventType.WRITE_ROWS_COMPRESSED_V1 + EventType.WRITE_ROWS_V1;
            default -> type - EventType.WRITE_ROWS_COMPRESSED + EventType.WRITE_ROWS_V2;
        };
        int end = event.bytes().length - (event.checksummed() ? BinlogEvent.CHECKSUM_LENGTH : 0);
        byte[] plain = inflate(event.bytes(), start, end, event);
        int trailer = event.checksummed() ? BinlogEvent.CHECKSUM_LENGTH : 0;
        long size = (long) start + plain.length + trailer;
        if (size > MAX_UNCOMPRESSED) {
            throw new ProtocolException("decompressed event of " + size + " bytes exceeds 1 GiB: " + event);
        }
        byte[] out = Arrays.copyOf(event.bytes(), (int) size);
        System.arraycopy(plain, 0, out, start, plain.length);
        out[EventHeader.TYPE_OFFSET] = (byte) plainType;
        for (int i = 0; i < 4; i++) {
            out[EventHeader.EVENT_SIZE_OFFSET + i] = (byte) (size >>> (8 * i));
        }
        if (event.checksummed()) {
            BinlogEvent.recomputeChecksum(out);
        }
        return BinlogEvent.of(out, event.checksummed());
    }

    private static int compressedStart(BinlogEvent event, FormatDescriptionEvent fde) {
        PayloadReader r = event.body();
        int type = event.type();
        int postHeader = fde.postHeaderLength(type);
        if (type == EventType.QUERY_COMPRESSED) {
            r.skip(8);
            int schemaLength = r.u8();
            r.skip(2);
            int status = r.u16();
            r.skip(Math.max(0, postHeader - 13) + status + schemaLength + 1);
            return r.arrayOffset();
        }
        r.skip(postHeader == 6 ? 6 : 8);
        if (postHeader == 10) {
            int extra = r.u16();
            r.skip(Math.max(0, extra - 2));
        }
        long columns = r.lenencInt();
        if (columns <= 0 || columns > 4096) {
            throw r.fail("column count " + columns + " is not a table width");
        }
        int bitmaps = type == EventType.UPDATE_ROWS_COMPRESSED_V1 || type == EventType.UPDATE_ROWS_COMPRESSED ? 2 : 1;
        r.skip(bitmaps * (int) ((columns + 7) / 8));
        return r.arrayOffset();
    }

    private static byte[] inflate(byte[] b, int start, int end, BinlogEvent event) {
        PayloadReader r = new PayloadReader("compressed record of " + event, b, start, end - start);
        int head = r.u8();
        int lengthBytes = head & 0x07;
        if ((head & 0xF0) != 0x80 || lengthBytes < 1 || lengthBytes > 4) {
            throw r.fail(String.format("compressed record header 0x%02X is not zlib with 1-4 length bytes", head));
        }
        long length = r.uBigEndian(lengthBytes);
        if (length > MAX_UNCOMPRESSED) {
            throw r.fail("declared uncompressed length " + length + " exceeds 1 GiB");
        }
        Inflater inflater = new Inflater();
        try {
            inflater.setInput(b, r.arrayOffset(), r.remaining());
            byte[] out = new byte[(int) Math.min(length, 1 << 16)];
            int n = 0;
            while (n < length) {
                if (n == out.length) {
                    out = Arrays.copyOf(out, (int) Math.min(length, (long) out.length * 2));
                }
                int got = inflater.inflate(out, n, out.length - n);
                if (got == 0 && (inflater.finished() || inflater.needsInput() || inflater.needsDictionary())) {
                    break;
                }
                n += got;
            }
            if (n != length || !inflater.finished()) {
                throw r.fail("zlib data inflated to " + n + " bytes, header declared " + length);
            }
            return out;
        } catch (DataFormatException e) {
            throw new ProtocolException("corrupt zlib data in " + event + ": " + e.getMessage(), e);
        } finally {
            inflater.end();
        }
    }
}
