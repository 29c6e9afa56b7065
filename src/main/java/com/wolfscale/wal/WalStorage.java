package com.wolfscale.wal;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.util.Set;

/**
 * The file operations the WAL performs that can fail in ways it must handle: opening channels (whose
 * writes can hit ENOSPC and whose {@code force} can fail), renaming, deleting and syncing a directory.
 * Production uses {@link #local()}; tests wrap it to simulate a full disk or a failing fsync. Listing a
 * directory and reading file sizes go straight to {@link java.nio.file.Files}.
 *
 * <p>Implementations must be thread-safe: the writer thread and readers call them concurrently.
 */
public interface WalStorage {

    /** Opens a channel; the WAL uses positional reads and writes only. */
    FileChannel open(Path file, Set<? extends OpenOption> options) throws IOException;

    /** Makes creations, renames and deletions in {@code dir} durable (fsync of the directory). */
    void syncDirectory(Path dir) throws IOException;

    /** Atomically renames {@code source} to {@code target}, replacing it. Not durable until {@link #syncDirectory}. */
    void move(Path source, Path target) throws IOException;

    /** Deletes the file if it exists. Not durable until {@link #syncDirectory}. */
    void delete(Path file) throws IOException;

    /** The real file system. */
    static WalStorage local() {
        return LocalWalStorage.INSTANCE;
    }
}
