package com.wolfscale.wal;

import com.wolfscale.testkit.DelegatingFileChannel;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * {@link WalStorage} over the real file system with switchable faults: a write budget after which writes
 * fail with ENOSPC (after writing what fits, as a real full disk does), failing fsync, failing deletes.
 * Thread-safe; each test has its own instance.
 */
final class FaultyStorage implements WalStorage {

    static final String ENOSPC = "No space left on device";

    /** Bytes writes may still add; negative means unlimited. */
    final AtomicLong writeBudget = new AtomicLong(-1);
    final AtomicBoolean failForce = new AtomicBoolean();
    final AtomicBoolean failDelete = new AtomicBoolean();
    final AtomicLong forces = new AtomicLong();

    @Override
    public FileChannel open(Path file, Set<? extends OpenOption> options) throws IOException {
        return new FaultyChannel(FileChannel.open(file, options));
    }

    @Override
    public void syncDirectory(Path dir) throws IOException {
        if (failForce.get()) {
            throw new IOException("Input/output error (injected directory fsync failure)");
        }
        WalStorage.local().syncDirectory(dir);
    }

    @Override
    public void move(Path source, Path target) throws IOException {
        WalStorage.local().move(source, target);
    }

    @Override
    public void delete(Path file) throws IOException {
        if (failDelete.get()) {
            throw new IOException("Input/output error (injected delete failure of " + file + ")");
        }
        WalStorage.local().delete(file);
    }

    void reset() {
        writeBudget.set(-1);
        failForce.set(false);
        failDelete.set(false);
    }

    /** Applies the faults to writes and force; everything else goes to the real channel. */
    private final class FaultyChannel extends DelegatingFileChannel {

        FaultyChannel(FileChannel real) {
            super(real);
        }

        private int allowed(ByteBuffer src) throws IOException {
            long budget = writeBudget.get();
            if (budget < 0) {
                return src.remaining();
            }
            if (budget == 0) {
                throw new IOException(ENOSPC);
            }
            int n = (int) Math.min(budget, src.remaining());
            writeBudget.addAndGet(-n);
            return n;
        }

        @Override
        public int write(ByteBuffer src, long position) throws IOException {
            int n = allowed(src);
            int written = real.write(src.slice(src.position(), n), position);
            src.position(src.position() + written);
            return written;
        }

        @Override
        public int write(ByteBuffer src) throws IOException {
            int n = allowed(src);
            int written = real.write(src.slice(src.position(), n));
            src.position(src.position() + written);
            return written;
        }

        @Override
        public long write(ByteBuffer[] srcs, int offset, int length) throws IOException {
            throw new UnsupportedOperationException("gathering writes are not used by the WAL");
        }

        @Override
        public void force(boolean metaData) throws IOException {
            forces.incrementAndGet();
            if (failForce.get()) {
                throw new IOException("Input/output error (injected fsync failure)");
            }
            real.force(metaData);
        }
    }
}
