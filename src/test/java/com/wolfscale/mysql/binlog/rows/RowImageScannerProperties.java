package com.wolfscale.mysql.binlog.rows;

import static org.assertj.core.api.Assertions.assertThat;

import com.wolfscale.mysql.ProtocolException;
import com.wolfscale.mysql.binlog.BinlogEvent;
import com.wolfscale.mysql.binlog.EventHeader;
import com.wolfscale.mysql.binlog.EventType;
import com.wolfscale.mysql.binlog.rows.RowsFixtures.Built;
import com.wolfscale.mysql.binlog.rows.RowsFixtures.Column;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

/**
 * Random tables (every column type the scanner supports, with random metadata) and random rows: the scanner
 * finds exactly the images that were written, the inverter swaps and reverses them, inverting twice gives
 * the original bytes, and a truncated event is a {@link ProtocolException}.
 */
class RowImageScannerProperties {

    private static List<Column> table(Random r) {
        List<Column> cols = new ArrayList<>();
        int n = 1 + r.nextInt(12);
        for (int i = 0; i < n; i++) {
            cols.add(RowsFixtures.randomColumn(r));
        }
        return cols;
    }

    private static byte[] somePresent(Random r, int columns) {
        byte[] b = RowsFixtures.allSet(columns);
        if (r.nextBoolean()) {
            for (int i = 0; i < columns; i++) {
                if (r.nextInt(3) == 0) {
                    b[i / 8] &= (byte) ~(1 << (i % 8));
                }
            }
            b[0] |= 1; // at least one column
        }
        return b;
    }

    @Property(tries = 400)
    void scanFindsTheWrittenImagesAndInversionIsAnInvolution(@ForAll long seed,
            @ForAll @IntRange(min = 0, max = 2) int kindIndex, @ForAll @IntRange(min = 1, max = 6) int rowCount) {
        Random r = new Random(seed);
        List<Column> cols = table(r);
        TableMapEvent map = TableMapEvent.decode(RowsFixtures.tableMap(cols), RowsFixtures.FDE);
        assertThat(map.columnCount()).isEqualTo(cols.size());
        int type = new int[] {EventType.WRITE_ROWS_V1, EventType.UPDATE_ROWS_V1, EventType.DELETE_ROWS_V1}[kindIndex];
        byte[] present = somePresent(r, cols.size());
        byte[] after = type == EventType.UPDATE_ROWS_V1 ? somePresent(r, cols.size()) : null;
        Built built = RowsFixtures.rows(type, cols, present, after, rowCount, RowsEvent.STMT_END_F, r);
        RowsEvent rows = RowsEvent.decode(built.event(), RowsFixtures.FDE);

        List<RowChange> scanned = RowImageScanner.scan(rows, map);
        assertThat(images(scanned)).isEqualTo(built.images());

        BinlogEvent inverse = RowsEventInverter.invert(rows, map);
        assertThat(inverse.checksumMatches()).isTrue();
        assertThat(inverse.type()).isEqualTo(RowsEventInverter.inverseType(type));
        RowsEvent inverted = RowsEvent.decode(inverse, RowsFixtures.FDE);
        List<RowChange> undone = RowImageScanner.scan(inverted, map);
        assertThat(undone).hasSize(scanned.size());
        for (int i = 0; i < scanned.size(); i++) {
            RowChange original = scanned.get(scanned.size() - 1 - i);
            RowImage originalFirst = original.after() != null ? original.after() : original.before();
            RowImage originalSecond = type == EventType.UPDATE_ROWS_V1 ? original.before() : null;
            RowChange now = undone.get(i);
            RowImage nowFirst = now.before() != null ? now.before() : now.after();
            assertThat(nowFirst.copyFrom(inverse.bytes())).isEqualTo(originalFirst.copyFrom(built.event().bytes()));
            if (originalSecond != null) {
                assertThat(now.after().copyFrom(inverse.bytes())).isEqualTo(originalSecond.copyFrom(built.event().bytes()));
            }
        }
        assertThat(RowsEventInverter.invert(inverted, map).bytes()).isEqualTo(built.event().bytes());
    }

    @Property(tries = 300)
    void truncatedRowsAreProtocolErrorsOrFewerWholeRows(@ForAll long seed, @ForAll @IntRange(min = 1, max = 400) int cut) {
        Random r = new Random(seed);
        List<Column> cols = table(r);
        TableMapEvent map = TableMapEvent.decode(RowsFixtures.tableMap(cols), RowsFixtures.FDE);
        Built built = RowsFixtures.rows(EventType.WRITE_ROWS_V1, cols, RowsFixtures.allSet(cols.size()), null, 3, 1, r);
        byte[] b = built.event().bytes();
        int length = Math.max(EventHeader.LENGTH + 12, b.length - cut);
        byte[] shorter = Arrays.copyOf(b, length);
        for (int i = 0; i < 4; i++) {
            shorter[EventHeader.EVENT_SIZE_OFFSET + i] = (byte) (length >>> (8 * i));
        }
        BinlogEvent.recomputeChecksum(shorter);
        try {
            RowsEvent rows = RowsEvent.decode(BinlogEvent.of(shorter, true), RowsFixtures.FDE);
            List<RowChange> found = RowImageScanner.scan(rows, map);
            assertThat(found.size()).isLessThan(3);
            for (int i = 0; i < found.size(); i++) {
                assertThat(found.get(i).after()).isEqualTo(built.images().get(i));
            }
        } catch (ProtocolException expected) {
            assertThat(expected.getMessage()).isNotBlank();
        }
    }

    private static List<RowImage> images(List<RowChange> changes) {
        List<RowImage> out = new ArrayList<>();
        for (RowChange c : changes) {
            if (c.before() != null) {
                out.add(c.before());
            }
            if (c.after() != null) {
                out.add(c.after());
            }
        }
        return out;
    }
}
