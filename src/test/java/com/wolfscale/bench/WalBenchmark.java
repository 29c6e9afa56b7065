package com.wolfscale.bench;

import com.wolfscale.common.Epoch;
import com.wolfscale.common.Lsn;
import com.wolfscale.testkit.DelegatingFileChannel;
import com.wolfscale.wal.Wal;
import com.wolfscale.wal.WalOptions;
import com.wolfscale.wal.WalRecord;
import com.wolfscale.wal.WalStorage;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * WAL throughput and latency against a raw {@code FileChannel.write + force} baseline, on the disk that
 * holds {@code DIR} (run by {@code bench/wal}). Payloads are random bytes, so LZ4 is attempted and never
 * helps: the WAL writes at least the bytes the baseline writes. Appenders are closed loops (append, wait
 * until durable, repeat), so a group commit holds at most one record per appender and the baseline uses
 * the same number of records per fsync; the two alternate in slices so that other processes' I/O on a
 * shared disk hits both alike. Prints readable lines, then one JSON object as the last line.
 *
 * <p>Arguments: {@code DIR [seconds-per-case] [read-log-MiB] [cases]}, where cases is a comma-separated
 * subset of {@code 200b_1,...,4k_64,200b_8x4,pipelined,read} (default: all).
 */
public final class WalBenchmark {

    private static final int[] SIZES = {200, 4096};
    private static final int[] APPENDERS = {1, 8, 64};
    private static final long SEGMENT = 64L << 20;
    private static final int SLICES = 4;

    private final Path root;
    private final double seconds;
    private final Map<String, Object> json = new LinkedHashMap<>();

    private WalBenchmark(Path root, double seconds) {
        this.root = root;
        this.seconds = seconds;
    }

    public static void main(String[] args) throws Exception {
        WalBenchmark b = new WalBenchmark(Path.of(args[0]), args.length > 1 ? Double.parseDouble(args[1]) : 3);
        long readMiB = args.length > 2 ? Long.parseLong(args[2]) : 1024;
        Set<String> cases = args.length > 3 ? Set.of(args[3].split(",")) : null;
        for (int size : SIZES) {
            for (int n : APPENDERS) {
                if (cases == null || cases.contains(key(size, n))) {
                    b.compare(size, n);
                }
            }
        }
        if (cases == null || cases.contains("200b_8x4")) {
            b.windowed(200, 8, 4);
        }
        if (cases == null || cases.contains("pipelined")) {
            b.pipelined(200, 256);
        }
        if (cases == null || cases.contains("read")) {
            b.sequentialRead(readMiB);
        }
        System.out.println(b.json.entrySet().stream().map(e -> "\"" + e.getKey() + "\":" + e.getValue())
                .collect(Collectors.joining(",", "{", "}")));
    }

    private static String key(int size, int n) {
        return (size == 200 ? "200b" : "4k") + "_" + n;
    }

    /**
     * Baseline: one thread writes {@code batch} records' bytes from a prebuilt buffer and fsyncs, in a loop,
     * rolling to a new file at 64 MiB like the WAL (which keeps its segments too). Not thread-safe.
     */
    private static final class RawBaseline implements AutoCloseable {
        private final Path dir;
        private final ByteBuffer buffer;
        private final long[] fsyncNanos = new long[1 << 20];
        private FileChannel channel;
        private int file;
        private long position;
        long writes;
        double seconds;

        RawBaseline(Path dir, int bytesPerWrite) throws IOException {
            this.dir = Files.createDirectories(dir);
            byte[] random = new byte[bytesPerWrite];
            new SplittableRandom(bytesPerWrite).nextBytes(random);
            this.buffer = ByteBuffer.allocateDirect(bytesPerWrite).put(random).flip();
            this.channel = open();
        }

        private FileChannel open() throws IOException {
            return FileChannel.open(dir.resolve("raw-" + file), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        }

        /** Writes and fsyncs for {@code duration} seconds, adding to the totals. */
        void run(double duration) throws IOException {
            long start = System.nanoTime();
            long end = start + (long) (duration * 1e9);
            while (System.nanoTime() < end) {
                if (position + buffer.capacity() > SEGMENT) {
                    // files are deleted only at the end: the disk here is mounted with discard, and
                    // TRIMs issued during the run would slow the WAL slice that follows
                    channel.close();
                    file++;
                    channel = open();
                    position = 0;
                }
                long t = System.nanoTime();
                buffer.rewind();
                while (buffer.hasRemaining()) {
                    position += channel.write(buffer, position);
                }
                channel.force(false);
                fsyncNanos[(int) (writes++ & (fsyncNanos.length - 1))] = System.nanoTime() - t;
            }
            seconds += (System.nanoTime() - start) / 1e9;
        }

        double fsyncP50Micros() {
            return percentile(Arrays.copyOf(fsyncNanos, (int) Math.min(writes, fsyncNanos.length)), 0.5) / 1e3;
        }

        @Override
        public void close() throws IOException {
            channel.close();
            delete(dir);
        }
    }

    /**
     * The WAL with {@code appenders} closed-loop threads appending {@code size}-byte records (fsync on),
     * against the baseline writing as many records per fsync. The two run in {@value #SLICES} alternating
     * slices each, so a burst of I/O from other processes on a shared disk hits both alike.
     */
    private void compare(int size, int appenders) throws Exception {
        String k = key(size, appenders);
        Path dir = root.resolve("wal-" + k);
        CountingStorage storage = new CountingStorage();
        List<Result> slices = new ArrayList<>();
        long forces;
        try (Wal wal = Wal.open(walOptions(dir), storage);
             RawBaseline raw = new RawBaseline(root.resolve("raw-" + k), size * appenders)) {
            runAppenders(wal, size, appenders, seconds * 0.15); // warm-up: JIT, first segment
            raw.run(seconds * 0.05);
            raw.writes = 0;
            raw.seconds = 0;
            long forcesBefore = storage.forces.get();
            for (int i = 0; i < SLICES; i++) {
                raw.run(seconds / SLICES);
                slices.add(runAppenders(wal, size, appenders, seconds / SLICES));
            }
            forces = storage.forces.get() - forcesBefore;
            reportRaw(k, size * appenders, raw);
        }
        delete(dir);
        Result r = Result.merge(slices);
        json.put("avg_records_per_fsync_" + k, round((double) r.records / Math.max(1, forces)));
        report(k, size, r);
        double rawMb = ((Number) json.get("raw_mb_per_s_" + k)).doubleValue();
        json.put("ratio_to_raw_" + k, round(r.records * (double) size / r.seconds / 1e6 / rawMb));
        if (size == 4096 && appenders == 8) {
            json.put("ratio_to_raw", json.get("ratio_to_raw_4k_8"));
        }
    }

    private void reportRaw(String k, int bytesPerWrite, RawBaseline raw) {
        int records = bytesPerWrite / (k.startsWith("200b") ? 200 : 4096);
        double rate = raw.writes * records / raw.seconds;
        double mb = raw.writes * (double) bytesPerWrite / raw.seconds / 1e6;
        json.put("raw_records_per_s_" + k, Math.round(rate));
        json.put("raw_mb_per_s_" + k, round(mb));
        json.put("raw_write_fsync_p50_us_" + k, round(raw.fsyncP50Micros()));
        System.out.printf("raw  %-7s %9.0f records/s %8.1f MB/s  write+fsync p50 %.0f us%n", k, rate, mb,
                raw.fsyncP50Micros());
    }

    /** Defaults, except {@code -Dbench.flushIntervalMs} to compare gathering policies. */
    private static WalOptions walOptions(Path dir) {
        WalOptions o = WalOptions.defaults(dir);
        String flush = System.getProperty("bench.flushIntervalMs");
        return flush == null ? o : o.withFlushInterval(Duration.ofMillis(Long.parseLong(flush)));
    }

    private record Result(long records, double seconds, long[] latencies) {
        static Result merge(List<Result> parts) {
            return new Result(parts.stream().mapToLong(Result::records).sum(),
                    parts.stream().mapToDouble(Result::seconds).sum(),
                    parts.stream().flatMapToLong(p -> Arrays.stream(p.latencies())).toArray());
        }
    }

    private Result runAppenders(Wal wal, int size, int appenders, double duration) throws Exception {
        AtomicBoolean stop = new AtomicBoolean();
        List<long[]> samples = new ArrayList<>();
        AtomicLong records = new AtomicLong();
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < appenders; t++) {
            long[][] mine = {new long[1 << 16]};
            int seed = t;
            threads.add(Thread.ofPlatform().start(() -> {
                byte[][] payloads = payloads(size, seed);
                int n = 0;
                while (!stop.get()) {
                    long start = System.nanoTime();
                    wal.append(Epoch.of(1), (byte) 0, payloads[n & 15], start / 1000).join();
                    if (n == mine[0].length) {
                        mine[0] = Arrays.copyOf(mine[0], n * 2);
                    }
                    mine[0][n++] = System.nanoTime() - start;
                }
                records.addAndGet(n);
                synchronized (samples) {
                    samples.add(Arrays.copyOf(mine[0], n));
                }
            }));
        }
        long start = System.nanoTime();
        Thread.sleep((long) (duration * 1000));
        stop.set(true);
        for (Thread t : threads) {
            t.join();
        }
        double elapsed = (System.nanoTime() - start) / 1e9;
        long[] all = samples.stream().flatMapToLong(Arrays::stream).toArray();
        return new Result(records.get(), elapsed, all);
    }

    /**
     * Sixteen random payloads to cycle through: the WAL never modifies a payload, and generating one per
     * append would put the harness's own work on the measured path (the baseline writes a prebuilt buffer).
     */
    private static byte[][] payloads(int size, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        byte[][] payloads = new byte[16][size];
        for (byte[] p : payloads) {
            random.nextBytes(p);
        }
        return payloads;
    }

    private void report(String k, int size, Result r) {
        double rate = r.records / r.seconds;
        double mb = rate * size / 1e6;
        json.put("records_per_s_" + k, Math.round(rate));
        json.put("mb_per_s_" + k, round(mb));
        json.put("p50_durable_ms_" + k, round(percentile(r.latencies, 0.5) / 1e6));
        json.put("p99_durable_ms_" + k, round(percentile(r.latencies, 0.99) / 1e6));
        System.out.printf("wal  %-7s %9.0f records/s %8.1f MB/s  p50 %.3f ms  p99 %.3f ms%n", k, rate, mb,
                percentile(r.latencies, 0.5) / 1e6, percentile(r.latencies, 0.99) / 1e6);
    }

    /** {@code appenders} threads, each keeping {@code window} appends in flight (no raw equivalent). */
    private void windowed(int size, int appenders, int window) throws Exception {
        Path dir = root.resolve("wal-windowed");
        Result r;
        try (Wal wal = Wal.open(walOptions(dir))) {
            runWindowed(wal, size, appenders, window, seconds * 0.15);
            r = runWindowed(wal, size, appenders, window, seconds);
        }
        delete(dir);
        report(key(size, appenders) + "x" + window, size, r);
    }

    private Result runWindowed(Wal wal, int size, int appenders, int window, double duration) throws Exception {
        AtomicBoolean stop = new AtomicBoolean();
        long[] latencies = new long[1 << 22];
        AtomicLong records = new AtomicLong();
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < appenders; t++) {
            int seed = t;
            threads.add(Thread.ofPlatform().start(() -> {
                byte[][] payloads = payloads(size, seed);
                Semaphore inFlight = new Semaphore(window);
                for (int i = 0; !stop.get(); i++) {
                    inFlight.acquireUninterruptibly();
                    long start = System.nanoTime();
                    wal.append(Epoch.of(1), (byte) 0, payloads[i & 15], start / 1000).whenComplete((x, e) -> {
                        if (e == null) { // completions run one at a time on the WAL writer thread
                            long n = records.getAndIncrement();
                            latencies[(int) (n & (latencies.length - 1))] = System.nanoTime() - start;
                        }
                        inFlight.release();
                    });
                }
                inFlight.acquireUninterruptibly(window);
            }));
        }
        long start = System.nanoTime();
        Thread.sleep((long) (duration * 1000));
        stop.set(true);
        for (Thread t : threads) {
            t.join();
        }
        double elapsed = (System.nanoTime() - start) / 1e9;
        int n = (int) Math.min(records.get(), latencies.length);
        return new Result(records.get(), elapsed, Arrays.copyOf(latencies, n));
    }

    /** One thread keeping {@code window} appends in flight, as the binlog capture does. */
    private void pipelined(int size, int window) throws Exception {
        Path dir = root.resolve("wal-pipelined");
        try (Wal wal = Wal.open(WalOptions.defaults(dir))) {
            for (int round = 0; round < 2; round++) {
                Semaphore inFlight = new Semaphore(window);
                byte[][] payloads = payloads(size, 1);
                long n = 0;
                long start = System.nanoTime();
                long end = start + (long) ((round == 0 ? 0.15 : 1) * seconds * 1e9);
                CompletableFuture<WalRecord> last = null;
                while (System.nanoTime() < end) {
                    inFlight.acquireUninterruptibly();
                    last = wal.append(Epoch.of(1), (byte) 0, payloads[(int) (n & 15)], 0);
                    last.whenComplete((r, e) -> inFlight.release());
                    n++;
                }
                last.join();
                double rate = n / ((System.nanoTime() - start) / 1e9);
                if (round == 1) {
                    json.put("records_per_s_200b_pipelined", Math.round(rate));
                    System.out.printf("wal  200b, 1 appender, %d in flight: %9.0f records/s%n", window, rate);
                }
            }
        }
        delete(dir);
    }

    /** Writes a log much larger than the heap, then reads it from the start in one thread. */
    private void sequentialRead(long mib) throws Exception {
        Path dir = root.resolve("wal-read");
        int size = 4096;
        long records = (mib << 20) / size;
        try (Wal wal = Wal.open(WalOptions.defaults(dir).withFsync(false))) {
            SplittableRandom random = new SplittableRandom(2);
            List<CompletableFuture<WalRecord>> window = new ArrayList<>();
            for (long i = 0; i < records; i++) {
                byte[] payload = new byte[size];
                random.nextBytes(payload);
                window.add(wal.append(Epoch.of(1), (byte) 0, payload, 0));
                if (window.size() == 1000) {
                    window.forEach(CompletableFuture::join);
                    window.clear();
                }
            }
            window.forEach(CompletableFuture::join);
        }
        try (Wal wal = Wal.open(WalOptions.defaults(dir))) {
            long bytes = 0;
            long count = 0;
            long start = System.nanoTime();
            Lsn next = wal.firstLsn();
            for (List<WalRecord> got; !(got = wal.read(next, 1000, 4 << 20)).isEmpty(); ) {
                for (WalRecord r : got) {
                    bytes += r.payload().length;
                }
                count += got.size();
                next = got.get(got.size() - 1).lsn().next();
            }
            double elapsed = (System.nanoTime() - start) / 1e9;
            if (count != records) {
                throw new IllegalStateException("read " + count + " records, wrote " + records);
            }
            System.gc();
            long used = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
            json.put("read_mb_per_s", round(bytes / elapsed / 1e6));
            json.put("read_log_mb", round(wal.sizeOnDisk() / 1e6));
            json.put("heap_max_mb", round(Runtime.getRuntime().maxMemory() / 1e6));
            json.put("heap_used_mb_after_read", round(used / 1e6));
            System.out.printf("read %.0f MB log: %.0f MB/s; heap used after reading %.1f MB of max %.0f MB%n",
                    wal.sizeOnDisk() / 1e6, bytes / elapsed / 1e6, used / 1e6, Runtime.getRuntime().maxMemory() / 1e6);
        }
        delete(dir);
    }

    private static double percentile(long[] values, double p) {
        if (values.length == 0) {
            return 0;
        }
        long[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[(int) Math.min(sorted.length - 1, Math.floor(p * sorted.length))];
    }

    private static double round(double v) {
        return Math.round(v * 1000) / 1000.0;
    }

    private static void delete(Path dir) throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path p : files.sorted((a, b) -> b.getNameCount() - a.getNameCount()).toList()) {
                Files.delete(p);
            }
        }
    }

    /** The real file system, counting fsyncs of segment data to report records per group commit. */
    private static final class CountingStorage implements WalStorage {
        final AtomicLong forces = new AtomicLong();

        @Override
        public FileChannel open(Path file, Set<? extends OpenOption> options) throws IOException {
            FileChannel real = WalStorage.local().open(file, options);
            if (!file.getFileName().toString().endsWith(".seg")) {
                return real;
            }
            return new DelegatingFileChannel(real) {
                @Override
                public void force(boolean metaData) throws IOException {
                    forces.incrementAndGet();
                    super.force(metaData);
                }
            };
        }

        @Override
        public void syncDirectory(Path dir) throws IOException {
            WalStorage.local().syncDirectory(dir);
        }

        @Override
        public void move(Path source, Path target) throws IOException {
            WalStorage.local().move(source, target);
        }

        @Override
        public void delete(Path file) throws IOException {
            WalStorage.local().delete(file);
        }
    }
}
