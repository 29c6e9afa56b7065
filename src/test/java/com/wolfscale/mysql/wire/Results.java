package com.wolfscale.mysql.wire;

import com.wolfscale.mysql.Capabilities;
import com.wolfscale.mysql.ColumnType;
import com.wolfscale.mysql.PayloadReader;
import com.wolfscale.mysql.packet.ColumnCount;
import com.wolfscale.mysql.packet.ColumnDefinition41;
import com.wolfscale.mysql.packet.EofPacket;
import com.wolfscale.mysql.packet.ErrPacket;
import com.wolfscale.mysql.packet.OkPacket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Test-side decoding of a whole response into results, written independently of the tracker (it walks the
 * packets knowing the column counts) so the two can check each other.
 */
public final class Results {

    /** One result: a result set (columns, rows) or an OK, or the ERR that ended the response. */
    public record Result(List<ColumnDefinition41> columns, List<List<String>> rows, OkPacket ok, ErrPacket error) {
        public boolean isResultSet() {
            return columns != null;
        }
    }

    private Results() {
    }

    /** Decodes a text-protocol (binary = false) or binary-protocol response. */
    public static List<Result> decode(List<byte[]> packets, long caps, boolean binary) {
        boolean deprecateEof = Capabilities.has(caps, Capabilities.CLIENT_DEPRECATE_EOF);
        List<Result> out = new ArrayList<>();
        int i = 0;
        while (i < packets.size()) {
            byte[] p = packets.get(i++);
            int first = p[0] & 0xFF;
            if (first == 0x00) {
                out.add(new Result(null, null, OkPacket.decode(p, caps), null));
                continue;
            }
            if (first == 0xFF) {
                out.add(new Result(null, null, null, ErrPacket.decode(p)));
                continue;
            }
            int n = (int) ColumnCount.decode(p, caps).count();
            List<ColumnDefinition41> cols = new ArrayList<>();
            for (int c = 0; c < n; c++) {
                cols.add(ColumnDefinition41.decode(packets.get(i++), caps));
            }
            if (!deprecateEof) {
                EofPacket.decode(packets.get(i++));
            }
            List<List<String>> rows = new ArrayList<>();
            while (true) {
                byte[] r = packets.get(i++);
                if ((r[0] & 0xFF) == 0xFE && r.length < 0xFFFFFF) {
                    OkPacket end = deprecateEof ? OkPacket.decode(r, caps) : toOk(EofPacket.decode(r));
                    out.add(new Result(cols, rows, end, null));
                    break;
                }
                if ((r[0] & 0xFF) == 0xFF) {
                    out.add(new Result(cols, rows, null, ErrPacket.decode(r)));
                    break;
                }
                rows.add(binary ? binaryRow(r, cols) : textRow(r, n));
            }
        }
        return out;
    }

    private static OkPacket toOk(EofPacket eof) {
        return OkPacket.of(0, 0, eof.statusFlags(), eof.warnings());
    }

    static List<String> textRow(byte[] payload, int columns) {
        PayloadReader r = new PayloadReader("text row", payload);
        List<String> row = new ArrayList<>();
        for (int c = 0; c < columns; c++) {
            if (r.nextIsNull()) {
                r.skip(1);
                row.add(null);
            } else {
                row.add(new String(r.lenencBytes(), StandardCharsets.UTF_8));
            }
        }
        if (r.hasRemaining()) {
            throw new AssertionError("text row has " + r.remaining() + " bytes after its " + columns + " values");
        }
        return row;
    }

    /** Binary rows: 0x00, NULL bitmap with offset 2, values; only the types the tests use. */
    static List<String> binaryRow(byte[] payload, List<ColumnDefinition41> cols) {
        PayloadReader r = new PayloadReader("binary row", payload);
        if (r.u8() != 0) {
            throw new AssertionError("binary row header is not 0x00");
        }
        byte[] bitmap = r.bytes((cols.size() + 7 + 2) / 8);
        List<String> row = new ArrayList<>();
        for (int c = 0; c < cols.size(); c++) {
            int bit = c + 2;
            if ((bitmap[bit / 8] & (1 << (bit % 8))) != 0) {
                row.add(null);
                continue;
            }
            ColumnDefinition41 col = cols.get(c);
            boolean unsigned = (col.flags() & ColumnDefinition41.FLAG_UNSIGNED) != 0;
            row.add(switch (col.type()) {
                case ColumnType.TINY -> Long.toString(unsigned ? r.u8() : (byte) r.u8());
                case ColumnType.SHORT, ColumnType.YEAR -> Long.toString(unsigned ? r.u16() : (short) r.u16());
                case ColumnType.LONG, ColumnType.INT24 -> Long.toString(unsigned ? r.u32() : (int) r.u32());
                case ColumnType.LONGLONG -> unsigned ? Long.toUnsignedString(r.u64()) : Long.toString(r.u64());
                case ColumnType.DOUBLE -> Double.toString(Double.longBitsToDouble(r.u64()));
                default -> new String(r.lenencBytes(), StandardCharsets.UTF_8);
            });
        }
        return row;
    }
}
