package com.wolfscale.wal.internal;

import com.wolfscale.common.Lsn;
import com.wolfscale.wal.WalCorruptionException;
import com.wolfscale.wal.WalStorage;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.Optional;
import java.util.zip.CRC32C;

/**
 * A small metadata file (index, epoch history, truncation intent) that is replaced as a whole: the
 * content plus a trailing CRC-32C is written to {@code <name>.tmp}, fsynced and renamed over the target,
 * so a reader sees the old content or the new one, never a mix. The rename becomes durable with the
 * directory fsync, which {@link #write} does unless the caller batches it with other changes.
 * Stateless apart from its path; thread-safe.
 */
public final class CheckpointFile {

    public static final String TEMP_SUFFIX = ".tmp";

    private final WalStorage storage;
    private final Path path;

    public CheckpointFile(WalStorage storage, Path path) {
        this.storage = storage;
        this.path = path;
    }

    public Path path() {
        return path;
    }

    /** Replaces the file with {@code content}; durable when this returns if {@code syncDirectory}. */
    public void write(byte[] content, boolean syncDirectory) throws IOException {
        Path temp = path.resolveSibling(path.getFileName() + TEMP_SUFFIX);
        CRC32C crc = new CRC32C();
        crc.update(content);
        ByteBuffer all = ByteBuffer.allocate(content.length + 4).put(content).putInt((int) crc.getValue()).flip();
        try (FileChannel channel = storage.open(temp, EnumSet.of(StandardOpenOption.CREATE,
                StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE))) {
            while (all.hasRemaining()) {
                channel.write(all, all.position());
            }
            channel.force(true);
        } catch (IOException e) {
            storage.delete(temp);
            throw e;
        }
        storage.move(temp, path);
        if (syncDirectory) {
            storage.syncDirectory(path.getParent());
        }
    }

    /** The content, or empty when the file does not exist; a CRC mismatch is corruption. */
    public Optional<byte[]> read() throws IOException, WalCorruptionException {
        byte[] all;
        try {
            all = Files.readAllBytes(path);
        } catch (NoSuchFileException e) {
            return Optional.empty();
        }
        return Optional.of(verify(all));
    }

    /** The content, or empty when the file is missing or damaged (for files that can be rebuilt). */
    public Optional<byte[]> readIfValid() throws IOException {
        try {
            return read();
        } catch (WalCorruptionException e) {
            return Optional.empty();
        }
    }

    public void delete() throws IOException {
        storage.delete(path);
    }

    private byte[] verify(byte[] all) throws WalCorruptionException {
        if (all.length < 4) {
            throw new WalCorruptionException(path, 0, Lsn.ZERO, "file is " + all.length + " bytes, too short");
        }
        CRC32C crc = new CRC32C();
        crc.update(all, 0, all.length - 4);
        if (ByteBuffer.wrap(all).getInt(all.length - 4) != (int) crc.getValue()) {
            throw new WalCorruptionException(path, all.length - 4, Lsn.ZERO, "CRC-32C of the file does not match");
        }
        return Arrays.copyOf(all, all.length - 4);
    }
}
