package com.wolfscale.wal.internal;

import com.wolfscale.wal.WalStorage;
import java.io.IOException;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;

/**
 * A truncation written down before it starts, so that a crash in the middle of it is finished by the next
 * open instead of leaving half a truncation. Every step of {@link #complete} is idempotent; the intent
 * file is deleted only when all of them are durable.
 *
 * <ul>
 *   <li>{@link Kind#SUFFIX} (divergence repair): delete every segment after {@code segmentBase}, cut that
 *       segment at {@code cutOffset}, append {@code replacementBatch} there (the records of a batch that
 *       straddles the truncation point and must stay), fsync, then install {@code epochHistory}.</li>
 *   <li>{@link Kind#PREFIX} (retention): delete, lowest first, every segment whose records all lie below
 *       {@code lsn}; the last segment is never deleted.</li>
 *   <li>{@link Kind#RESTART} (a snapshot was installed): create an empty segment starting at {@code lsn}
 *       if it is missing, install {@code epochHistory}, delete every other segment.</li>
 * </ul>
 *
 * <table>
 * <caption>truncation-intent file (followed by the CRC-32C trailer of {@link CheckpointFile})</caption>
 * <tr><th>Size</th><th>Field</th></tr>
 * <tr><td>8</td><td>magic {@code WSWALINT}</td></tr>
 * <tr><td>1</td><td>kind: 1 suffix, 2 prefix, 3 restart</td></tr>
 * <tr><td>8</td><td>lsn: last LSN kept (suffix), first LSN kept (prefix) or the new first LSN (restart)</td></tr>
 * <tr><td>8</td><td>segment base LSN (suffix)</td></tr>
 * <tr><td>8</td><td>cut offset (suffix)</td></tr>
 * <tr><td>4 + n</td><td>replacement batch (suffix; may be empty)</td></tr>
 * <tr><td>4 + m</td><td>epoch history file content to install (suffix, restart)</td></tr>
 * </table>
 */
public record TruncationIntent(Kind kind, long lsn, long segmentBase, long cutOffset, byte[] replacementBatch,
                               byte[] epochHistory) {

    public static final String FILE_NAME = "truncation-intent";
    private static final byte[] MAGIC = "WSWALINT".getBytes(StandardCharsets.US_ASCII);

    public enum Kind { SUFFIX, PREFIX, RESTART }

    public static TruncationIntent suffix(long lastKept, long segmentBase, long cutOffset, byte[] replacement,
                                          EpochHistory history) {
        return new TruncationIntent(Kind.SUFFIX, lastKept, segmentBase, cutOffset, replacement, history.encode());
    }

    public static TruncationIntent prefix(long firstKept) {
        return new TruncationIntent(Kind.PREFIX, firstKept, 0, 0, new byte[0], new byte[0]);
    }

    public static TruncationIntent restart(long firstLsn, EpochHistory history) {
        return new TruncationIntent(Kind.RESTART, firstLsn, firstLsn, 0, new byte[0], history.encode());
    }

    public byte[] encode() {
        ByteBuffer b = ByteBuffer.allocate(MAGIC.length + 1 + 24 + 8 + replacementBatch.length + epochHistory.length);
        b.put(MAGIC).put((byte) (kind.ordinal() + 1)).putLong(lsn).putLong(segmentBase).putLong(cutOffset)
                .putInt(replacementBatch.length).put(replacementBatch).putInt(epochHistory.length).put(epochHistory);
        return b.array();
    }

    /** Parses {@link #encode()}'s output (CRC already verified); IllegalArgumentException if malformed. */
    public static TruncationIntent decode(byte[] content) {
        try {
            ByteBuffer b = ByteBuffer.wrap(content);
            byte[] magic = new byte[MAGIC.length];
            b.get(magic);
            int kind = b.get();
            if (!Arrays.equals(magic, MAGIC) || kind < 1 || kind > 3) {
                throw new IllegalArgumentException("not a truncation intent");
            }
            long lsn = b.getLong();
            long base = b.getLong();
            long cut = b.getLong();
            byte[] replacement = new byte[b.getInt()];
            b.get(replacement);
            byte[] history = new byte[b.getInt()];
            b.get(history);
            return new TruncationIntent(Kind.values()[kind - 1], lsn, base, cut, replacement, history);
        } catch (BufferUnderflowException | NegativeArraySizeException e) {
            throw new IllegalArgumentException("truncation intent is malformed", e);
        }
    }

    /** Writes the intent durably; from now on the truncation happens even if the process dies. */
    public void record(WalStorage storage, Path dir) throws IOException {
        new CheckpointFile(storage, dir.resolve(FILE_NAME)).write(encode(), true);
    }

    /** Carries out every step on the files in {@code dir} and deletes the intent. Safe to repeat. */
    public void complete(WalStorage storage, Path dir) throws IOException {
        switch (kind) {
            case SUFFIX -> completeSuffix(storage, dir);
            case PREFIX -> completePrefix(storage, dir);
            case RESTART -> completeRestart(storage, dir);
        }
        storage.syncDirectory(dir);
        storage.delete(dir.resolve(FILE_NAME));
        storage.syncDirectory(dir);
    }

    private void completeSuffix(WalStorage storage, Path dir) throws IOException {
        List<Long> bases = SegmentFile.listBaseLsns(dir);
        for (int i = bases.size() - 1; i >= 0 && bases.get(i) > segmentBase; i--) {
            storage.delete(SegmentFile.indexPath(dir, bases.get(i)));
            storage.delete(SegmentFile.segmentPath(dir, bases.get(i)));
        }
        storage.delete(SegmentFile.indexPath(dir, segmentBase));
        try (FileChannel channel = storage.open(SegmentFile.segmentPath(dir, segmentBase),
                EnumSet.of(StandardOpenOption.READ, StandardOpenOption.WRITE))) {
            channel.truncate(cutOffset);
            ByteBuffer replacement = ByteBuffer.wrap(replacementBatch);
            long p = cutOffset;
            while (replacement.hasRemaining()) {
                p += channel.write(replacement, p);
            }
            channel.force(true);
        }
        new CheckpointFile(storage, dir.resolve(EpochHistory.FILE_NAME)).write(epochHistory, false);
    }

    private void completeRestart(WalStorage storage, Path dir) throws IOException {
        if (!SegmentFile.listBaseLsns(dir).contains(lsn)) {
            SegmentFile.create(storage, dir, lsn, null);
        }
        new CheckpointFile(storage, dir.resolve(EpochHistory.FILE_NAME)).write(epochHistory, false);
        for (long base : SegmentFile.listBaseLsns(dir)) {
            if (base != lsn) {
                storage.delete(SegmentFile.indexPath(dir, base));
                storage.delete(SegmentFile.segmentPath(dir, base));
            }
        }
    }

    private void completePrefix(WalStorage storage, Path dir) throws IOException {
        List<Long> bases = SegmentFile.listBaseLsns(dir);
        for (int i = 0; i + 1 < bases.size() && bases.get(i + 1) <= lsn; i++) {
            storage.delete(SegmentFile.indexPath(dir, bases.get(i)));
            storage.delete(SegmentFile.segmentPath(dir, bases.get(i)));
        }
    }
}
