package com.wolfscale.wal;

import static com.wolfscale.wal.WalTestSupport.E1;
import static com.wolfscale.wal.WalTestSupport.appendPipelined;
import static com.wolfscale.wal.WalTestSupport.appendSequential;
import static com.wolfscale.wal.WalTestSupport.assertLogIs;
import static com.wolfscale.wal.WalTestSupport.await;
import static com.wolfscale.wal.WalTestSupport.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.wolfscale.common.Epoch;
import com.wolfscale.common.Lsn;
import com.wolfscale.wal.internal.SegmentHeader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * File faults: torn tails at every byte offset, flipped bytes, appended zeros and garbage, corruption
 * before the tail (open refuses, verify reports, repair cuts), damaged metadata.
 */
class WalRecoveryTest {

    @TempDir
    Path dir;

    static List<WalTestSupport.Batch> batches(Path segment) throws Exception {
        return WalTestSupport.batches(segment);
    }

    private Path lastSegment() throws Exception {
        return segments().get(segments().size() - 1);
    }

    private List<Path> segments() throws Exception {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> p.toString().endsWith(".seg")).sorted().toList();
        }
    }

    /** Writes {@code prefix} records, then one last batch of {@code tail} records; returns both lists. */
    private List<List<WalRecord>> logWithKnownLastBatch(WalOptions options, int prefix, int tail, boolean compressible)
            throws Exception {
        List<WalRecord> first;
        try (Wal wal = Wal.open(options)) {
            first = appendPipelined(wal, E1, prefix);
        }
        List<WalRecord> last = new ArrayList<>();
        for (int i = 1; i <= tail; i++) {
            byte[] p = compressible ? "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa".getBytes()
                    : ("tail-" + i).getBytes();
            last.add(new WalRecord(Lsn.of(prefix + i), Epoch.of(2), i, (byte) 5, p));
        }
        try (Wal wal = Wal.open(options)) {
            await(wal.appendReplicated(last));
        }
        return List.of(first, last);
    }

    @Test
    void aTailTornAtEveryByteOffsetOfTheLastBatchRecoversExactlyThePrefix() throws Exception {
        for (boolean compressible : new boolean[] {false, true}) {
            Path sub = Files.createDirectories(dir.resolve("c" + compressible));
            WalOptions options = options(sub);
            List<List<WalRecord>> log = logWithKnownLastBatch(options, 50, 6, compressible);
            Path segment;
            try (Stream<Path> s = Files.list(sub)) {
                segment = s.filter(p -> p.toString().endsWith(".seg")).findFirst().orElseThrow();
            }
            byte[] pristine = Files.readAllBytes(segment);
            WalTestSupport.Batch last = batches(segment).get(batches(segment).size() - 1);
            assertThat(last.baseLsn()).isEqualTo(51);
            long end = last.offset() + last.totalBytes(); // the zeros after it are the preallocated rest
            for (long cut = last.offset(); cut < end; cut++) {
                // a write torn at the end of the file, and one torn inside the preallocated zeros
                byte[] zeroed = pristine.clone();
                Arrays.fill(zeroed, (int) cut, (int) end, (byte) 0);
                for (byte[] torn : List.of(Arrays.copyOf(pristine, (int) cut), zeroed)) {
                    Files.write(segment, torn);
                    try (Wal wal = Wal.open(options)) {
                        assertThat(wal.lastLsn()).as("cut at %d", cut).isEqualTo(Lsn.of(50));
                        assertThat(wal.lastEpoch()).isEqualTo(E1);
                        assertThat(wal.epochHistory()).containsExactly(new EpochStart(E1, Lsn.of(1)));
                    }
                    // cut back to the last whole batch; a torn prefix that happens to be zeros may stay,
                    // as zeros are what an unused preallocated tail holds anyway
                    assertThat(firstNonZero(Files.readAllBytes(segment), last.offset()))
                            .as("first non-zero byte after recovery from a cut at %d", cut).isEqualTo(-1);
                }
            }
            Files.write(segment, pristine);
            try (Wal wal = Wal.open(options)) {
                List<WalRecord> all = new ArrayList<>(log.get(0));
                all.addAll(log.get(1));
                assertLogIs(wal, all);
            }
        }
    }

    @Test
    void zerosOrGarbageAfterTheLastBatchAreCutAndRandomFlipsInItLoseOnlyIt() throws Exception {
        WalOptions options = options(dir).withSegmentBytes(1 << 20);
        List<List<WalRecord>> log = logWithKnownLastBatch(options, 40, 8, false);
        List<WalRecord> all = new ArrayList<>(log.get(0));
        all.addAll(log.get(1));
        Path segment = lastSegment();
        byte[] pristine = Files.readAllBytes(segment);
        WalTestSupport.Batch last = batches(segment).get(batches(segment).size() - 1);
        Random random = new Random(3);
        for (int i = 0; i < 30; i++) {
            byte[] tail = new byte[1 + random.nextInt(9000)];
            if (i % 2 == 1) {
                random.nextBytes(tail);
            }
            byte[] damaged = Arrays.copyOf(pristine, pristine.length + tail.length);
            System.arraycopy(tail, 0, damaged, pristine.length, tail.length);
            Files.write(segment, damaged);
            try (Wal wal = Wal.open(options)) {
                assertLogIs(wal, all);
            }
            long end = last.offset() + last.totalBytes();
            byte[] after = Files.readAllBytes(segment);
            assertThat(Arrays.copyOf(after, (int) end)).isEqualTo(Arrays.copyOf(pristine, (int) end));
            assertThat(firstNonZero(after, end)).isEqualTo(-1);
        }
        for (int i = 0; i < 60; i++) {
            byte[] damaged = pristine.clone();
            damaged[(int) (last.offset() + random.nextInt((int) last.totalBytes()))] ^= (byte) (1 + random.nextInt(255));
            Files.write(segment, damaged);
            try (Wal wal = Wal.open(options)) {
                assertLogIs(wal, log.get(0));
            }
            Files.write(segment, pristine);
        }
    }

    @Test
    void aFlippedByteBeforeTheTailFailsOpenAndIsReportedAndRepaired() throws Exception {
        List<WalRecord> written;
        try (Wal wal = Wal.open(options(dir).withSegmentBytes(1 << 20))) {
            written = appendSequential(wal, E1, 20);
        }
        Path segment = lastSegment();
        WalTestSupport.Batch victim = batches(segment).get(7);
        flipByte(segment, victim.offset() + 30);
        assertThatThrownBy(() -> Wal.open(options(dir))).isInstanceOfSatisfying(WalCorruptionException.class, e -> {
            assertThat(e.file()).isEqualTo(segment);
            assertThat(e.offset()).isEqualTo(victim.offset());
            assertThat(e.lsn()).isEqualTo(Lsn.of(victim.baseLsn()));
            assertThat(e.getMessage()).contains(segment.toString()).contains("byte offset " + victim.offset())
                    .contains("LSN " + victim.baseLsn()).contains("--repair");
        });
        VerifyReport report = WalVerifier.verify(dir);
        assertThat(report.isClean()).isFalse();
        assertThat(report.findings()).anySatisfy(f -> {
            assertThat(f.severity()).isEqualTo(VerifyReport.Severity.CORRUPTION);
            assertThat(f.file()).isEqualTo(segment);
            assertThat(f.offset()).isEqualTo(victim.offset());
            assertThat(f.lsn()).isEqualTo(Lsn.of(victim.baseLsn()));
        });
        VerifyReport repaired = WalVerifier.repair(dir);
        assertThat(repaired.isClean()).isTrue();
        assertThat(repaired.repair().firstRemovedLsn()).isEqualTo(Lsn.of(victim.baseLsn()));
        assertThat(Files.size(segment)).isEqualTo(victim.offset());
        assertThat(WalVerifier.verify(dir).findings()).isEmpty();
        try (Wal wal = Wal.open(options(dir))) {
            assertLogIs(wal, written.subList(0, 7));
            assertThat(await(wal.append(E1, (byte) 0, new byte[3], 0)).lsn()).isEqualTo(Lsn.of(victim.baseLsn()));
        }
    }

    @Test
    void corruptionInAClosedSegmentIsCaughtByReadsVerifyAndOpenWithoutAnIndex() throws Exception {
        List<WalRecord> written;
        try (Wal wal = Wal.open(options(dir))) {
            written = appendPipelined(wal, E1, 3000);
        }
        Path closed = segments().get(1);
        WalTestSupport.Batch victim = batches(closed).get(2);
        flipByte(closed, victim.offset() + victim.totalBytes() - 1);
        // With a valid index file, open does not re-read closed segments; reads check every batch.
        try (Wal wal = Wal.open(options(dir))) {
            assertThatThrownBy(() -> WalTestSupport.readAll(wal)).isInstanceOfSatisfying(WalCorruptionException.class,
                    e -> {
                        assertThat(e.file()).isEqualTo(closed);
                        assertThat(e.offset()).isEqualTo(victim.offset());
                        assertThat(e.lsn()).isEqualTo(Lsn.of(victim.baseLsn()));
                    });
            assertThat(wal.read(Lsn.of(victim.baseLsn() - 1), 1, 1)).containsExactly(written.get((int) victim.baseLsn() - 2));
        }
        assertThat(WalVerifier.verify(dir).findings()).anySatisfy(f -> assertThat(f.offset()).isEqualTo(victim.offset()));
        Files.delete(Path.of(closed.toString().replace(".seg", ".idx")));
        assertThatThrownBy(() -> Wal.open(options(dir))).isInstanceOfSatisfying(WalCorruptionException.class,
                e -> assertThat(e.offset()).isEqualTo(victim.offset()));
        int before = segments().size();
        VerifyReport repaired = WalVerifier.repair(dir);
        assertThat(repaired.repair().firstRemovedLsn()).isEqualTo(Lsn.of(victim.baseLsn()));
        assertThat(repaired.repair().segmentsRemoved()).isEqualTo(before - 2);
        assertThat(segments()).hasSize(2);
        try (Wal wal = Wal.open(options(dir))) {
            assertLogIs(wal, written.subList(0, (int) victim.baseLsn() - 1));
        }
    }

    @Test
    void aMissingSegmentOrADamagedHeaderIsCorruption() throws Exception {
        try (Wal wal = Wal.open(options(dir))) {
            appendPipelined(wal, E1, 3000);
        }
        List<Path> segments = segments();
        byte[] header = Arrays.copyOf(Files.readAllBytes(segments.get(segments.size() - 1)), SegmentHeader.BYTES);
        flipByte(segments.get(segments.size() - 1), 14);
        assertThatThrownBy(() -> Wal.open(options(dir))).isInstanceOf(WalCorruptionException.class)
                .hasMessageContaining("header");
        flipByte(segments.get(segments.size() - 1), 14);
        assertThat(Arrays.copyOf(Files.readAllBytes(segments.get(segments.size() - 1)), SegmentHeader.BYTES)).isEqualTo(header);
        Files.delete(segments.get(1));
        assertThatThrownBy(() -> Wal.open(options(dir))).isInstanceOf(WalCorruptionException.class)
                .hasMessageContaining("missing");
        long secondBase = Long.parseLong(segments.get(1).getFileName().toString().substring(4, 24));
        VerifyReport report = WalVerifier.repair(dir);
        assertThat(report.repair().firstRemovedLsn()).isEqualTo(Lsn.of(secondBase));
        assertThat(report.repair().segmentsRemoved()).isEqualTo(segments.size() - 2);
        try (Wal wal = Wal.open(options(dir))) {
            assertThat(wal.lastLsn()).isEqualTo(Lsn.of(secondBase - 1));
        }
    }

    @Test
    void theEpochHistoryIsCheckedRebuiltWhenMissingAndRepairedWhenDamaged() throws Exception {
        try (Wal wal = Wal.open(options(dir))) {
            appendPipelined(wal, E1, 1000);
            appendPipelined(wal, Epoch.of(4), 1000);
            appendPipelined(wal, Epoch.of(6), 10);
        }
        List<EpochStart> expected = List.of(new EpochStart(E1, Lsn.of(1)), new EpochStart(Epoch.of(4), Lsn.of(1001)),
                new EpochStart(Epoch.of(6), Lsn.of(2001)));
        Path history = dir.resolve("epoch-history");
        Files.delete(history);
        try (Wal wal = Wal.open(options(dir))) {
            assertThat(wal.epochHistory()).isEqualTo(expected);
        }
        flipByte(history, 12);
        assertThatThrownBy(() -> Wal.open(options(dir))).isInstanceOfSatisfying(WalCorruptionException.class,
                e -> assertThat(e.file()).isEqualTo(history));
        assertThat(WalVerifier.verify(dir).isClean()).isFalse();
        assertThat(WalVerifier.repair(dir).repair().historyRebuilt()).isTrue();
        try (Wal wal = Wal.open(options(dir))) {
            assertThat(wal.epochHistory()).isEqualTo(expected);
            assertThat(wal.lastLsn()).isEqualTo(Lsn.of(2010));
        }
    }

    @Test
    void leftoverTemporaryAndOrphanIndexFilesAreRemovedAtOpen() throws Exception {
        try (Wal wal = Wal.open(options(dir))) {
            appendSequential(wal, E1, 3);
        }
        Files.write(dir.resolve("wal-00000000000000000004.seg.tmp"), new byte[10]);
        Files.write(dir.resolve("epoch-history.tmp"), new byte[10]);
        Files.write(dir.resolve("wal-00000000000000000999.idx"), new byte[10]);
        try (Wal wal = Wal.open(options(dir))) {
            assertThat(wal.lastLsn()).isEqualTo(Lsn.of(3));
        }
        try (Stream<Path> s = Files.list(dir)) {
            assertThat(s.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder(
                    "wal-00000000000000000001.seg", "epoch-history", "lock");
        }
    }

    /** Offset of the first non-zero byte at or after {@code from}, or -1. */
    static long firstNonZero(byte[] bytes, long from) {
        for (int i = (int) from; i < bytes.length; i++) {
            if (bytes[i] != 0) {
                return i;
            }
        }
        return -1;
    }

    static void flipByte(Path file, long offset) throws Exception {
        byte[] bytes = Files.readAllBytes(file);
        bytes[(int) offset] ^= 0x5A;
        Files.write(file, bytes);
    }
}
