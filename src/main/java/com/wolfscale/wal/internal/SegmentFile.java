package com.wolfscale.wal.internal;

import com.wolfscale.wal.WalStorage;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.AsynchronousCloseException;
import java.nio.channels.ClosedByInterruptException;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.OptionalLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * One segment file {@code wal-<20-digit base LSN>.seg}: a {@link SegmentHeader} followed by batches, the
 * segment's {@link SparseIndex}, and what the log knows about its end (length, last LSN, newest
 * timestamp).
 *
 * <p>Thread-safety: the WAL writer thread is the only one that writes, truncates, updates the end
 * fields and retires a segment. Readers use {@link #read}, positional reads through a shared read
 * channel. A positional read on an interruptible channel closes it when the reading thread is
 * interrupted; the next reader then opens a fresh channel, so one interrupted reader never breaks the
 * others or the writer (which has its own channel).
 */
public final class SegmentFile {

    private static final System.Logger LOG = System.getLogger(SegmentFile.class.getName());
    private static final Pattern NAME = Pattern.compile("wal-(\\d{20})\\.seg");

    private final WalStorage storage;
    private final Path path;
    private final long baseLsn;
    private final SparseIndex index;
    private volatile long size;
    private volatile long lastLsn;
    private volatile long maxTimestampMicros;
    private volatile FileChannel readChannel;
    private volatile boolean retired;
    private FileChannel writeChannel;

    public SegmentFile(WalStorage storage, Path path, long baseLsn, SparseIndex index, long size, long lastLsn,
                       long maxTimestampMicros) {
        this.storage = storage;
        this.path = path;
        this.baseLsn = baseLsn;
        this.index = index;
        this.size = size;
        this.lastLsn = lastLsn;
        this.maxTimestampMicros = maxTimestampMicros;
    }

    public static Path segmentPath(Path dir, long baseLsn) {
        return dir.resolve(String.format("wal-%020d.seg", baseLsn));
    }

    public static Path indexPath(Path dir, long baseLsn) {
        return dir.resolve(String.format("wal-%020d.idx", baseLsn));
    }

    /** The base LSN in a segment file name, or empty if {@code file} is not named like a segment. */
    public static OptionalLong parseBaseLsn(Path file) {
        Matcher m = NAME.matcher(file.getFileName().toString());
        return m.matches() ? OptionalLong.of(Long.parseLong(m.group(1))) : OptionalLong.empty();
    }

    /** Base LSNs of the segment files in {@code dir}, ascending. */
    public static List<Long> listBaseLsns(Path dir) throws IOException {
        List<Long> bases = new ArrayList<>();
        try (Stream<Path> files = Files.list(dir)) {
            files.forEach(p -> parseBaseLsn(p).ifPresent(bases::add));
        }
        bases.sort(null);
        return bases;
    }

    /**
     * Creates an empty segment: the header is written into {@code prepared} (a zero-filled spare from
     * {@link SegmentPreallocator}) or into a new temporary file when it is null, fsynced, and the file is
     * renamed into place, so a segment file never exists without a whole header. The caller syncs the
     * directory.
     */
    public static SegmentFile create(WalStorage storage, Path dir, long baseLsn, Path prepared) throws IOException {
        Path target = segmentPath(dir, baseLsn);
        Path temp = prepared != null ? prepared : target.resolveSibling(target.getFileName() + CheckpointFile.TEMP_SUFFIX);
        ByteBuffer header = SegmentHeader.encode(baseLsn);
        EnumSet<StandardOpenOption> open = prepared != null ? EnumSet.of(StandardOpenOption.WRITE)
                : EnumSet.of(StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE);
        try (FileChannel channel = storage.open(temp, open)) {
            while (header.hasRemaining()) {
                channel.write(header, header.position());
            }
            channel.force(true);
        } catch (IOException e) {
            storage.delete(temp);
            throw e;
        }
        storage.move(temp, target);
        return new SegmentFile(storage, target, baseLsn, new SparseIndex(), SegmentHeader.BYTES, baseLsn - 1,
                Long.MIN_VALUE);
    }

    /** Creates an empty segment preallocated to {@code bytes} right now (the first segment of a new log). */
    public static SegmentFile createPreallocated(WalStorage storage, Path dir, long baseLsn, long bytes)
            throws IOException {
        Path temp = segmentPath(dir, baseLsn).resolveSibling("wal-first" + CheckpointFile.TEMP_SUFFIX);
        SegmentPreallocator.zeroFill(storage, temp, bytes);
        return create(storage, dir, baseLsn, temp);
    }

    public Path path() {
        return path;
    }

    public Path indexPath() {
        return indexPath(path.getParent(), baseLsn);
    }

    public long baseLsn() {
        return baseLsn;
    }

    public SparseIndex index() {
        return index;
    }

    /** Bytes of whole batches (plus header) written so far. */
    public long size() {
        return size;
    }

    /** LSN of the last record in the segment; {@code baseLsn - 1} when it has none. */
    public long lastLsn() {
        return lastLsn;
    }

    public long maxTimestampMicros() {
        return maxTimestampMicros;
    }

    /** Reads at {@code position}; see the class comment for what happens to a channel closed by an interrupt. */
    public int read(ByteBuffer dst, long position) throws IOException {
        while (true) {
            FileChannel channel = readChannel();
            try {
                return channel.read(dst, position);
            } catch (ClosedByInterruptException e) {
                throw e;
            } catch (AsynchronousCloseException e) {
                reopenAfter(channel);
            } catch (ClosedChannelException e) {
                reopenAfter(channel);
            }
        }
    }

    /** Reads exactly {@code dst.remaining()} bytes at {@code position}, or fails with an {@link java.io.EOFException}. */
    public void readFully(ByteBuffer dst, long position) throws IOException {
        long p = position;
        while (dst.hasRemaining()) {
            int n = read(dst, p);
            if (n < 0) {
                throw new java.io.EOFException(path + " ends at byte " + p + " inside a read");
            }
            p += n;
        }
    }

    private FileChannel readChannel() throws IOException {
        FileChannel channel = readChannel;
        if (channel == null) {
            channel = reopenAfter(null);
        }
        return channel;
    }

    private synchronized FileChannel reopenAfter(FileChannel broken) throws IOException {
        if (retired) {
            throw new ClosedChannelException();
        }
        if (readChannel == broken) {
            readChannel = storage.open(path, EnumSet.of(StandardOpenOption.READ));
        }
        return readChannel;
    }

    // ---- writer thread only ----

    /** Writes all of {@code batch} at the current end; the caller records the new end with {@link #advance}. */
    public void writeAtEnd(ByteBuffer batch) throws IOException {
        FileChannel channel = writeChannel();
        long p = size;
        while (batch.hasRemaining()) {
            p += channel.write(batch, p);
        }
    }

    /** Publishes a batch written by {@link #writeAtEnd}: readers may now read it. */
    public void advance(long newSize, long newLastLsn, long batchFirstLsn, long batchOffset, long maxTimestamp) {
        index.onBatch(batchFirstLsn, batchOffset);
        maxTimestampMicros = Math.max(maxTimestampMicros, maxTimestamp);
        lastLsn = newLastLsn;
        size = newSize;
    }

    /**
     * Closes the segment for good when the log rolls past it: makes its bytes durable and cuts the unused
     * preallocated zeros, so a closed segment ends exactly after its last batch.
     */
    public void seal() throws IOException {
        FileChannel channel = writeChannel();
        channel.force(false);
        if (channel.size() > size) {
            channel.truncate(size);
            channel.force(true);
        }
    }

    /** Cuts the file at {@code newSize} (not durable until {@link #force}). */
    public void truncate(long newSize, long newLastLsn) throws IOException {
        writeChannel().truncate(newSize);
        index.truncateAt(newSize);
        size = newSize;
        lastLsn = newLastLsn;
    }

    /** Sets what is known about the segment's end after recovery scanned it or a truncation cut it. */
    public void resetEnd(long newSize, long newLastLsn, long maxTimestamp) {
        maxTimestampMicros = maxTimestamp;
        lastLsn = newLastLsn;
        size = newSize;
    }

    public void force() throws IOException {
        writeChannel().force(false);
    }

    /** Writes the index file of this (closed) segment; a failure only costs a scan at the next open. */
    public void persistIndexQuietly() {
        byte[] content = index.toFileContent(baseLsn, new SparseIndex.Summary(size, lastLsn, maxTimestampMicros));
        try {
            new CheckpointFile(storage, indexPath()).write(content, false);
        } catch (IOException e) {
            LOG.log(System.Logger.Level.WARNING, "WAL: cannot write the index {0} ({1}); it will be rebuilt at "
                    + "the next open", indexPath(), e.toString());
        }
    }

    /** Closes every channel; reads from now on fail. Used when the segment is deleted or the WAL closes. */
    public synchronized void retire() {
        retired = true;
        closeQuietly(readChannel);
        closeQuietly(writeChannel);
        readChannel = null;
        writeChannel = null;
    }

    /** Closes the write channel (the segment is no longer active); reads continue. */
    public void closeWriteChannel() {
        closeQuietly(writeChannel);
        writeChannel = null;
    }

    private FileChannel writeChannel() throws IOException {
        if (writeChannel == null) {
            writeChannel = storage.open(path, EnumSet.of(StandardOpenOption.READ, StandardOpenOption.WRITE));
        }
        return writeChannel;
    }

    private static void closeQuietly(FileChannel channel) {
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException ignored) {
                // close never discards written bytes; durability comes only from force()
            }
        }
    }

    @Override
    public String toString() {
        return path.getFileName() + "[" + baseLsn + ".." + lastLsn + ", " + size + " bytes]";
    }
}
