package com.wolfscale.wal;

import static com.wolfscale.wal.WalTestSupport.await;
import static com.wolfscale.wal.WalTestSupport.options;
import static com.wolfscale.wal.WalTestSupport.readAll;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.wolfscale.common.Epoch;
import com.wolfscale.common.Lsn;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Suffix and prefix truncation, retention, the refill rule, and readers racing with all of them. */
class WalTruncationTest {

    @TempDir
    Path dir;

    /** Every record's payload is a function of its identity, so any reader can tell a wrong record. */
    static byte[] payloadOf(long epoch, long lsn) {
        return WalTestSupport.noise("e" + epoch + "-l" + lsn + "-", epoch * 1_000_003 + lsn, (int) (lsn * 31 % 150));
    }

    static void assertGenuine(WalRecord r) {
        assertThat(r.payload()).as("payload of %s", r).isEqualTo(payloadOf(r.epoch().value(), r.lsn().value()));
        assertThat(r.timestampMicros()).isEqualTo(r.lsn().value());
    }

    /** Appends {@code n} records of {@code epoch} in one burst (so they share batches). */
    static void append(Wal wal, long epoch, int n) throws Exception {
        List<CompletableFuture<WalRecord>> futures = new ArrayList<>();
        long next = wal.lastLsn().value() + 1;
        for (int i = 0; i < n; i++) {
            futures.add(wal.append(Epoch.of(epoch), (byte) 1, payloadOf(epoch, next + i), next + i));
        }
        for (CompletableFuture<WalRecord> f : futures) {
            assertGenuine(await(f));
        }
    }

    private static void assertLog(Wal wal, long first, long last) throws Exception {
        List<WalRecord> all = readAll(wal);
        assertThat(wal.firstLsn()).isEqualTo(Lsn.of(first));
        assertThat(wal.lastLsn()).isEqualTo(Lsn.of(last));
        assertThat(all).hasSize((int) (last - first + 1));
        for (int i = 0; i < all.size(); i++) {
            assertThat(all.get(i).lsn()).isEqualTo(Lsn.of(first + i));
            assertGenuine(all.get(i));
        }
    }

    @Test
    void truncateAfterInsideABatchKeepsTheRecordsBeforeIt() throws Exception {
        try (Wal wal = Wal.open(options(dir).withSegmentBytes(1 << 20))) {
            append(wal, 1, 500);
            await(wal.truncateAfter(Lsn.of(250)));
            assertLog(wal, 1, 250);
            assertThat(wal.durableLsn()).isEqualTo(Lsn.of(250));
            append(wal, 2, 10);
            assertLog(wal, 1, 260);
        }
        try (Wal wal = Wal.open(options(dir).withSegmentBytes(1 << 20))) {
            assertLog(wal, 1, 260);
            assertThat(wal.epochHistory()).containsExactly(new EpochStart(Epoch.of(1), Lsn.of(1)),
                    new EpochStart(Epoch.of(2), Lsn.of(251)));
        }
    }

    @Test
    void truncateAfterIntoAnOlderSegmentDeletesTheLaterOnes() throws Exception {
        try (Wal wal = Wal.open(options(dir))) {
            append(wal, 1, 3000);
            long segments = segmentCount();
            assertThat(segments).isGreaterThan(3);
            await(wal.truncateAfter(Lsn.of(700)));
            assertLog(wal, 1, 700);
            assertThat(segmentCount()).isLessThan(segments);
            append(wal, 2, 2000);
            assertLog(wal, 1, 2700);
        }
        try (Wal wal = Wal.open(options(dir))) {
            assertLog(wal, 1, 2700);
        }
    }

    @Test
    void truncateAfterAtASegmentBoundaryAndOfEverything() throws Exception {
        try (Wal wal = Wal.open(options(dir))) {
            append(wal, 1, 3000);
            long secondBase = segmentBases().get(1);
            await(wal.truncateAfter(Lsn.of(secondBase - 1)));
            assertLog(wal, 1, secondBase - 1);
            append(wal, 2, 5);
            await(wal.truncateAfter(Lsn.ZERO));
            assertLog(wal, 1, 0);
            assertThat(wal.lastEpoch()).isEqualTo(Epoch.ZERO);
            assertThat(wal.epochHistory()).isEmpty();
            append(wal, 3, 5);
            assertLog(wal, 1, 5);
        }
    }

    /**
     * Raft lets a position be refilled by a record of a lower epoch than the truncated one (a later leader
     * may hold an older term's record there); only "epochs never decrease along the log" is a rule.
     */
    @Test
    void aTruncatedPositionMayBeRefilledByAnyEpochThatKeepsTheLogOrderedEvenAfterRestart() throws Exception {
        try (Wal wal = Wal.open(options(dir))) {
            append(wal, 1, 10);
            append(wal, 3, 10);
            await(wal.truncateAfter(Lsn.of(5)));
            assertThat(wal.lastEpoch()).isEqualTo(Epoch.of(1));
            assertThat(wal.endOfEpoch(Epoch.of(3))).isEqualTo(Lsn.of(5));
            List<WalRecord> refill = List.of(new WalRecord(Lsn.of(6), Epoch.of(1), 6, (byte) 1, payloadOf(1, 6)));
            await(wal.appendReplicated(refill));
            append(wal, 2, 4);
        }
        try (Wal wal = Wal.open(options(dir))) {
            assertLog(wal, 1, 10);
            assertThatThrownBy(() -> await(wal.append(Epoch.of(1), (byte) 1, payloadOf(1, 11), 11)))
                    .isInstanceOf(WalEpochException.class).hasMessageContaining("stale");
            append(wal, 4, 15);
            assertLog(wal, 1, 25);
            assertThat(wal.epochHistory()).extracting(e -> e.epoch().value()).containsExactly(1L, 2L, 4L);
        }
    }

    @Test
    void truncateAfterBelowTheRetainedLogIsRefused() throws Exception {
        try (Wal wal = Wal.open(options(dir))) {
            append(wal, 1, 3000);
            long firstKept = segmentBases().get(2);
            await(wal.truncateBefore(Lsn.of(firstKept)));
            assertThat(wal.firstLsn()).isEqualTo(Lsn.of(firstKept));
            assertThatThrownBy(() -> await(wal.truncateAfter(Lsn.of(firstKept - 2))))
                    .isInstanceOf(WalTruncatedException.class).hasMessageContaining("retention");
            await(wal.truncateAfter(Lsn.of(firstKept - 1)));
            assertLog(wal, firstKept, firstKept - 1);
            append(wal, 2, 3);
            assertLog(wal, firstKept, firstKept + 2);
        }
    }

    @Test
    void truncateBeforeRemovesWholeClosedSegmentsOnlyAndLsnsNeverRestart() throws Exception {
        try (Wal wal = Wal.open(options(dir))) {
            append(wal, 1, 3000);
            List<Long> bases = segmentBases();
            await(wal.truncateBefore(Lsn.of(bases.get(2) + 1)));
            assertLog(wal, bases.get(2), 3000);
            assertThatThrownBy(() -> wal.read(Lsn.of(bases.get(2) - 1), 1, 1)).isInstanceOf(WalTruncatedException.class);
            await(wal.truncateBefore(Lsn.of(1_000_000)));
            assertThat(segmentCount()).isEqualTo(1);
            assertThat(wal.firstLsn()).isEqualTo(Lsn.of(bases.get(bases.size() - 1)));
            assertThat(wal.lastLsn()).isEqualTo(Lsn.of(3000));
        }
        try (Wal wal = Wal.open(options(dir))) {
            assertThat(wal.lastLsn()).isEqualTo(Lsn.of(3000));
            assertThat(wal.lastEpoch()).isEqualTo(Epoch.of(1));
            append(wal, 1, 2);
            assertThat(wal.lastLsn()).isEqualTo(Lsn.of(3002));
        }
    }

    @Test
    void retentionRemovesOldOrExcessSegmentsButNeverWhatTheFloorNeedsNorTheActiveOne() throws Exception {
        Instant now = Instant.ofEpochSecond(10_000);
        try (Wal wal = Wal.open(options(dir))) {
            append(wal, 1, 3000); // timestamps: LSN microseconds after 1970, i.e. all ancient
            List<Long> bases = segmentBases();
            long firstSize = Files.size(segment(bases.get(0)));
            RetentionResult held = await(wal.applyRetention(Duration.ofHours(1), 0, Lsn.of(bases.get(1) + 1), now));
            assertThat(held).isEqualTo(new RetentionResult(1, firstSize, Lsn.of(bases.get(1)), true));
            RetentionResult young = await(wal.applyRetention(Duration.ofDays(365_000), 0, Lsn.of(1_000_000), now));
            assertThat(young.segmentsRemoved()).isZero();
            assertThat(young.heldByFloor()).isFalse();
            long size = wal.sizeOnDisk();
            RetentionResult bySize = await(wal.applyRetention(Duration.ZERO, size / 2, Lsn.of(1_000_000), now));
            assertThat(bySize.segmentsRemoved()).isPositive();
            assertThat(wal.sizeOnDisk()).isLessThanOrEqualTo(size / 2);
            RetentionResult all = await(wal.applyRetention(Duration.ofSeconds(1), 0, Lsn.of(1_000_000), now));
            assertThat(segmentCount()).isEqualTo(1);
            assertThat(all.firstLsn()).isEqualTo(Lsn.of(segmentBases().get(0)));
            assertLog(wal, all.firstLsn().value(), 3000);
        }
    }

    /** With no tail cache, a small one (reads straddle it and the files) and the default one. */
    @ParameterizedTest
    @ValueSource(longs = {0, 20_000, WalOptions.DEFAULT_TAIL_CACHE_BYTES})
    void readersRacingWithAppendsTruncationsAndRetentionSeeOnlyGenuineContiguousRecords(long tailCache) throws Exception {
        AtomicBoolean stop = new AtomicBoolean();
        ConcurrentLinkedQueue<Throwable> problems = new ConcurrentLinkedQueue<>();
        AtomicLong reads = new AtomicLong();
        try (Wal wal = Wal.open(options(dir).withSegmentBytes(16 << 10).withTailCacheBytes(tailCache))) {
            append(wal, 1, 500);
            List<Thread> readers = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                long seed = t;
                readers.add(Thread.ofPlatform().start(() -> readUntilStopped(wal, seed, stop, problems, reads)));
            }
            Random random = new Random(42);
            long epoch = 1;
            for (int round = 0; round < 40; round++) {
                epoch++;
                append(wal, epoch, 50 + random.nextInt(200));
                long last = wal.lastLsn().value();
                long first = wal.firstLsn().value();
                switch (random.nextInt(3)) {
                    case 0 -> await(wal.truncateAfter(Lsn.of(Math.max(first, last - random.nextInt(300)))));
                    case 1 -> await(wal.truncateBefore(Lsn.of(first + random.nextInt((int) (last - first + 1)))));
                    default -> await(wal.applyRetention(Duration.ZERO, wal.sizeOnDisk() / 2, Lsn.of(last - 100),
                            Instant.now()));
                }
            }
            stop.set(true);
            for (Thread r : readers) {
                r.join();
            }
            assertLog(wal, wal.firstLsn().value(), wal.lastLsn().value());
        }
        assertThat(problems).isEmpty();
        assertThat(reads.get()).isGreaterThan(100);
    }

    private static void readUntilStopped(Wal wal, long seed, AtomicBoolean stop, ConcurrentLinkedQueue<Throwable> problems,
                                         AtomicLong reads) {
        Random random = new Random(seed);
        while (!stop.get()) {
            long first = wal.firstLsn().value();
            long last = wal.lastLsn().value();
            long from = first + (last >= first ? random.nextInt((int) (last - first + 2)) : 0);
            try {
                List<WalRecord> got = wal.read(Lsn.of(from), 1 + random.nextInt(300), 1 + random.nextInt(100_000));
                for (int i = 0; i < got.size(); i++) {
                    assertThat(got.get(i).lsn()).isEqualTo(Lsn.of(from + i));
                    assertGenuine(got.get(i));
                    if (i > 0) {
                        assertThat(got.get(i).epoch()).isGreaterThanOrEqualTo(got.get(i - 1).epoch());
                    }
                }
                reads.incrementAndGet();
            } catch (WalTruncatedException expected) {
                // the start was removed between choosing it and reading: a clear answer, not garbage
            } catch (Throwable e) {
                problems.add(e);
                return;
            }
        }
    }

    private long segmentCount() throws Exception {
        return segmentBases().size();
    }

    private List<Long> segmentBases() throws Exception {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".seg"))
                    .map(n -> Long.parseLong(n.substring(4, 24))).sorted().toList();
        }
    }

    private Path segment(long base) {
        return dir.resolve(String.format("wal-%020d.seg", base));
    }

    @Test
    void restartAfterDropsEveryRecordAndContinuesAtTheSnapshotPosition() throws Exception {
        try (Wal wal = Wal.open(options(dir))) {
            append(wal, 1, 3000);
            await(wal.restartAfter(Lsn.of(9_000), Epoch.of(5)));
            assertThat(wal.firstLsn()).isEqualTo(Lsn.of(9_001));
            assertThat(wal.lastLsn()).isEqualTo(Lsn.of(9_000));
            assertThat(wal.lastEpoch()).isEqualTo(Epoch.of(5));
            assertThat(wal.epochAt(Lsn.of(9_000))).as("below the first record, as after retention").isEmpty();
            assertThat(wal.endOfEpoch(Epoch.of(5))).isEqualTo(Lsn.of(9_000));
            assertThat(segmentCount()).isEqualTo(1);
            append(wal, 6, 20);
            assertLog(wal, 9_001, 9_020);
        }
        try (Wal wal = Wal.open(options(dir))) {
            assertLog(wal, 9_001, 9_020);
            assertThat(wal.endOfEpoch(Epoch.of(5))).isEqualTo(Lsn.of(9_000));
            assertThat(wal.epochAt(Lsn.of(9_001))).contains(Epoch.of(6));
        }
    }

    @Test
    void aRestartInterruptedAfterItsIntentIsFinishedByTheNextOpen() throws Exception {
        try (Wal wal = Wal.open(options(dir))) {
            append(wal, 1, 3000);
        }
        // the process died right after writing the intent: the next open must carry the restart out
        com.wolfscale.wal.internal.TruncationIntent.restart(501, com.wolfscale.wal.internal.EpochHistory.EMPTY
                .withStart(3, 500)).record(LocalWalStorage.INSTANCE, dir);
        try (Wal wal = Wal.open(options(dir))) {
            assertThat(wal.firstLsn()).isEqualTo(Lsn.of(501));
            assertThat(wal.lastLsn()).isEqualTo(Lsn.of(500));
            assertThat(wal.lastEpoch()).isEqualTo(Epoch.of(3));
            append(wal, 3, 5);
            assertLog(wal, 501, 505);
        }
    }
}
