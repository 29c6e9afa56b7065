package com.wolfscale.wal;

import static org.assertj.core.api.Assertions.assertThat;

import com.wolfscale.common.Lsn;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code kill -9} of a process appending from several threads, at random moments, then recovery: every
 * append that completed is present and intact, and the log is contiguous with only valid records.
 *
 * <p>A few iterations run in {@code mvn test}. For a long run:
 * {@code ./mvnw test -Dtest=WalCrashTest -Dwolfscale.wal.crashIterations=500}
 * (the seed of a run is printed; {@code -Dwolfscale.wal.crashSeed=N} repeats it).
 */
class WalCrashTest {

    @TempDir
    Path dir;

    @Test
    void everyCompletedAppendSurvivesKillMinusNine() throws Exception {
        int iterations = Integer.getInteger("wolfscale.wal.crashIterations", 4);
        long seed = Long.getLong("wolfscale.wal.crashSeed", System.nanoTime());
        System.out.println("WalCrashTest seed " + seed + ", " + iterations + " iterations");
        Random random = new Random(seed);
        long totalDurable = 0;
        for (int i = 1; i <= iterations; i++) {
            Map<Long, Long> durable = runAndKill(i, random.nextLong(), 20 + random.nextInt(400));
            totalDurable += durable.size();
            checkRecovered(durable);
        }
        assertThat(totalDurable).as("appends reported durable before the kills").isPositive();
        VerifyReport report = WalVerifier.verify(dir);
        assertThat(report.isClean()).as("%s", report.findings()).isTrue();
    }

    /** Runs the child until it has reported some durable appends plus {@code extraMillis}, then SIGKILLs it. */
    private Map<Long, Long> runAndKill(int epoch, long seed, int extraMillis) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process child = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                "-Xmx256m", CrashAppender.class.getName(), dir.toString(), "6", Integer.toString(epoch), Long.toString(seed))
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        Map<Long, Long> durable = new ConcurrentHashMap<>();
        CountDownLatch someDurable = new CountDownLatch(50);
        Thread reader = Thread.ofPlatform().start(() -> collect(child, durable, someDurable));
        try {
            assertThat(someDurable.await(30, TimeUnit.SECONDS)).as("child reports durable appends").isTrue();
            Thread.sleep(extraMillis);
        } finally {
            child.destroyForcibly();
            assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
            reader.join();
        }
        return durable;
    }

    private static void collect(Process child, Map<Long, Long> durable, CountDownLatch someDurable) {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line; (line = in.readLine()) != null; ) {
                String[] f = line.split(" ");
                if (f[0].equals("D") && f.length == 3) {
                    durable.put(Long.parseLong(f[1]), Long.parseLong(f[2]));
                    someDurable.countDown();
                }
            }
        } catch (Exception e) {
            // the child was killed mid-line: the lines read so far are what it reported
        }
    }

    private void checkRecovered(Map<Long, Long> durable) throws Exception {
        try (Wal wal = Wal.open(WalOptions.defaults(dir).withSegmentBytes(256 << 10).withFlushInterval(Duration.ZERO))) {
            long maxDurable = durable.keySet().stream().mapToLong(Long::longValue).max().orElse(0);
            assertThat(wal.lastLsn().value()).as("last LSN covers every reported append").isGreaterThanOrEqualTo(maxDurable);
            Lsn next = wal.firstLsn();
            long previousEpoch = 0;
            while (true) {
                List<WalRecord> got = wal.read(next, 500, 4 << 20);
                if (got.isEmpty()) {
                    break;
                }
                for (WalRecord r : got) {
                    assertThat(r.lsn()).isEqualTo(next);
                    assertThat(CrashAppender.intact(r.payload())).as("record %s is intact", r.lsn()).isTrue();
                    assertThat(r.epoch().value()).isGreaterThanOrEqualTo(previousEpoch);
                    assertThat(wal.epochAt(r.lsn())).contains(r.epoch());
                    Long crc = durable.remove(r.lsn().value());
                    if (crc != null) {
                        assertThat(CrashAppender.crcOf(r.payload())).as("record %s is the one reported", r.lsn()).isEqualTo(crc);
                    }
                    previousEpoch = r.epoch().value();
                    next = next.next();
                }
            }
            assertThat(next).isEqualTo(wal.lastLsn().next());
            assertThat(durable).as("reported durable but missing after recovery").isEmpty();
        }
    }
}
