package com.wolfscale.wal.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.wolfscale.common.Epoch;
import com.wolfscale.common.Lsn;
import com.wolfscale.wal.WalRecord;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class TailCacheTest {

    private static List<WalRecord> records(long from, int n, int payload) {
        List<WalRecord> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(new WalRecord(Lsn.of(from + i), Epoch.of(1), 0, (byte) 1, new byte[payload]));
        }
        return out;
    }

    private static List<Long> lsns(List<WalRecord> rs) {
        return rs == null ? null : rs.stream().map(r -> r.lsn().value()).toList();
    }

    @Test
    void servesOnlyWhatItHoldsAndNeverBeyondTheReadersView() {
        TailCache c = new TailCache(1 << 20);
        c.clear(10);
        c.add(records(11, 5, 10));
        assertThat(c.read(10, 15, 100, 1000)).isNull(); // before the cache: the segments answer
        assertThat(lsns(c.read(11, 15, 100, 1000))).containsExactly(11L, 12L, 13L, 14L, 15L);
        assertThat(lsns(c.read(12, 13, 100, 1000))).containsExactly(12L, 13L); // a view that ends at 13
        assertThat(lsns(c.read(12, 15, 2, 1000))).containsExactly(12L, 13L);
        assertThat(lsns(c.read(11, 15, 100, 25))).containsExactly(11L, 12L); // byte budget
        assertThat(lsns(c.read(11, 15, 100, 1))).containsExactly(11L); // the first record always comes
        assertThat(c.read(16, 20, 100, 1000)).isNull();
    }

    @Test
    void boundsRecordsAndBytesByDroppingTheOldest() {
        TailCache c = new TailCache(1000);
        c.clear(0);
        c.add(records(1, 30, 100));
        assertThat(c.read(20, 30, 100, 1 << 20)).isNull();
        assertThat(lsns(c.read(21, 30, 100, 1 << 20))).hasSize(10).startsWith(21L).endsWith(30L);
        TailCache many = new TailCache(1 << 20);
        many.clear(0);
        many.add(records(1, TailCache.MAX_RECORDS + 7, 0));
        assertThat(many.read(7, Long.MAX_VALUE, 10, 100)).isNull();
        assertThat(lsns(many.read(8, Long.MAX_VALUE, 1, 100))).containsExactly(8L);
    }

    @Test
    void truncationCutsTheRunAndARunThatDoesNotContinueReplacesIt() {
        TailCache c = new TailCache(1 << 20);
        c.clear(0);
        c.add(records(1, 10, 1));
        c.truncateAfter(6);
        assertThat(lsns(c.read(5, 10, 100, 100))).containsExactly(5L, 6L);
        assertThat(c.read(7, 10, 100, 100)).isNull();
        c.add(records(7, 2, 2)); // the new leader's records at the truncated positions
        assertThat(c.read(7, 10, 100, 100)).extracting(r -> r.payload().length).containsExactly(2, 2);
        c.truncateAfter(0);
        assertThat(c.read(1, 10, 100, 100)).isNull();
        c.add(records(1, 1, 3));
        assertThat(lsns(c.read(1, 10, 100, 100))).containsExactly(1L);
        c.add(records(50, 2, 3)); // a restarted log (snapshot installed): nothing older may be served
        assertThat(c.read(1, 60, 100, 100)).isNull();
        assertThat(lsns(c.read(50, 60, 100, 100))).containsExactly(50L, 51L);
    }
}
