package com.wolfscale.wal;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Set;

/** {@link WalStorage} on the real file system. Stateless and thread-safe. */
final class LocalWalStorage implements WalStorage {

    static final LocalWalStorage INSTANCE = new LocalWalStorage();

    private LocalWalStorage() {
    }

    @Override
    public FileChannel open(Path file, Set<? extends OpenOption> options) throws IOException {
        return FileChannel.open(file, options);
    }

    @Override
    public void syncDirectory(Path dir) throws IOException {
        // Linux lets a directory be opened read-only and fsynced; that is what makes a rename durable.
        try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
            channel.force(true);
        }
    }

    @Override
    public void move(Path source, Path target) throws IOException {
        Files.move(source, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    @Override
    public void delete(Path file) throws IOException {
        Files.deleteIfExists(file);
    }
}
