package com.wolfscale.wal;

import static org.assertj.core.api.Assertions.assertThat;

import com.wolfscale.common.Epoch;
import com.wolfscale.common.Lsn;
import com.wolfscale.wal.internal.BatchCodec;
import com.wolfscale.wal.internal.BatchHeader;
import com.wolfscale.wal.internal.SegmentHeader;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** Small helpers shared by the WAL tests: options, payloads, appending and reading everything. */
final class WalTestSupport {

    static final Epoch E1 = Epoch.of(1);

    private WalTestSupport() {
    }

    /** Test options: fsync on (the disk is fast), small segments and batches so rolls and many batches happen. */
    static WalOptions options(Path dir) {
        return WalOptions.defaults(dir).withSegmentBytes(64 << 10).withBatchSize(100);
    }

    /** A payload that depends on {@code lsn} and barely compresses (so segments fill up). */
    static byte[] payload(long lsn) {
        return noise("record-" + lsn + "-", lsn, (int) (lsn % 97));
    }

    /** {@code prefix} followed by {@code n} pseudo-random bytes seeded by {@code seed}. */
    static byte[] noise(String prefix, long seed, int n) {
        byte[] head = prefix.getBytes(StandardCharsets.UTF_8);
        byte[] p = Arrays.copyOf(head, head.length + n);
        SplittableRandom random = new SplittableRandom(seed);
        for (int i = head.length; i < p.length; i++) {
            p[i] = (byte) random.nextInt(256);
        }
        return p;
    }

    static <T> T await(CompletableFuture<T> future) throws Exception {
        try {
            return future.get(30, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof Exception cause) {
                throw cause;
            }
            throw e;
        } catch (TimeoutException e) {
            throw new AssertionError("the WAL did not complete a future within 30 s", e);
        }
    }

    /** Appends {@code n} records of {@code epoch} one after the other; returns them. */
    static List<WalRecord> appendSequential(Wal wal, Epoch epoch, int n) throws Exception {
        List<WalRecord> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            long lsn = wal.lastLsn().value() + 1;
            out.add(await(wal.append(epoch, (byte) (lsn % 7), payload(lsn), 1_000_000L * lsn)));
        }
        return out;
    }

    /** Appends {@code n} records without waiting for each; returns them once all are durable. */
    static List<WalRecord> appendPipelined(Wal wal, Epoch epoch, int n) throws Exception {
        List<CompletableFuture<WalRecord>> futures = new ArrayList<>();
        long next = wal.lastLsn().value() + 1;
        for (int i = 0; i < n; i++) {
            long lsn = next + i;
            futures.add(wal.append(epoch, (byte) (lsn % 7), payload(lsn), 1_000_000L * lsn));
        }
        List<WalRecord> out = new ArrayList<>();
        for (CompletableFuture<WalRecord> f : futures) {
            out.add(await(f));
        }
        return out;
    }

    static List<WalRecord> readAll(Wal wal) throws WalException {
        List<WalRecord> out = new ArrayList<>();
        Lsn next = wal.firstLsn();
        while (true) {
            List<WalRecord> got = wal.read(next, 1000, 1 << 20);
            if (got.isEmpty()) {
                return out;
            }
            out.addAll(got);
            next = got.get(got.size() - 1).lsn().next();
        }
    }

    /** A batch found in a segment file. */
    record Batch(long offset, long baseLsn, long totalBytes) {
    }

    /** The batches of a segment file, up to its end or to the zeros of its preallocated tail. */
    static List<Batch> batches(Path segment) throws Exception {
        byte[] bytes = Files.readAllBytes(segment);
        List<Batch> out = new ArrayList<>();
        int p = SegmentHeader.BYTES;
        while (p + BatchCodec.HEADER_BYTES <= bytes.length && ByteBuffer.wrap(bytes).getInt(p) != 0) {
            BatchHeader h = BatchHeader.parse(ByteBuffer.wrap(bytes, p, bytes.length - p));
            out.add(new Batch(p, h.baseLsn(), h.totalBytes()));
            p += (int) h.totalBytes();
        }
        return out;
    }

    /** Byte offset where the batches of a segment file end. */
    static long dataEnd(Path segment) throws Exception {
        List<Batch> all = batches(segment);
        return all.isEmpty() ? SegmentHeader.BYTES : all.get(all.size() - 1).offset() + all.get(all.size() - 1).totalBytes();
    }

    /** The log holds exactly {@code expected}, contiguous from its first LSN. */
    static void assertLogIs(Wal wal, List<WalRecord> expected) throws WalException {
        List<WalRecord> all = readAll(wal);
        assertThat(all).containsExactlyElementsOf(expected);
        assertThat(wal.lastLsn()).isEqualTo(expected.isEmpty() ? wal.firstLsn().previous()
                : expected.get(expected.size() - 1).lsn());
    }
}
