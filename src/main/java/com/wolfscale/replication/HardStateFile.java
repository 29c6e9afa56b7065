package com.wolfscale.replication;

import com.wolfscale.common.Epoch;
import com.wolfscale.common.NodeId;
import com.wolfscale.core.HardState;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Optional;
import java.util.zip.CRC32C;

/**
 * The node's epoch and vote on disk. Written to a temporary file, fsynced, renamed over the old one and
 * the directory fsynced, so a crash leaves either the old or the new state, never a torn one.
 *
 * <pre>
 * offset size field
 * 0      4    magic "WSHS"
 * 4      1    format version (1)
 * 5      8    epoch (u64)
 * 13     2    length n of votedFor (0 = no vote)
 * 15     n    votedFor node id, UTF-8
 * 15+n   4    CRC32C of bytes [0, 15+n)
 * </pre>
 * Not thread-safe: written only by the core loop.
 */
public final class HardStateFile {

    private static final int MAGIC = 0x57534853; // "WSHS"
    private final Path file;

    public HardStateFile(Path dir) {
        this.file = dir.resolve("hardstate");
    }

    public Path path() {
        return file;
    }

    /** Reads the state; {@link HardState#INITIAL} when the file does not exist yet. */
    public HardState read() throws IOException {
        if (!Files.exists(file)) {
            return HardState.INITIAL;
        }
        byte[] b = Files.readAllBytes(file);
        ByteBuffer in = ByteBuffer.wrap(b);
        if (b.length < 19 || in.getInt() != MAGIC || in.get() != 1) {
            throw corrupt("bad header");
        }
        long epoch = in.getLong();
        int n = Short.toUnsignedInt(in.getShort());
        if (b.length != 19 + n) {
            throw corrupt("length " + b.length + " does not match a " + n + "-byte vote");
        }
        CRC32C crc = new CRC32C();
        crc.update(b, 0, 15 + n);
        if ((int) crc.getValue() != ByteBuffer.wrap(b, 15 + n, 4).getInt()) {
            throw corrupt("CRC32C mismatch");
        }
        Optional<NodeId> vote = n == 0 ? Optional.empty()
                : Optional.of(NodeId.of(new String(b, 15, n, StandardCharsets.UTF_8)));
        return new HardState(Epoch.of(epoch), vote);
    }

    public void write(HardState state) throws IOException {
        byte[] vote = state.votedFor().map(v -> v.value().getBytes(StandardCharsets.UTF_8)).orElse(new byte[0]);
        ByteBuffer out = ByteBuffer.allocate(19 + vote.length);
        out.putInt(MAGIC).put((byte) 1).putLong(state.epoch().value()).putShort((short) vote.length).put(vote);
        CRC32C crc = new CRC32C();
        crc.update(out.array(), 0, 15 + vote.length);
        out.putInt((int) crc.getValue());
        Files.createDirectories(file.getParent());
        Path tmp = file.resolveSibling("hardstate.tmp");
        try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            ch.write(ByteBuffer.wrap(out.array()));
            ch.force(true);
        }
        try {
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            throw new IOException("the file system of " + file + " cannot rename atomically", e);
        }
        try (FileChannel dir = FileChannel.open(file.getParent(), StandardOpenOption.READ)) {
            dir.force(true);
        }
    }

    private IOException corrupt(String why) {
        return new IOException(file + " is corrupt (" + why + "). It holds this node's epoch and vote; do not "
                + "delete it while the cluster runs. If the node's data must be rebuilt, reset the node and migrate it.");
    }
}
