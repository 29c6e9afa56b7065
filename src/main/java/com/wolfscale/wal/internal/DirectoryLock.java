package com.wolfscale.wal.internal;

import com.wolfscale.wal.WalException;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * An exclusive lock on a WAL directory (the file {@code lock}), held while a {@link com.wolfscale.wal.Wal}
 * is open or {@code wal verify} runs, so two writers, or a repair and a running node, never share a log.
 * The operating system releases it when the process dies. Thread-safe.
 */
public final class DirectoryLock implements AutoCloseable {

    public static final String FILE_NAME = "lock";

    private final FileChannel channel;
    private final FileLock lock;

    private DirectoryLock(FileChannel channel, FileLock lock) {
        this.channel = channel;
        this.lock = lock;
    }

    public static DirectoryLock acquire(Path dir) throws WalException {
        Path file = dir.resolve(FILE_NAME);
        FileChannel channel = null;
        try {
            channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            FileLock lock = channel.tryLock();
            if (lock != null) {
                return new DirectoryLock(channel, lock);
            }
        } catch (OverlappingFileLockException e) {
            // held by this very process: fall through to the same report
        } catch (IOException e) {
            closeQuietly(channel);
            throw new WalException("cannot lock the WAL directory " + dir + " (" + file + "): " + e.getMessage(), e);
        }
        closeQuietly(channel);
        throw new WalException("the WAL directory " + dir + " is in use by another WolfScale process or WAL "
                + "instance (" + file + " is locked); stop it first");
    }

    @Override
    public void close() {
        try {
            lock.release();
        } catch (IOException ignored) {
            // closing the channel below releases the lock as well
        }
        closeQuietly(channel);
    }

    private static void closeQuietly(FileChannel channel) {
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException ignored) {
                // nothing was written through this channel
            }
        }
    }
}
