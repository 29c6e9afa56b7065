package com.wolfscale.wal;

import static com.wolfscale.wal.WalTestSupport.E1;
import static com.wolfscale.wal.WalTestSupport.appendPipelined;
import static com.wolfscale.wal.WalTestSupport.appendSequential;
import static com.wolfscale.wal.WalTestSupport.assertLogIs;
import static com.wolfscale.wal.WalTestSupport.await;
import static com.wolfscale.wal.WalTestSupport.options;
import static com.wolfscale.wal.WalTestSupport.payload;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.wolfscale.common.Epoch;
import com.wolfscale.common.Lsn;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A full disk, failing fsync and truncations stopped half-way, injected through {@link WalStorage}. */
class WalFaultInjectionTest {

    @TempDir
    Path dir;

    private final FaultyStorage storage = new FaultyStorage();

    @Test
    void aFullDiskFailsTheAppendLeavesNoBytesAndNoHoleAndWritingResumesWhenSpaceReturns() throws Exception {
        List<WalRecord> written = new ArrayList<>();
        try (Wal wal = Wal.open(options(dir).withSegmentBytes(1 << 20), storage)) {
            written.addAll(appendSequential(wal, E1, 10));
            Path segment = dir.resolve("wal-00000000000000000001.seg");
            long end = WalTestSupport.dataEnd(segment);
            byte[] before = java.util.Arrays.copyOf(Files.readAllBytes(segment), (int) end);
            storage.writeBudget.set(20); // the next batch gets 20 bytes in, then ENOSPC
            assertThatThrownBy(() -> await(wal.append(E1, (byte) 0, payload(11), 11)))
                    .isInstanceOf(WalFullException.class).hasMessageContaining("full").hasMessageContaining(dir.toString());
            byte[] after = Files.readAllBytes(segment);
            assertThat(java.util.Arrays.copyOf(after, (int) end)).isEqualTo(before);
            assertThat(WalRecoveryTest.firstNonZero(after, end)).as("bytes after the undone write").isEqualTo(-1);
            assertThat(wal.lastLsn()).isEqualTo(Lsn.of(10));
            List<CompletableFuture<WalRecord>> burst = new ArrayList<>();
            for (int i = 0; i < 50; i++) {
                burst.add(wal.append(E1, (byte) 0, payload(i), i));
            }
            for (CompletableFuture<WalRecord> f : burst) {
                assertThatThrownBy(() -> await(f)).isInstanceOf(WalFullException.class);
            }
            storage.reset();
            WalRecord next = await(wal.append(E1, (byte) 0, payload(11), 11));
            assertThat(next.lsn()).isEqualTo(Lsn.of(11));
            written.add(next);
            written.addAll(appendPipelined(wal, E1, 100));
            assertLogIs(wal, written);
        }
        try (Wal wal = Wal.open(options(dir))) {
            assertLogIs(wal, written);
        }
    }

    @Test
    void aFullDiskWhileRollingOrStartingAnEpochChangesNothing() throws Exception {
        List<WalRecord> written = new ArrayList<>();
        try (Wal wal = Wal.open(options(dir).withSegmentBytes(8 << 10), storage)) {
            written.addAll(appendSequential(wal, E1, 60)); // about 5 KiB: the next big record rolls
            byte[] big = new byte[4000];
            new java.util.Random(1).nextBytes(big); // incompressible, so it really needs 4000 bytes
            storage.writeBudget.set(0);
            assertThatThrownBy(() -> await(wal.append(E1, (byte) 0, big, 0))).isInstanceOf(WalFullException.class)
                    .hasMessageContaining("creating segment");
            assertThatThrownBy(() -> await(wal.append(Epoch.of(2), (byte) 0, new byte[10], 0)))
                    .isInstanceOf(WalFullException.class).hasMessageContaining("epoch history");
            assertThat(wal.lastLsn()).isEqualTo(Lsn.of(60));
            assertThat(wal.lastEpoch()).isEqualTo(E1);
            storage.reset();
            written.add(await(wal.append(Epoch.of(2), (byte) 0, big, 0)));
            assertThat(written.get(60).lsn()).isEqualTo(Lsn.of(61));
        }
        try (Wal wal = Wal.open(options(dir))) {
            assertLogIs(wal, written);
            assertThat(wal.epochHistory()).containsExactly(new EpochStart(E1, Lsn.of(1)), new EpochStart(Epoch.of(2), Lsn.of(61)));
        }
    }

    @Test
    void anFsyncFailureFailsTheAppendAndEveryLaterWriteUntilReopened() throws Exception {
        List<WalRecord> durable;
        try (Wal wal = Wal.open(options(dir), storage)) {
            durable = appendSequential(wal, E1, 20);
            storage.failForce.set(true);
            assertThatThrownBy(() -> await(wal.append(E1, (byte) 0, payload(21), 21)))
                    .isInstanceOf(WalFailedException.class).hasMessageContaining("fsync").hasMessageContaining("reopen");
            storage.reset();
            long forces = storage.forces.get();
            assertThatThrownBy(() -> await(wal.append(E1, (byte) 0, payload(22), 22))).isInstanceOf(WalFailedException.class);
            assertThatThrownBy(() -> await(wal.truncateAfter(Lsn.of(5)))).isInstanceOf(WalFailedException.class);
            assertThatThrownBy(() -> await(wal.appendReplicated(List.of(new WalRecord(Lsn.of(22), E1, 0, (byte) 0,
                    new byte[0]))))).isInstanceOf(WalFailedException.class);
            assertThat(storage.forces.get()).as("no fsync is retried on the failed file").isEqualTo(forces);
            assertThat(wal.durableLsn()).isEqualTo(Lsn.of(20));
            assertThat(wal.read(Lsn.of(1), 100, 1 << 20)).startsWith(durable.toArray(WalRecord[]::new));
        }
        try (Wal wal = Wal.open(options(dir))) {
            // LSN 21 was written but its fsync failed: it may or may not survive, like a crash before fsync
            assertThat(wal.lastLsn().value()).isBetween(20L, 21L);
            assertThat(wal.read(Lsn.of(1), 20, 1 << 20)).isEqualTo(durable);
            long next = wal.lastLsn().value() + 1;
            assertThat(await(wal.append(E1, (byte) 0, payload(next), next)).lsn()).isEqualTo(Lsn.of(next));
        }
    }

    @Test
    void aSuffixTruncationStoppedHalfWayIsCompletedByTheNextOpen() throws Exception {
        List<WalRecord> written;
        try (Wal wal = Wal.open(options(dir), storage)) {
            written = appendPipelined(wal, E1, 3000);
            storage.failDelete.set(true);
            assertThatThrownBy(() -> await(wal.truncateAfter(Lsn.of(500)))).isInstanceOf(WalFailedException.class)
                    .hasMessageContaining("truncation-intent");
            assertThatThrownBy(() -> await(wal.append(E1, (byte) 0, new byte[1], 0))).isInstanceOf(WalFailedException.class);
            assertThatThrownBy(() -> wal.read(Lsn.of(1), 1, 1)).isInstanceOf(WalFailedException.class);
        }
        assertThat(Files.exists(dir.resolve("truncation-intent"))).isTrue();
        assertThat(WalVerifier.verify(dir).findings()).anySatisfy(f -> assertThat(f.message()).contains("pending"));
        try (Wal wal = Wal.open(options(dir))) {
            assertLogIs(wal, written.subList(0, 500));
            assertThat(await(wal.append(E1, (byte) 0, new byte[1], 0)).lsn()).isEqualTo(Lsn.of(501));
        }
        assertThat(Files.exists(dir.resolve("truncation-intent"))).isFalse();
    }

    @Test
    void aPrefixTruncationStoppedHalfWayIsCompletedByTheNextOpen() throws Exception {
        try (Wal wal = Wal.open(options(dir), storage)) {
            appendPipelined(wal, E1, 3000);
            storage.failDelete.set(true);
            assertThatThrownBy(() -> await(wal.truncateBefore(Lsn.of(2000)))).isInstanceOf(WalFailedException.class);
        }
        List<Long> bases;
        try (Stream<Path> s = Files.list(dir)) {
            bases = s.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".seg"))
                    .map(n -> Long.parseLong(n.substring(4, 24))).sorted().toList();
        }
        assertThat(bases.get(0)).isEqualTo(1);
        try (Wal wal = Wal.open(options(dir))) {
            assertThat(wal.firstLsn().value()).isGreaterThan(1).isLessThanOrEqualTo(2000);
            assertThat(wal.lastLsn()).isEqualTo(Lsn.of(3000));
            assertThat(WalTestSupport.readAll(wal)).hasSize((int) (3001 - wal.firstLsn().value()));
        }
    }
}
