package com.wolfscale.wal;

import static com.wolfscale.wal.WalTestSupport.E1;
import static com.wolfscale.wal.WalTestSupport.appendPipelined;
import static com.wolfscale.wal.WalTestSupport.appendSequential;
import static com.wolfscale.wal.WalTestSupport.assertLogIs;
import static com.wolfscale.wal.WalTestSupport.await;
import static com.wolfscale.wal.WalTestSupport.options;
import static com.wolfscale.wal.WalTestSupport.payload;
import static com.wolfscale.wal.WalTestSupport.readAll;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.wolfscale.common.Epoch;
import com.wolfscale.common.Lsn;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The WAL's API contract: LSNs, epochs, reads, waits, rolls, restarts, close. */
class WalTest {

    @TempDir
    Path dir;

    @Test
    void aNewLogIsEmptyAndStartsAtLsnOne() throws Exception {
        try (Wal wal = Wal.open(options(dir))) {
            assertThat(wal.firstLsn()).isEqualTo(Lsn.of(1));
            assertThat(wal.lastLsn()).isEqualTo(Lsn.ZERO);
            assertThat(wal.durableLsn()).isEqualTo(Lsn.ZERO);
            assertThat(wal.lastEpoch()).isEqualTo(Epoch.ZERO);
            assertThat(wal.epochHistory()).isEmpty();
            assertThat(wal.endOfEpoch(E1)).isEqualTo(Lsn.ZERO);
            assertThat(wal.read(Lsn.of(1), 10, 1000)).isEmpty();
            assertThatThrownBy(() -> wal.read(Lsn.ZERO, 10, 1000)).isInstanceOf(WalTruncatedException.class);
            WalRecord first = await(wal.append(E1, (byte) 3, new byte[] {1, 2}, 42));
            assertThat(first).isEqualTo(new WalRecord(Lsn.of(1), E1, 42, (byte) 3, new byte[] {1, 2}));
            assertThat(wal.durableLsn()).isEqualTo(Lsn.of(1));
        }
    }

    @Test
    void appendsFromManyThreadsGetContiguousLsnsAndReadBackIntact() throws Exception {
        try (Wal wal = Wal.open(options(dir)); ExecutorService pool = Executors.newFixedThreadPool(8)) {
            List<Future<List<WalRecord>>> results = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                int thread = t;
                results.add(pool.submit(() -> {
                    List<WalRecord> mine = new ArrayList<>();
                    for (int i = 0; i < 300; i++) {
                        byte[] p = ("t" + thread + "-" + i).getBytes();
                        mine.add(wal.append(E1, (byte) thread, p, i).get());
                    }
                    return mine;
                }));
            }
            List<WalRecord> all = new ArrayList<>();
            for (Future<List<WalRecord>> f : results) {
                all.addAll(f.get());
            }
            all.sort((a, b) -> a.lsn().compareTo(b.lsn()));
            assertThat(all).extracting(r -> r.lsn().value()).containsExactlyElementsOf(
                    Stream.iterate(1L, x -> x + 1).limit(2400).toList());
            assertLogIs(wal, all);
            assertThat(wal.durableLsn()).isEqualTo(Lsn.of(2400));
        }
    }

    @Test
    void lsnsContinueAcrossRestartsAndRolls() throws Exception {
        List<WalRecord> written = new ArrayList<>();
        for (int round = 0; round < 3; round++) {
            try (Wal wal = Wal.open(options(dir))) {
                assertLogIs(wal, written);
                written.addAll(appendPipelined(wal, E1, 1500));
                written.addAll(appendSequential(wal, E1, 5));
            }
        }
        assertThat(segments()).hasSizeGreaterThan(3);
        try (Wal wal = Wal.open(options(dir))) {
            assertLogIs(wal, written);
            List<Path> all = segments();
            long closed = all.subList(0, all.size() - 1).stream().mapToLong(WalTest::size).sum();
            assertThat(wal.sizeOnDisk()).isEqualTo(closed + WalTestSupport.dataEnd(all.get(all.size() - 1)));
        }
    }

    @Test
    void readsHonourTheirLimitsAndAlwaysReturnTheFirstRecord() throws Exception {
        try (Wal wal = Wal.open(options(dir))) {
            List<WalRecord> written = appendPipelined(wal, E1, 2000);
            Random random = new Random(7);
            for (int i = 0; i < 200; i++) {
                long from = 1 + random.nextInt(2000);
                int max = 1 + random.nextInt(50);
                List<WalRecord> got = wal.read(Lsn.of(from), max, 1 << 20);
                assertThat(got).containsExactlyElementsOf(written.subList((int) from - 1, (int) Math.min(2000, from - 1 + max)));
            }
            List<WalRecord> one = wal.read(Lsn.of(10), 100, 1);
            assertThat(one).containsExactly(written.get(9));
            List<WalRecord> some = wal.read(Lsn.of(10), 100, 200);
            long bytes = some.stream().mapToLong(r -> r.payload().length).sum();
            assertThat(bytes).isLessThanOrEqualTo(200);
            assertThat(bytes + written.get(9 + some.size()).payload().length).isGreaterThan(200);
            assertThat(wal.read(Lsn.of(2001), 10, 100)).isEmpty();
        }
    }

    @Test
    void aRecordLargerThanASegmentGetsASegmentOfItsOwn() throws Exception {
        byte[] huge = new byte[300 << 10];
        new Random(1).nextBytes(huge);
        List<WalRecord> written = new ArrayList<>();
        try (Wal wal = Wal.open(options(dir))) {
            written.addAll(appendSequential(wal, E1, 3));
            written.add(await(wal.append(E1, (byte) 9, huge, 5)));
            written.addAll(appendSequential(wal, E1, 3));
            assertLogIs(wal, written);
        }
        assertThat(segments().stream().mapToLong(WalTest::size).max().orElseThrow()).isGreaterThan(300 << 10);
        try (Wal wal = Wal.open(options(dir))) {
            assertLogIs(wal, written);
        }
    }

    @Test
    void rejectsARecordAboveTheLimitWithoutConsumingAnLsn() throws Exception {
        try (Wal wal = Wal.open(options(dir).withMaxRecordBytes(1000))) {
            assertThatThrownBy(() -> await(wal.append(E1, (byte) 0, new byte[1001], 0)))
                    .isInstanceOf(WalException.class).hasMessageContaining("maxRecordBytes");
            assertThat(await(wal.append(E1, (byte) 0, new byte[1000], 0)).lsn()).isEqualTo(Lsn.of(1));
        }
    }

    @Test
    void deletedOrDamagedIndexFilesAreRebuiltAndNeverTrusted() throws Exception {
        List<WalRecord> written;
        try (Wal wal = Wal.open(options(dir))) {
            written = appendPipelined(wal, E1, 4000);
        }
        List<Path> indexes = indexFiles();
        assertThat(indexes).hasSizeGreaterThan(2);
        Files.delete(indexes.get(0));
        Files.write(indexes.get(1), new byte[] {1, 2, 3, 4, 5, 6, 7, 8});
        try (Wal wal = Wal.open(options(dir))) {
            assertLogIs(wal, written);
        }
        assertThat(indexFiles()).hasSameSizeAs(indexes);
    }

    @Test
    void epochsNeverDecreaseAndTheHistoryAnswersWhereEachEpochEnds() throws Exception {
        try (Wal wal = Wal.open(options(dir))) {
            appendPipelined(wal, E1, 10);
            appendPipelined(wal, Epoch.of(3), 5);
            assertThatThrownBy(() -> await(wal.append(Epoch.of(2), (byte) 0, new byte[1], 0)))
                    .isInstanceOf(WalEpochException.class).hasMessageContaining("stale");
            assertThatThrownBy(() -> await(wal.append(Epoch.ZERO, (byte) 0, new byte[1], 0)))
                    .isInstanceOf(WalEpochException.class);
            appendPipelined(wal, Epoch.of(5), 5);
            assertEpochAnswers(wal);
        }
        try (Wal wal = Wal.open(options(dir))) {
            assertEpochAnswers(wal);
            assertThatThrownBy(() -> await(wal.append(Epoch.of(4), (byte) 0, new byte[1], 0)))
                    .isInstanceOf(WalEpochException.class);
        }
    }

    private static void assertEpochAnswers(Wal wal) {
        assertThat(wal.epochHistory()).containsExactly(new EpochStart(E1, Lsn.of(1)),
                new EpochStart(Epoch.of(3), Lsn.of(11)), new EpochStart(Epoch.of(5), Lsn.of(16)));
        assertThat(wal.lastEpoch()).isEqualTo(Epoch.of(5));
        assertThat(wal.endOfEpoch(Epoch.ZERO)).isEqualTo(Lsn.ZERO);
        assertThat(wal.endOfEpoch(E1)).isEqualTo(Lsn.of(10));
        assertThat(wal.endOfEpoch(Epoch.of(2))).isEqualTo(Lsn.of(10));
        assertThat(wal.endOfEpoch(Epoch.of(3))).isEqualTo(Lsn.of(15));
        assertThat(wal.endOfEpoch(Epoch.of(5))).isEqualTo(Lsn.of(20));
        assertThat(wal.endOfEpoch(Epoch.of(9))).isEqualTo(Lsn.of(20));
        assertThat(wal.epochAt(Lsn.of(10))).contains(E1);
        assertThat(wal.epochAt(Lsn.of(11))).contains(Epoch.of(3));
        assertThat(wal.epochAt(Lsn.of(20))).contains(Epoch.of(5));
        assertThat(wal.epochAt(Lsn.of(21))).isEmpty();
        assertThat(wal.epochAt(Lsn.ZERO)).isEmpty();
    }

    @Test
    void replicatedRecordsMustContinueTheLogExactly() throws Exception {
        List<WalRecord> leader = new ArrayList<>();
        for (long lsn = 1; lsn <= 2500; lsn++) {
            leader.add(new WalRecord(Lsn.of(lsn), Epoch.of(lsn <= 1200 ? 1 : 2), lsn, (byte) 1, payload(lsn)));
        }
        try (Wal wal = Wal.open(options(dir).withBatchSize(100))) {
            assertThat(await(wal.appendReplicated(leader.subList(0, 2000)))).isEqualTo(Lsn.of(2000));
            assertThatThrownBy(() -> await(wal.appendReplicated(leader.subList(2001, 2100))))
                    .isInstanceOf(WalSequenceException.class).hasMessageContaining("2001");
            assertThatThrownBy(() -> await(wal.appendReplicated(List.of(new WalRecord(Lsn.of(2001), E1, 0, (byte) 0,
                    new byte[0]))))).isInstanceOf(WalEpochException.class);
            assertThat(await(wal.appendReplicated(leader.subList(2000, 2500)))).isEqualTo(Lsn.of(2500));
            assertThat(await(wal.appendReplicated(List.of()))).isEqualTo(Lsn.of(2500));
            assertLogIs(wal, leader);
            assertThat(wal.epochHistory()).containsExactly(new EpochStart(E1, Lsn.of(1)),
                    new EpochStart(Epoch.of(2), Lsn.of(1201)));
        }
    }

    @Test
    void awaitAppendedWakesAsSoonAsARecordArrivesAndTimesOutOtherwise() throws Exception {
        try (Wal wal = Wal.open(options(dir))) {
            wakesOnTheFirstRecordAndTimesOutBefore(wal, wal::awaitAppended);
        }
    }

    @Test
    void awaitDurableWakesOnceARecordIsSyncedAndTimesOutOtherwise() throws Exception {
        try (Wal wal = Wal.open(options(dir))) {
            wakesOnTheFirstRecordAndTimesOutBefore(wal, wal::awaitDurable);
            assertThat(wal.durableLsn()).isEqualTo(Lsn.of(1));
            assertThat(wal.awaitDurable(Lsn.of(1), Duration.ZERO)).isFalse();
        }
    }

    /** A wait of the WAL ({@code awaitAppended}, {@code awaitDurable}) after LSN 0. */
    interface LogWait {
        boolean await(Lsn after, Duration timeout) throws InterruptedException;
    }

    private static void wakesOnTheFirstRecordAndTimesOutBefore(Wal wal, LogWait wait) throws Exception {
        long start = System.nanoTime();
        assertThat(wait.await(Lsn.ZERO, Duration.ofMillis(50))).isFalse();
        assertThat(System.nanoTime() - start).isGreaterThanOrEqualTo(Duration.ofMillis(50).toNanos());
        CompletableFuture<Boolean> waiter = CompletableFuture.supplyAsync(() -> {
            try {
                return wait.await(Lsn.ZERO, Duration.ofSeconds(30));
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        Thread.sleep(50);
        assertThat(waiter).isNotDone();
        long appended = System.nanoTime();
        await(wal.append(E1, (byte) 0, new byte[1], 0));
        assertThat(await(waiter)).isTrue();
        assertThat(System.nanoTime() - appended).isLessThan(Duration.ofSeconds(5).toNanos());
        assertThat(wait.await(Lsn.ZERO, Duration.ZERO)).isTrue();
    }

    @Test
    void closeCompletesQueuedAppendsAndLaterOnesFail() throws Exception {
        Wal wal = Wal.open(options(dir));
        List<CompletableFuture<WalRecord>> queued = new ArrayList<>();
        for (int i = 0; i < 2000; i++) {
            queued.add(wal.append(E1, (byte) 0, payload(i), i));
        }
        CompletableFuture<Boolean> waiter = CompletableFuture.supplyAsync(() -> {
            try {
                return wal.awaitAppended(Lsn.of(1_000_000), Duration.ofSeconds(30));
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        wal.close();
        for (CompletableFuture<WalRecord> f : queued) {
            assertThat(f).isCompleted();
        }
        assertThat(queued.stream().filter(f -> !f.isCompletedExceptionally()).count()).isEqualTo(2000);
        assertThatThrownBy(() -> await(wal.append(E1, (byte) 0, new byte[1], 0))).isInstanceOf(WalClosedException.class);
        assertThatThrownBy(() -> wal.read(Lsn.of(1), 1, 1)).isInstanceOf(WalClosedException.class);
        assertThat(await(waiter)).isFalse();
        try (Wal again = Wal.open(options(dir))) {
            assertThat(again.lastLsn()).isEqualTo(Lsn.of(2000));
        }
    }

    @Test
    void aDirectoryCanBeOpenedByOneWalAtATime() throws Exception {
        try (Wal wal = Wal.open(options(dir))) {
            assertThatThrownBy(() -> Wal.open(options(dir))).isInstanceOf(WalException.class)
                    .hasMessageContaining("in use");
            assertThat(WalVerifier.verify(dir).isError()).isTrue();
        }
        Wal.open(options(dir)).close();
    }

    @Test
    void withoutFsyncOrCompressionRecordsStillRoundTrip() throws Exception {
        WalOptions plain = options(dir).withFsync(false).withCompression(false);
        List<WalRecord> written;
        try (Wal wal = Wal.open(plain)) {
            written = appendPipelined(wal, E1, 3000);
            assertThat(wal.durableLsn()).isLessThan(wal.lastLsn());
        }
        try (Wal wal = Wal.open(plain)) {
            assertLogIs(wal, written);
            assertThat(wal.durableLsn()).isEqualTo(wal.lastLsn());
        }
    }

    @Test
    void optionsRejectNonsense() {
        assertThatThrownBy(() -> options(dir).withSegmentBytes(100)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> options(dir).withBatchSize(0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> options(dir).withMaxRecordBytes(WalOptions.MAX_RECORD_BYTES_LIMIT + 1))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> options(dir).withFlushInterval(Duration.ofMillis(-1)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    private List<Path> segments() throws Exception {
        return files(".seg");
    }

    private List<Path> indexFiles() throws Exception {
        return files(".idx");
    }

    private List<Path> files(String suffix) throws Exception {
        try (Stream<Path> s = Files.list(dir)) {
            List<Path> list = new ArrayList<>(s.filter(p -> p.toString().endsWith(suffix)).toList());
            Collections.sort(list);
            return list;
        }
    }

    static long size(Path p) {
        try {
            return Files.size(p);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @SuppressWarnings("unused")
    private static List<WalRecord> all(Wal wal) throws WalException {
        return readAll(wal);
    }
}
