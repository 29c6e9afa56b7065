package com.wolfscale.mysql.binlog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.wolfscale.mysql.ColumnType;
import com.wolfscale.mysql.Golden;
import com.wolfscale.mysql.ProtocolException;
import com.wolfscale.mysql.binlog.rows.RowChange;
import com.wolfscale.mysql.binlog.rows.RowImageScanner;
import com.wolfscale.mysql.binlog.rows.RowValues;
import com.wolfscale.mysql.binlog.rows.RowsEvent;
import com.wolfscale.mysql.binlog.rows.TableMapEvent;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Decoders against events captured from MariaDB 10.11's dump stream (see the golden file's header). */
class BinlogEventsTest {

    private static BinlogEvent golden(int i) {
        return BinlogEvent.of(Golden.event(i), true);
    }

    private static final FormatDescriptionEvent FDE = FormatDescriptionEvent.decode(golden(1));

    @Test
    void everyCapturedEventCarriesAValidChecksum() {
        for (int i = 0; i <= 18; i++) {
            assertThat(golden(i).checksumMatches()).as("event %d", i).isTrue();
        }
    }

    @Test
    void theFormatDescriptionChecksumExcludesTheInUseFlag() {
        BinlogEvent fde = golden(1);
        assertThat(fde.header().flags() & EventHeader.FLAG_BINLOG_IN_USE).as("the dump sends it cleared").isZero();
        byte[] inUse = fde.bytes().clone();
        inUse[EventHeader.FLAGS_OFFSET] |= EventHeader.FLAG_BINLOG_IN_USE; // as it is in the live file
        assertThat(BinlogEvent.of(inUse, true).checksumMatches()).isTrue();
        byte[] other = Golden.event(3);
        other[EventHeader.FLAGS_OFFSET] |= EventHeader.FLAG_BINLOG_IN_USE;
        assertThat(BinlogEvent.of(other, true).checksumMatches()).as("only the FDE is exempt").isFalse();
    }

    @Test
    void aFlippedBitFailsVerificationAndRecomputingRepairsIt() {
        byte[] b = Golden.event(7);
        b[30] ^= 0x01;
        BinlogEvent bad = BinlogEvent.of(b, true);
        assertThatThrownBy(bad::verifyChecksum).isInstanceOf(ProtocolException.class)
                .hasMessageContaining("checksum mismatch").hasMessageContaining("WRITE_ROWS_V1");
        BinlogEvent.recomputeChecksum(b);
        assertThat(BinlogEvent.of(b, true).checksumMatches()).isTrue();
        assertThatThrownBy(() -> BinlogEvent.of(java.util.Arrays.copyOf(b, 40), true))
                .isInstanceOf(ProtocolException.class).hasMessageContaining("declares");
    }

    @Test
    void formatDescription() {
        assertThat(FDE.binlogVersion()).isEqualTo(4);
        assertThat(FDE.serverVersion()).isEqualTo("10.11.19-MariaDB-0+deb12u1-log");
        assertThat(FDE.headerLength()).isEqualTo(19);
        assertThat(FDE.checksumAlgorithm()).isEqualTo(ChecksumAlgorithm.CRC32);
        assertThat(FDE.postHeaderLength(EventType.QUERY)).isEqualTo(13);
        assertThat(FDE.postHeaderLength(EventType.TABLE_MAP)).isEqualTo(8);
        assertThat(FDE.postHeaderLength(EventType.WRITE_ROWS_V1)).isEqualTo(8);
        assertThat(FDE.postHeaderLength(EventType.GTID)).isEqualTo(19);
        assertThat(FDE.postHeaderLengths().length).isGreaterThanOrEqualTo(EventType.DELETE_ROWS_COMPRESSED);
    }

    @Test
    void artificialRotateGtidListAndCheckpoint() {
        BinlogEvent rotate = golden(0);
        assertThat(rotate.header().isArtificial()).isTrue();
        assertThat(rotate.header().logPos()).isZero();
        assertThat(RotateEvent.decode(rotate)).isEqualTo(new RotateEvent(4, "binlog.000001"));
        assertThat(GtidListEvent.decode(golden(2)).gtids()).isEmpty();
        assertThat(BinlogCheckpointEvent.decode(golden(3)).file()).isEqualTo("binlog.000001");
        GtidListEvent start = GtidListEvent.decode(golden(4));
        assertThat(start.gtids()).contains(new Gtid(0, 101, 2));
    }

    @Test
    void gtidEventsOfDmlAndDdl() {
        GtidEvent dml = GtidEvent.decode(golden(5));
        assertThat(dml.gtid()).isEqualTo(Gtid.parse("0-101-3"));
        assertThat(dml.isTransactional()).isTrue();
        assertThat(dml.isStandalone()).isFalse();
        assertThat(dml.hasCommitId()).isFalse();
        GtidEvent ddl = GtidEvent.decode(golden(17));
        assertThat(ddl.gtid().sequence()).isEqualTo(6);
        assertThat(ddl.isStandalone()).isTrue();
        assertThat(ddl.isDdl()).isTrue();
        assertThat(XidEvent.decode(golden(8)).xid()).isPositive();
    }

    @Test
    void queryEventOfDdlWithItsSessionContext() {
        QueryEvent q = QueryEvent.decode(golden(18), FDE);
        assertThat(q.sql()).isEqualTo("ALTER TABLE g.t ADD COLUMN x INT");
        assertThat(q.errorCode()).isZero();
        QueryStatusVariables v = q.statusVariables();
        assertThat(v.unparsed()).isEmpty();
        assertThat(v.catalog()).contains("std");
        assertThat(v.charsets()).contains(new QueryStatusVariables.Charsets(45, 45, 45));
        assertThat(v.flags2()).isPresent();
        assertThat(v.sqlMode()).isPresent();
        assertThat(v.xid()).as("MariaDB logs atomic DDL with an xid").isPresent();
    }

    @Test
    void tableMapWithFullMetadata() {
        TableMapEvent map = TableMapEvent.decode(golden(6), FDE);
        assertThat(map.schema()).isEqualTo("g");
        assertThat(map.table()).isEqualTo("t");
        assertThat(map.types()).containsExactly(ColumnType.LONG, ColumnType.VARCHAR, ColumnType.NEWDECIMAL);
        assertThat(map.metadata()).containsExactly(0, 80, 10 << 8 | 2);
        assertThat(map.isNullable(0)).isFalse();
        assertThat(map.isNullable(1)).isTrue();
        assertThat(map.columnNames()).contains(List.of("id", "v", "n"));
        assertThat(map.primaryKey()).extracting(k -> k.column()).containsExactly(0);
        assertThat(map.collation(1)).hasValue(45);
        assertThat(map.collation(0)).isEmpty();
        assertThat(map.isUnsigned(2)).isFalse();
    }

    @Test
    void rowsEventsAreCutIntoTheirImages() {
        TableMapEvent map = TableMapEvent.decode(golden(6), FDE);
        RowsEvent write = RowsEvent.decode(golden(7), FDE);
        assertThat(write.kind()).isEqualTo(RowsEvent.Kind.WRITE);
        assertThat(write.endsStatement()).isTrue();
        List<RowChange> rows = RowImageScanner.scan(write, map);
        assertThat(rows).hasSize(2);
        byte[] b = write.event().bytes();
        byte[] first = rows.get(0).after().copyFrom(b);
        assertThat(first).containsExactly(0xF8, 1, 0, 0, 0, 3, 'o', 'n', 'e', 0x80, 0, 0, 1, 0x32);
        byte[] second = rows.get(1).after().copyFrom(b);
        assertThat(second[0] & 0xFF).as("NULL bitmap: v is NULL").isEqualTo(0xFA);

        RowsEvent update = RowsEvent.decode(golden(11), FDE);
        List<RowChange> changed = RowImageScanner.scan(update, map);
        assertThat(changed).hasSize(1);
        assertThat(changed.get(0).before()).isNotNull();
        assertThat(new String(changed.get(0).after().copyFrom(update.event().bytes()), 6, 3)).isEqualTo("uno");
        assertThat(RowImageScanner.scan(RowsEvent.decode(golden(15), FDE), map)).hasSize(1);
    }

    @Test
    void integerAndStringValuesCanBeDecoded() {
        TableMapEvent map = TableMapEvent.decode(golden(6), FDE);
        RowsEvent write = RowsEvent.decode(golden(7), FDE);
        List<RowChange> rows = RowImageScanner.scan(write, map);
        List<Object> first = RowValues.decode(write, rows.get(0).after(), true, map);
        assertThat(first.get(0)).isEqualTo(1L);
        assertThat(new String((byte[]) first.get(1))).isEqualTo("one");
        assertThat((byte[]) first.get(2)).containsExactly(0x80, 0, 0, 1, 0x32);
        List<Object> second = RowValues.decode(write, rows.get(1).after(), true, map);
        assertThat(second.get(0)).isEqualTo(2L);
        assertThat(second.get(1)).isNull();
        RowsEvent update = RowsEvent.decode(golden(11), FDE);
        RowChange change = RowImageScanner.scan(update, map).get(0);
        assertThat(new String((byte[]) RowValues.decode(update, change.after(), true, map).get(1))).isEqualTo("uno");
        assertThat(new String((byte[]) RowValues.decode(update, change.before(), false, map).get(1))).isEqualTo("one");
    }

    @Test
    void decodersCheckTheEventType() {
        assertThatThrownBy(() -> RotateEvent.decode(golden(5))).isInstanceOf(ProtocolException.class)
                .hasMessageContaining("expected a ROTATE event");
        assertThatThrownBy(() -> TableMapEvent.decode(golden(5), FDE)).isInstanceOf(ProtocolException.class);
    }
}
