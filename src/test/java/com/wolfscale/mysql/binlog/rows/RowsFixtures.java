package com.wolfscale.mysql.binlog.rows;

import com.wolfscale.mysql.ColumnType;
import com.wolfscale.mysql.PayloadWriter;
import com.wolfscale.mysql.binlog.BinlogEvent;
import com.wolfscale.mysql.binlog.ChecksumAlgorithm;
import com.wolfscale.mysql.binlog.EventType;
import com.wolfscale.mysql.binlog.FormatDescriptionEvent;
import com.wolfscale.mysql.binlog.TestEvents;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Random tables and rows, encoded independently of the scanner: each column knows how to write a value of
 * its type, so the expected image boundaries are known.
 */
final class RowsFixtures {

    static final FormatDescriptionEvent FDE = FormatDescriptionEvent.mariadbDefault(ChecksumAlgorithm.CRC32);
    static final long TABLE_ID = 70;

    /** A column type with its metadata; {@link #value} writes one random value of it. */
    record Column(int type, int meta) {
        void value(Random r, PayloadWriter w) {
            switch (type) {
                case ColumnType.TINY, ColumnType.YEAR -> random(r, w, 1);
                case ColumnType.SHORT -> random(r, w, 2);
                case ColumnType.INT24, ColumnType.DATE, ColumnType.TIME -> random(r, w, 3);
                case ColumnType.LONG, ColumnType.TIMESTAMP, ColumnType.FLOAT -> random(r, w, 4);
                case ColumnType.LONGLONG, ColumnType.DATETIME, ColumnType.DOUBLE -> random(r, w, 8);
                case ColumnType.TIMESTAMP2 -> random(r, w, 4 + (meta + 1) / 2);
                case ColumnType.DATETIME2 -> random(r, w, 5 + (meta + 1) / 2);
                case ColumnType.TIME2 -> random(r, w, 3 + (meta + 1) / 2);
                case ColumnType.NEWDECIMAL -> random(r, w, ColumnFormat.decimalBinarySize(meta >> 8, meta & 0xFF));
                case ColumnType.BIT -> random(r, w, (meta >> 8) + ((meta & 0xFF) > 0 ? 1 : 0));
                case ColumnType.VARCHAR -> prefixed(r, w, meta > 255 ? 2 : 1, Math.min(meta, 300));
                case ColumnType.BLOB, ColumnType.GEOMETRY -> prefixed(r, w, meta, meta == 1 ? 255 : 300);
                case ColumnType.STRING -> {
                    int real = ColumnFormat.realType(type, meta);
                    if (real == ColumnType.ENUM || real == ColumnType.SET) {
                        random(r, w, meta & 0xFF);
                    } else {
                        int max = ColumnFormat.stringMaxLength(meta);
                        prefixed(r, w, max > 255 ? 2 : 1, Math.min(max, 300));
                    }
                }
                default -> throw new IllegalStateException("no generator for " + type);
            }
        }

        private static void random(Random r, PayloadWriter w, int n) {
            byte[] b = new byte[n];
            r.nextBytes(b);
            w.bytes(b);
        }

        private static void prefixed(Random r, PayloadWriter w, int prefix, int max) {
            int n = r.nextInt(max + 1);
            w.uLittleEndian(n, prefix);
            random(r, w, n);
        }
    }

    private RowsFixtures() {
    }

    static Column randomColumn(Random r) {
        return switch (r.nextInt(18)) {
            case 0 -> new Column(ColumnType.TINY, 0);
            case 1 -> new Column(ColumnType.SHORT, 0);
            case 2 -> new Column(ColumnType.INT24, 0);
            case 3 -> new Column(ColumnType.LONGLONG, 0);
            case 4 -> new Column(ColumnType.DOUBLE, 8);
            case 5 -> new Column(ColumnType.FLOAT, 4);
            case 6 -> new Column(new int[] {ColumnType.TIMESTAMP2, ColumnType.DATETIME2, ColumnType.TIME2}[r.nextInt(3)],
                    r.nextInt(7));
            case 7 -> {
                int p = 1 + r.nextInt(65);
                yield new Column(ColumnType.NEWDECIMAL, p << 8 | r.nextInt(Math.min(p, 30) + 1));
            }
            case 8 -> new Column(ColumnType.BIT, r.nextInt(9) << 8 | (r.nextInt(8) == 0 ? 1 : r.nextInt(8)));
            case 9 -> new Column(ColumnType.VARCHAR, 1 + r.nextInt(2000));
            case 10 -> new Column(ColumnType.BLOB, 1 + r.nextInt(4));
            case 11 -> new Column(ColumnType.GEOMETRY, 4);
            case 12 -> {
                int max = 1 + r.nextInt(1020);
                yield new Column(ColumnType.STRING, (0xFE ^ ((max >> 4) & 0x30)) << 8 | (max & 0xFF));
            }
            case 13 -> new Column(ColumnType.STRING, 0xF7 << 8 | (1 + r.nextInt(2)));
            case 14 -> new Column(ColumnType.STRING, 0xF8 << 8 | (1 + r.nextInt(8)));
            case 15 -> new Column(new int[] {ColumnType.DATE, ColumnType.YEAR, ColumnType.TIME}[r.nextInt(3)], 0);
            case 16 -> new Column(ColumnType.LONG, 0);
            default -> new Column(new int[] {ColumnType.TIMESTAMP, ColumnType.DATETIME}[r.nextInt(2)], 0);
        };
    }

    static BinlogEvent tableMap(List<Column> columns) {
        PayloadWriter meta = new PayloadWriter();
        columns.forEach(c -> ColumnFormat.writeMetadata(c.type(), c.meta(), meta));
        PayloadWriter w = new PayloadWriter().u48(TABLE_ID).u16(1).u8(2).string("db").u8(0).u8(1).string("t").u8(0)
                .lenencInt(columns.size());
        columns.forEach(c -> w.u8(c.type()));
        w.lenencBytes(meta.toByteArray()).bytes(allSet(columns.size()));
        return TestEvents.event(EventType.TABLE_MAP, w.toByteArray());
    }

    static byte[] allSet(int columns) {
        byte[] b = new byte[(columns + 7) / 8];
        for (int i = 0; i < columns; i++) {
            b[i / 8] |= (byte) (1 << (i % 8));
        }
        return b;
    }

    /** A rows event and the (offset, length) of every image it holds, in order. */
    record Built(BinlogEvent event, List<RowImage> images) {
    }

    static Built rows(int type, List<Column> columns, byte[] present, byte[] presentAfter, int rowCount, int flags,
            Random r) {
        PayloadWriter w = new PayloadWriter().u48(TABLE_ID).u16(flags).lenencInt(columns.size()).bytes(present);
        if (presentAfter != null) {
            w.bytes(presentAfter);
        }
        int bodyStart = 19 + w.size();
        List<int[]> spans = new ArrayList<>();
        for (int i = 0; i < rowCount; i++) {
            spans.add(image(w, columns, present, r));
            if (presentAfter != null) {
                spans.add(image(w, columns, presentAfter, r));
            }
        }
        BinlogEvent e = TestEvents.event(type, w.toByteArray());
        List<RowImage> images = new ArrayList<>();
        int base = bodyStart - 19;
        for (int[] s : spans) {
            images.add(new RowImage(19 + s[0], s[1]));
        }
        if (bodyStart != 19 + base) {
            throw new IllegalStateException();
        }
        return new Built(e, images);
    }

    private static int[] image(PayloadWriter w, List<Column> columns, byte[] present, Random r) {
        int start = w.size();
        int presentCount = 0;
        for (int c = 0; c < columns.size(); c++) {
            presentCount += RowImageScanner.isSet(present, c) ? 1 : 0;
        }
        byte[] nulls = new byte[(presentCount + 7) / 8];
        for (int k = 0; k < presentCount; k++) {
            if (r.nextInt(4) == 0) {
                nulls[k / 8] |= (byte) (1 << (k % 8));
            }
        }
        w.bytes(nulls);
        int k = 0;
        for (int c = 0; c < columns.size(); c++) {
            if (!RowImageScanner.isSet(present, c)) {
                continue;
            }
            boolean isNull = (nulls[k / 8] & (1 << (k % 8))) != 0;
            k++;
            if (!isNull) {
                columns.get(c).value(r, w);
            }
        }
        return new int[] {start, w.size() - start};
    }
}
