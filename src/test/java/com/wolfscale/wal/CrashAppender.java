package com.wolfscale.wal;

import com.wolfscale.common.Epoch;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Random;
import java.util.concurrent.Semaphore;
import java.util.zip.CRC32;

/**
 * Child process of {@link WalCrashTest}: appends self-checking records from several threads for ever and
 * prints {@code D <lsn> <crc>} for every append that completed (is durable), until it is killed.
 * Arguments: WAL directory, threads, epoch, random seed.
 */
public final class CrashAppender {

    private CrashAppender() {
    }

    /** A payload that carries the CRC-32 of its own content in its last 4 bytes. */
    static byte[] selfCheckingPayload(Random random, int thread, long seq) {
        byte[] p = new byte[16 + random.nextInt(random.nextInt(10) == 0 ? 20_000 : 300) + 4];
        ByteBuffer b = ByteBuffer.wrap(p);
        b.putInt(thread).putLong(seq).putInt(p.length);
        for (int i = 16; i < p.length - 4; i++) {
            p[i] = (byte) (random.nextInt(8) == 0 ? random.nextInt() : 'x');
        }
        CRC32 crc = new CRC32();
        crc.update(p, 0, p.length - 4);
        b.putInt(p.length - 4, (int) crc.getValue());
        return p;
    }

    /** Whether a payload is one {@link #selfCheckingPayload} made, unchanged. */
    static boolean intact(byte[] p) {
        if (p.length < 20 || ByteBuffer.wrap(p).getInt(12) != p.length) {
            return false;
        }
        CRC32 crc = new CRC32();
        crc.update(p, 0, p.length - 4);
        return ByteBuffer.wrap(p).getInt(p.length - 4) == (int) crc.getValue();
    }

    static long crcOf(byte[] p) {
        CRC32 crc = new CRC32();
        crc.update(p);
        return crc.getValue();
    }

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        int threads = Integer.parseInt(args[1]);
        Epoch epoch = Epoch.of(Long.parseLong(args[2]));
        long seed = Long.parseLong(args[3]);
        PrintStream out = new PrintStream(new FileOutputStream(FileDescriptor.out), true);
        Wal wal = Wal.open(WalOptions.defaults(dir).withSegmentBytes(256 << 10).withFlushInterval(Duration.ZERO));
        out.println("READY " + wal.lastLsn());
        for (int t = 0; t < threads; t++) {
            int thread = t;
            Thread.ofPlatform().start(() -> appendForever(wal, epoch, thread, new Random(seed * 31 + thread), out));
        }
        Thread.sleep(Long.MAX_VALUE);
    }

    private static void appendForever(Wal wal, Epoch epoch, int thread, Random random, PrintStream out) {
        // up to 8 appends in flight per thread, so group commits hold several records
        Semaphore inFlight = new Semaphore(8);
        for (long seq = 0; ; seq++) {
            inFlight.acquireUninterruptibly();
            byte[] payload = selfCheckingPayload(random, thread, seq);
            wal.append(epoch, (byte) thread, payload, System.currentTimeMillis() * 1000).whenComplete((r, e) -> {
                inFlight.release();
                if (r != null) {
                    out.println("D " + r.lsn() + " " + crcOf(r.payload()));
                }
            });
        }
    }
}
