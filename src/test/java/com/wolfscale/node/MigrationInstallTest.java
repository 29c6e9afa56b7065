package com.wolfscale.node;

import static org.assertj.core.api.Assertions.assertThat;

import com.wolfscale.apply.AppliedPosition;
import com.wolfscale.common.Epoch;
import com.wolfscale.common.Lsn;
import com.wolfscale.core.LogRecord;
import com.wolfscale.wal.Wal;
import com.wolfscale.wal.WalOptions;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Installing a snapshot keeps this node's log when the log already holds the snapshot's position in the
 * same epoch: the records after it may be committed on this copy (acknowledged before the migration).
 */
class MigrationInstallTest {

    @TempDir
    Path dir;

    @Test
    void theLogIsKeptOnlyWhenItHoldsTheSnapshotsRecordFromTheSameEpoch() throws Exception {
        try (Wal wal = Wal.open(WalOptions.defaults(dir))) {
            for (int i = 0; i < 3; i++) {
                wal.append(Epoch.of(1), LogRecord.TRANSACTION, new byte[] {1}, 0).get();
            }
            for (int i = 0; i < 2; i++) {
                wal.append(Epoch.of(2), LogRecord.TRANSACTION, new byte[] {2}, 0).get();
            }
            assertThat(MigrationRunner.holds(wal, at(1, 3))).isTrue();
            assertThat(MigrationRunner.holds(wal, at(2, 5))).isTrue();
            assertThat(MigrationRunner.holds(wal, at(2, 3))).as("another history at that LSN").isFalse();
            assertThat(MigrationRunner.holds(wal, at(2, 6))).as("beyond the log's end").isFalse();
            assertThat(MigrationRunner.holds(wal, at(0, 0))).as("an empty snapshot position").isFalse();
        }
    }

    private static AppliedPosition at(long epoch, long lsn) {
        return new AppliedPosition(Epoch.of(epoch), Lsn.of(lsn), "", Lsn.ZERO);
    }
}
