package com.wolfscale.mysql.binlog.rows;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.wolfscale.mysql.ColumnType;
import com.wolfscale.mysql.PayloadWriter;
import com.wolfscale.mysql.binlog.BinlogEvent;
import com.wolfscale.mysql.binlog.EventType;
import com.wolfscale.mysql.binlog.TestEvents;
import com.wolfscale.mysql.binlog.rows.RowsFixtures.Column;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class RowsEventInverterTest {

    private static final List<Column> COLS = List.of(new Column(ColumnType.LONG, 0), new Column(ColumnType.VARCHAR, 20));
    private static final BinlogEvent MAP = RowsFixtures.tableMap(COLS);

    private static BinlogEvent rows(int type, int flags, long seed) {
        byte[] present = RowsFixtures.allSet(2);
        return RowsFixtures.rows(type, COLS, present, type == EventType.UPDATE_ROWS_V1 ? present : null, 2, flags,
                new Random(seed)).event();
    }

    private static BinlogEvent query(String sql) {
        return TestEvents.event(EventType.QUERY, new PayloadWriter().u32(1).u32(0).u8(0).u16(0).u16(0).u8(0)
                .string(sql).toByteArray());
    }

    private static int flags(BinlogEvent e) {
        return RowsEvent.decode(e, RowsFixtures.FDE).flags();
    }

    @Test
    void aTransactionIsUndoneStatementByStatementNewestFirstWithItsOwnTableMaps() {
        BinlogEvent w1 = rows(EventType.WRITE_ROWS_V1, 0, 1);
        BinlogEvent w2 = rows(EventType.WRITE_ROWS_V1, RowsEvent.STMT_END_F, 2);
        BinlogEvent u = rows(EventType.UPDATE_ROWS_V1, RowsEvent.STMT_END_F, 3);
        List<BinlogEvent> txn = List.of(TestEvents.event(EventType.GTID, new byte[13]), query("BEGIN"), MAP, w1, w2,
                TestEvents.event(EventType.ANNOTATE_ROWS, "UPDATE".getBytes()), MAP, u, query("COMMIT"));
        List<BinlogEvent> inverse = RowsEventInverter.invertTransaction(txn, RowsFixtures.FDE);
        assertThat(inverse).extracting(BinlogEvent::type).containsExactly(EventType.TABLE_MAP, EventType.UPDATE_ROWS_V1,
                EventType.TABLE_MAP, EventType.DELETE_ROWS_V1, EventType.DELETE_ROWS_V1);
        assertThat(flags(inverse.get(1)) & RowsEvent.STMT_END_F).isOne();
        assertThat(flags(inverse.get(3)) & RowsEvent.STMT_END_F).as("was last, now first: not the end").isZero();
        assertThat(flags(inverse.get(4)) & RowsEvent.STMT_END_F).isOne();
        TableMapEvent map = TableMapEvent.decode(MAP, RowsFixtures.FDE);
        RowsEvent undoW2 = RowsEvent.decode(inverse.get(3), RowsFixtures.FDE);
        RowsEvent w2rows = RowsEvent.decode(w2, RowsFixtures.FDE);
        assertThat(RowImageScanner.scan(undoW2, map).get(0).before().copyFrom(inverse.get(3).bytes()))
                .isEqualTo(RowImageScanner.scan(w2rows, map).get(1).after().copyFrom(w2.bytes()));
        inverse.forEach(BinlogEvent::verifyChecksum);
    }

    @Test
    void statementEventsCannotBeInverted() {
        assertThatThrownBy(() -> RowsEventInverter.invertTransaction(List.of(query("ALTER TABLE t ADD x INT")),
                RowsFixtures.FDE)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("statement-format");
        assertThatThrownBy(() -> RowsEventInverter.invertTransaction(List.of(rows(EventType.WRITE_ROWS_V1, 1, 4)),
                RowsFixtures.FDE)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no TABLE_MAP");
        BinlogEvent compressed = TestEvents.event(EventType.WRITE_ROWS_COMPRESSED_V1, new byte[12]);
        assertThatThrownBy(() -> RowsEventInverter.invertTransaction(List.of(MAP, compressed), RowsFixtures.FDE))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("decompress");
    }
}
