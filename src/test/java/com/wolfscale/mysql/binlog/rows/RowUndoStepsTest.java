package com.wolfscale.mysql.binlog.rows;

import static org.assertj.core.api.Assertions.assertThat;

import com.wolfscale.mysql.ColumnType;
import com.wolfscale.mysql.binlog.BinlogEvent;
import com.wolfscale.mysql.binlog.EventType;
import com.wolfscale.mysql.binlog.rows.RowsFixtures.Column;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class RowUndoStepsTest {

    private static final List<Column> COLS = List.of(new Column(ColumnType.LONG, 0), new Column(ColumnType.VARCHAR, 20));
    private static final BinlogEvent MAP = RowsFixtures.tableMap(COLS);

    @Test
    void everyRowBecomesOneStepNewestFirstWithAProbeOfItsAfterImage() {
        byte[] present = RowsFixtures.allSet(2);
        BinlogEvent write = RowsFixtures.rows(EventType.WRITE_ROWS_V1, COLS, present, null, 2, 0, new Random(1)).event();
        BinlogEvent update = RowsFixtures.rows(EventType.UPDATE_ROWS_V1, COLS, present, present, 3,
                RowsEvent.STMT_END_F, new Random(2)).event();
        TableMapEvent map = TableMapEvent.decode(MAP, RowsFixtures.FDE);
        List<RowUndoSteps.Step> steps = RowUndoSteps.of(List.of(MAP, write, update), RowsFixtures.FDE, "wolfscale",
                (schema, table) -> "probe_" + table);
        assertThat(steps).hasSize(5);

        RowsEvent updates = RowsEvent.decode(update, RowsFixtures.FDE);
        List<RowChange> changed = RowImageScanner.scan(updates, map);
        RowUndoSteps.Step newest = steps.get(0);
        TableMapEvent probeMap = TableMapEvent.decode(newest.probe().orElseThrow().get(0), RowsFixtures.FDE);
        assertThat(probeMap.schema()).isEqualTo("wolfscale");
        assertThat(probeMap.table()).isEqualTo("probe_" + map.table());
        assertThat(probeMap.tableId()).isEqualTo(map.tableId());
        assertThat(probeMap.types()).isEqualTo(map.types());
        BinlogEvent probeRow = newest.probe().get().get(1);
        assertThat(probeRow.type()).isEqualTo(EventType.WRITE_ROWS_V1);
        RowsEvent probeRows = RowsEvent.decode(probeRow, RowsFixtures.FDE);
        assertThat(probeRows.endsStatement()).isTrue();
        assertThat(RowImageScanner.scan(probeRows, map)).singleElement()
                .satisfies(c -> assertThat(c.after().copyFrom(probeRow.bytes()))
                        .isEqualTo(changed.get(2).after().copyFrom(update.bytes())));

        BinlogEvent undo = newest.undo().get(1);
        RowsEvent undoRows = RowsEvent.decode(undo, RowsFixtures.FDE);
        assertThat(undo.type()).isEqualTo(EventType.UPDATE_ROWS_V1);
        RowChange undone = RowImageScanner.scan(undoRows, map).get(0);
        assertThat(undone.before().copyFrom(undo.bytes())).isEqualTo(changed.get(2).after().copyFrom(update.bytes()));
        assertThat(undone.after().copyFrom(undo.bytes())).isEqualTo(changed.get(2).before().copyFrom(update.bytes()));

        RowUndoSteps.Step oldest = steps.get(4);
        assertThat(oldest.undo().get(1).type()).isEqualTo(EventType.DELETE_ROWS_V1);
        List.of(probeRow, undo, oldest.undo().get(1), newest.probe().get().get(0)).forEach(BinlogEvent::verifyChecksum);
        assertThat(undo.header().eventSize()).isEqualTo(undo.bytes().length);
    }
}
