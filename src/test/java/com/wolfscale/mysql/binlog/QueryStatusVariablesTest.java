package com.wolfscale.mysql.binlog;

import static org.assertj.core.api.Assertions.assertThat;

import com.wolfscale.mysql.PayloadReader;
import com.wolfscale.mysql.PayloadWriter;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Every status variable, written by hand from the format table (MySQL's codes 12-20 and MariaDB's 128-130). */
class QueryStatusVariablesTest {

    @Test
    void everyKnownCodeIsParsedToItsValue() {
        byte[] block = new PayloadWriter()
                .u8(0).u32(0x0408_4000L)
                .u8(1).u64(0x0000_0002_0000_0001L)
                .u8(2).u8(3).string("old").u8(0)
                .u8(3).u16(2).u16(1)
                .u8(4).u16(33).u16(45).u16(8)
                .u8(5).u8(6).string("+02:00")
                .u8(6).u8(3).string("std")
                .u8(7).u16(5)
                .u8(8).u16(46)
                .u8(9).u64(3)
                .u8(10).u32(999)
                .u8(11).u8(4).string("root").u8(9).string("localhost")
                .u8(12).u8(2).nulString("a").nulString("bb")
                .u8(13).u24(123456)
                .u8(16).u8(1)
                .u8(17).u64(77)
                .u8(18).u16(255)
                .u8(19).u8(1)
                .u8(20).u8(0)
                .u8(128).u24(654321)
                .u8(129).u64(88)
                .u8(130).u8(GtidEvent.FL_COMMIT_ALTER).u64(41)
                .toByteArray();
        QueryStatusVariables v = QueryStatusVariables.decode(new PayloadReader("block", block));
        assertThat(v.unparsed()).isEmpty();
        assertThat(v.codes()).hasSize(22);
        assertThat(v.flags2()).hasValue(0x0408_4000L);
        assertThat(v.sqlMode()).hasValue(0x0000_0002_0000_0001L);
        assertThat(v.catalog()).contains("std");
        assertThat(v.autoIncrementIncrement()).hasValue(2);
        assertThat(v.autoIncrementOffset()).hasValue(1);
        assertThat(v.charsets()).contains(new QueryStatusVariables.Charsets(33, 45, 8));
        assertThat(v.timeZone()).contains("+02:00");
        assertThat(v.lcTimeNames()).hasValue(5);
        assertThat(v.charsetDatabase()).hasValue(46);
        assertThat(v.tableMapForUpdate()).hasValue(3);
        assertThat(v.masterDataWritten()).hasValue(999);
        assertThat(v.invoker()).contains(new QueryStatusVariables.Invoker("root", "localhost"));
        assertThat(v.updatedDbNames()).contains(List.of("a", "bb"));
        assertThat(v.microseconds()).hasValue(123456);
        assertThat(v.explicitDefaultsForTimestamp()).hasValue(1);
        assertThat(v.ddlLoggedWithXid()).hasValue(77);
        assertThat(v.defaultCollationForUtf8mb4()).hasValue(255);
        assertThat(v.sqlRequirePrimaryKey()).hasValue(1);
        assertThat(v.defaultTableEncryption()).hasValue(0);
        assertThat(v.hrnow()).hasValue(654321);
        assertThat(v.xid()).hasValue(88);
        assertThat(v.gtidFlags3()).hasValue(GtidEvent.FL_COMMIT_ALTER);
        assertThat(v.startAlterSequence()).hasValue(41);
    }

    @Test
    void tooManyDatabasesAreListedAsNone() {
        byte[] block = new PayloadWriter().u8(12).u8(QueryStatusVariables.OVER_MAX_DBS_IN_EVENT).u8(13).u24(1)
                .toByteArray();
        QueryStatusVariables v = QueryStatusVariables.decode(new PayloadReader("block", block));
        assertThat(v.updatedDbNames()).contains(List.of());
        assertThat(v.microseconds()).hasValue(1);
    }

    @Test
    void anUnknownCodeEndsParsingAndKeepsTheRest() {
        for (int unknown : new int[] {14, 15, 21, 127, 131}) {
            byte[] block = new PayloadWriter().u8(0).u32(1).u8(unknown).u8(9).u8(9).toByteArray();
            QueryStatusVariables v = QueryStatusVariables.decode(new PayloadReader("block", block));
            assertThat(v.flags2()).hasValue(1);
            assertThat(v.unparsed()).containsExactly(unknown, 9, 9);
        }
    }

    @Test
    void aQueryEventKeepsSchemaAndStatementApart() {
        byte[] status = new PayloadWriter().u8(5).u8(3).string("UTC").toByteArray();
        byte[] body = new PayloadWriter().u32(77).u32(2).u8(4).u16(0).u16(status.length).bytes(status)
                .string("shop").u8(0).string("INSERT INTO t VALUES ('é')").toByteArray();
        BinlogEvent e = TestEvents.event(EventType.QUERY, body);
        QueryEvent q = QueryEvent.decode(e, FormatDescriptionEvent.mariadbDefault(ChecksumAlgorithm.CRC32));
        assertThat(q.threadId()).isEqualTo(77);
        assertThat(q.executionTime()).isEqualTo(2);
        assertThat(q.schema()).isEqualTo("shop");
        assertThat(q.sql()).isEqualTo("INSERT INTO t VALUES ('é')");
        assertThat(q.statusVariables().timeZone()).contains("UTC");
    }
}
