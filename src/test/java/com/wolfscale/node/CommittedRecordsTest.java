package com.wolfscale.node;

import static org.assertj.core.api.Assertions.assertThat;

import com.wolfscale.common.Lsn;
import com.wolfscale.core.LogRecord;
import com.wolfscale.replication.ClusterMember;
import com.wolfscale.replication.ClusterMembers;
import com.wolfscale.wal.WalRecord;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The applier's source blocks until its limit can move: a held or caught-up applier must not spin. */
class CommittedRecordsTest {

    @TempDir
    Path root;
    ClusterMember member;
    WalRecord last;

    @BeforeEach
    void aOneNodeClusterWithCommittedRecords() throws Exception {
        member = ClusterMember.start(ClusterMembers.settings(0, ClusterMembers.freeAddresses(1), root, true), null,
                (k, l) -> { });
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (!member.view().writable(member.loop().nowMs())) {
            assertThat(System.nanoTime()).as("a one-node cluster elects itself").isLessThan(deadline);
            Thread.sleep(10);
        }
        for (int i = 0; i < 3; i++) {
            last = member.append(LogRecord.TRANSACTION, new byte[] {(byte) i}, 0).get();
        }
        assertThat(member.awaitCommit(last.lsn(), Duration.ofSeconds(10))).isTrue();
    }

    @AfterEach
    void close() {
        member.close();
    }

    @Test
    void aHeldApplierWaitsInsteadOfSpinningAndMovesOnWhenReleased() throws Exception {
        AtomicBoolean hold = new AtomicBoolean(true);
        CommittedRecords source = new CommittedRecords(member, hold::get, () -> Lsn.ZERO);
        assertThat(source.limit()).isEqualTo(Lsn.ZERO);
        int calls = callsWithin(source, Lsn.ZERO, Duration.ofMillis(300));
        // each call sleeps HOLD_POLL (20 ms): about 15 in 300 ms; a spinning source answered thousands
        assertThat(calls).isBetween(1, 30);
        hold.set(false);
        assertThat(source.awaitLimitAbove(Lsn.ZERO, Duration.ofSeconds(1))).isTrue();
        assertThat(source.limit()).isEqualTo(last.lsn());
    }

    @Test
    void anApplierThatAppliedEverythingWaitsForTheNextCommit() throws Exception {
        CommittedRecords source = new CommittedRecords(member, () -> false, () -> last.lsn());
        assertThat(source.awaitLimitAbove(last.lsn().previous(), Duration.ofSeconds(1))).isTrue();
        int calls = callsWithin(source, last.lsn(), Duration.ofMillis(300));
        assertThat(calls).as("each call waits out its 50 ms timeout").isBetween(1, 10);
        WalRecord next = member.append(LogRecord.TRANSACTION, new byte[] {9}, 0).get();
        assertThat(source.awaitLimitAbove(last.lsn(), Duration.ofSeconds(10))).isTrue();
        assertThat(source.limit()).isEqualTo(next.lsn());
    }

    private static int callsWithin(CommittedRecords source, Lsn applied, Duration window) throws InterruptedException {
        long end = System.nanoTime() + window.toNanos();
        int calls = 0;
        while (System.nanoTime() < end) {
            assertThat(source.awaitLimitAbove(applied, Duration.ofMillis(50))).isFalse();
            calls++;
        }
        return calls;
    }
}
