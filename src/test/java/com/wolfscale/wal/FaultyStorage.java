package com.wolfscale.wal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.ReadableByteChannel;
import java.nio.channels.WritableByteChannel;
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

    /** Passes everything to a real channel, applying the faults to writes and force. */
    private final class FaultyChannel extends FileChannel {
        private final FileChannel real;

        FaultyChannel(FileChannel real) {
            this.real = real;
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
            ByteBuffer slice = src.slice(src.position(), n);
            int written = real.write(slice, position);
            src.position(src.position() + written);
            return written;
        }

        @Override
        public int write(ByteBuffer src) throws IOException {
            int n = allowed(src);
            ByteBuffer slice = src.slice(src.position(), n);
            int written = real.write(slice);
            src.position(src.position() + written);
            return written;
        }

        @Override
        public void force(boolean metaData) throws IOException {
            forces.incrementAndGet();
            if (failForce.get()) {
                throw new IOException("Input/output error (injected fsync failure)");
            }
            real.force(metaData);
        }

        @Override
        public int read(ByteBuffer dst) throws IOException {
            return real.read(dst);
        }

        @Override
        public long read(ByteBuffer[] dsts, int offset, int length) throws IOException {
            return real.read(dsts, offset, length);
        }

        @Override
        public long write(ByteBuffer[] srcs, int offset, int length) throws IOException {
            throw new UnsupportedOperationException("gathering writes are not used by the WAL");
        }

        @Override
        public long position() throws IOException {
            return real.position();
        }

        @Override
        public FileChannel position(long newPosition) throws IOException {
            real.position(newPosition);
            return this;
        }

        @Override
        public long size() throws IOException {
            return real.size();
        }

        @Override
        public FileChannel truncate(long size) throws IOException {
            real.truncate(size);
            return this;
        }

        @Override
        public long transferTo(long position, long count, WritableByteChannel target) throws IOException {
            return real.transferTo(position, count, target);
        }

        @Override
        public long transferFrom(ReadableByteChannel src, long position, long count) throws IOException {
            throw new UnsupportedOperationException("not used by the WAL");
        }

        @Override
        public int read(ByteBuffer dst, long position) throws IOException {
            return real.read(dst, position);
        }

        @Override
        public MappedByteBuffer map(MapMode mode, long position, long size) throws IOException {
            throw new UnsupportedOperationException("not used by the WAL");
        }

        @Override
        public FileLock lock(long position, long size, boolean shared) throws IOException {
            return real.lock(position, size, shared);
        }

        @Override
        public FileLock tryLock(long position, long size, boolean shared) throws IOException {
            return real.tryLock(position, size, shared);
        }

        @Override
        protected void implCloseChannel() throws IOException {
            real.close();
        }
    }
}
