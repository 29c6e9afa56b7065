package com.wolfscale.node;

import static org.assertj.core.api.Assertions.assertThat;

import com.wolfscale.common.Epoch;
import com.wolfscale.node.WolfscaleCommandTest.Run;
import com.wolfscale.wal.Wal;
import com.wolfscale.wal.WalOptions;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code wolfscale wal verify}: exit codes, what it prints, and {@code --repair}. */
class WalVerifyCommandTest {

    @TempDir
    Path dataDir;

    private Path segment() {
        return dataDir.resolve("wal/wal-00000000000000000001.seg");
    }

    private void writeLog(int records) throws Exception {
        try (Wal wal = Wal.open(WalOptions.defaults(dataDir.resolve("wal")))) {
            for (int i = 0; i < records; i++) {
                wal.append(Epoch.of(1), (byte) 0, ("record " + i).getBytes(), i).get(10, TimeUnit.SECONDS);
            }
        }
    }

    private static Run run(String... args) {
        return WolfscaleCommandTest.run(WolfscaleCommand.commandLine(), args);
    }

    @Test
    void aCleanLogExitsZero() throws Exception {
        writeLog(10);
        Run r = run("wal", "verify", "--data-dir", dataDir.toString());
        assertThat(r.exit()).isZero();
        assertThat(r.out()).contains("1 segment(s), 10 valid record(s), LSN 1..10").contains("clean");
    }

    @Test
    void corruptionExitsOneNamingFileAndOffsetAndRepairCutsItLoudly() throws Exception {
        writeLog(10);
        byte[] bytes = Files.readAllBytes(segment());
        int fourthBatch = 24;
        for (int i = 0; i < 3; i++) {
            fourthBatch += 4 + ByteBuffer.wrap(bytes).getInt(fourthBatch);
        }
        bytes[fourthBatch + 45] ^= 1;
        Files.write(segment(), bytes);

        Run verify = run("wal", "verify", "--data-dir", dataDir.toString());
        assertThat(verify.exit()).isEqualTo(1);
        assertThat(verify.err()).contains("CORRUPTION: " + segment() + " at byte " + fourthBatch + " (LSN 4)")
                .contains("CORRUPT").contains("--repair");

        Run repair = run("wal", "verify", "--data-dir", dataDir.toString(), "--repair");
        assertThat(repair.exit()).isZero();
        assertThat(repair.err()).contains("WARNING: --repair REMOVED every record from LSN 4 on");
        assertThat(repair.out()).contains("clean after repair");
        assertThat(Files.size(segment())).isEqualTo(fourthBatch);

        Run again = run("wal", "verify", "--data-dir", dataDir.toString());
        assertThat(again.exit()).isZero();
        assertThat(again.out()).contains("3 valid record(s)");
    }

    @Test
    void aMissingOrBusyLogCannotBeVerified() throws Exception {
        assertThat(run("wal", "verify", "--data-dir", dataDir.toString()).exit()).isEqualTo(2);
        writeLog(1);
        try (Wal wal = Wal.open(WalOptions.defaults(dataDir.resolve("wal")))) {
            Run busy = run("wal", "verify", "--data-dir", dataDir.toString());
            assertThat(busy.exit()).isEqualTo(2);
            assertThat(busy.err()).contains("in use");
        }
    }

    @Test
    void theDataDirOptionIsRequired() {
        assertThat(run("wal", "verify").exit()).isEqualTo(2);
        assertThat(run("wal").out()).contains("verify");
    }
}
