package com.wolfscale.bench;

import com.wolfscale.common.Epoch;
import com.wolfscale.core.LogRecord;
import com.wolfscale.replication.ClusterMember;
import com.wolfscale.replication.ClusterMembers;
import com.wolfscale.wal.Wal;
import com.wolfscale.wal.WalOptions;
import com.wolfscale.wal.WalRecord;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

/**
 * Real loopback replication (issue #4): a 3-node cluster in one JVM (WAL with fsync on disk, TCP on
 * 127.0.0.1, core loops), {@code appenders} threads on the leader each appending a record and waiting
 * until it is committed (durable on a majority). Baseline in the same run: the same appenders on a bare
 * WAL of the same disk, waiting for local durability. Prints one JSON object as its last line.
 */
public final class ReplicationBenchmark {

    public static void main(String[] args) throws Exception {
        int appenders = args.length > 0 ? Integer.parseInt(args[0]) : 64;
        int recordBytes = args.length > 1 ? Integer.parseInt(args[1]) : 1024;
        long seconds = args.length > 2 ? Long.parseLong(args[2]) : 10;
        Path root = Files.createTempDirectory("wolfscale-bench-repl");
        try {
            Result local = localBaseline(root.resolve("local"), appenders, recordBytes, seconds);
            Result threeLogs = threeLocalLogs(root.resolve("three"), appenders, recordBytes, seconds);
            Result committed = replicated(root.resolve("cluster"), appenders, recordBytes, seconds);
            double ratio = committed.perSecond / local.perSecond;
            System.out.printf("three local WALs written at once (%d appenders each), per log: %.0f records/s%n",
                    appenders, threeLogs.perSecond);
            System.out.printf("local WAL: %.0f records/s (%.1f MB/s), p50 %.2f ms, p99 %.2f ms%n", local.perSecond,
                    local.mbPerSecond(recordBytes), local.p50, local.p99);
            System.out.printf("committed on a majority of 3: %.0f records/s (%.1f MB/s), p50 %.2f ms, p99 %.2f ms%n",
                    committed.perSecond, committed.mbPerSecond(recordBytes), committed.p50, committed.p99);
            System.out.printf("{\"appenders\": %d, \"record_bytes\": %d, \"committed_records_per_s\": %.0f, "
                            + "\"committed_mb_per_s\": %.2f, \"local_records_per_s\": %.0f, \"local_mb_per_s\": %.2f, "
                            + "\"ratio\": %.3f, \"commit_p50_ms\": %.3f, \"commit_p99_ms\": %.3f, "
                            + "\"local_p50_ms\": %.3f, \"local_p99_ms\": %.3f, "
                            + "\"three_local_logs_records_per_s_each\": %.0f, \"ratio_to_three_local_logs\": %.3f}%n",
                    appenders, recordBytes, committed.perSecond, committed.mbPerSecond(recordBytes), local.perSecond,
                    local.mbPerSecond(recordBytes), ratio, committed.p50, committed.p99, local.p50, local.p99,
                    threeLogs.perSecond, committed.perSecond / threeLogs.perSecond);
        } finally {
            try (Stream<Path> walk = Files.walk(root)) {
                walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    record Result(double perSecond, double p50, double p99) {
        double mbPerSecond(int recordBytes) {
            return perSecond * recordBytes / 1e6;
        }
    }

    interface Op {
        void run(byte[] payload) throws Exception;
    }

    static Result localBaseline(Path dir, int appenders, int recordBytes, long seconds) throws Exception {
        try (Wal wal = Wal.open(WalOptions.defaults(dir))) {
            return drive(appenders, recordBytes, seconds, p -> wal.append(Epoch.of(1), LogRecord.TRANSACTION, p, 0).get());
        }
    }

    /**
     * A second baseline for the same machine: three bare WALs in one process, each with {@code appenders}
     * closed-loop appenders, all at once (the cluster also keeps three logs on these cores and this disk).
     * Per-log rate: the total divided by three.
     */
    static Result threeLocalLogs(Path dir, int appenders, int recordBytes, long seconds) throws Exception {
        List<Wal> wals = new ArrayList<>();
        try {
            for (int i = 0; i < 3; i++) {
                wals.add(Wal.open(WalOptions.defaults(dir.resolve("wal-" + i))));
            }
            java.util.concurrent.atomic.AtomicInteger next = new java.util.concurrent.atomic.AtomicInteger();
            ThreadLocal<Wal> mine = ThreadLocal.withInitial(() -> wals.get(next.getAndIncrement() % 3));
            Result all = drive(3 * appenders, recordBytes, seconds,
                    p -> mine.get().append(Epoch.of(1), LogRecord.TRANSACTION, p, 0).get());
            return new Result(all.perSecond / 3, all.p50, all.p99);
        } finally {
            wals.forEach(Wal::close);
        }
    }

    static Result replicated(Path dir, int appenders, int recordBytes, long seconds) throws Exception {
        List<InetSocketAddress> addresses = ClusterMembers.freeAddresses(3);
        List<ClusterMember> members = new ArrayList<>();
        try {
            for (int i = 0; i < 3; i++) {
                members.add(ClusterMember.start(ClusterMembers.settings(i, addresses, dir, true), null, (k, l) -> { }));
            }
            ClusterMember leader = null;
            for (int i = 0; i < 1000 && leader == null; i++) {
                Thread.sleep(10);
                leader = members.stream().filter(m -> m.view().writable(m.loop().nowMs())).findFirst().orElse(null);
            }
            if (leader == null) {
                throw new IllegalStateException("no leader elected");
            }
            ClusterMember l = leader;
            return drive(appenders, recordBytes, seconds, p -> {
                // one park per record: the commit wait is chained on the append future
                if (!l.append(LogRecord.TRANSACTION, p, 0).thenCompose(r -> l.whenCommitted(r.lsn()))
                        .get(10, java.util.concurrent.TimeUnit.SECONDS)) {
                    throw new IllegalStateException("member stopped before its record was committed");
                }
            });
        } finally {
            members.forEach(ClusterMember::close);
        }
    }

    static Result drive(int appenders, int recordBytes, long seconds, Op op) throws Exception {
        AtomicBoolean measuring = new AtomicBoolean(false);
        AtomicBoolean stop = new AtomicBoolean(false);
        AtomicLong done = new AtomicLong();
        ConcurrentLinkedQueue<Long> latencies = new ConcurrentLinkedQueue<>();
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < appenders; t++) {
            threads.add(Thread.ofPlatform().start(() -> {
                byte[] payload = new byte[recordBytes];
                java.util.concurrent.ThreadLocalRandom.current().nextBytes(payload);
                while (!stop.get()) {
                    long start = System.nanoTime();
                    try {
                        op.run(payload);
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                    if (measuring.get()) {
                        done.incrementAndGet();
                        latencies.add(System.nanoTime() - start);
                    }
                }
            }));
        }
        Thread.sleep(1000); // warm-up
        measuring.set(true);
        long t0 = System.nanoTime();
        Thread.sleep(seconds * 1000);
        measuring.set(false);
        long elapsed = System.nanoTime() - t0;
        stop.set(true);
        for (Thread t : threads) {
            t.join();
        }
        long[] lat = latencies.stream().mapToLong(Long::longValue).sorted().toArray();
        return new Result(done.get() / (elapsed / 1e9), pct(lat, 50) / 1e6, pct(lat, 99) / 1e6);
    }

    static double pct(long[] sorted, double p) {
        if (sorted.length == 0) {
            return 0;
        }
        int i = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, i))];
    }

}
