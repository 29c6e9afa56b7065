package com.wolfscale.wal.internal;

import com.wolfscale.common.Lsn;
import com.wolfscale.wal.EpochStart;
import com.wolfscale.wal.WalCorruptionException;
import com.wolfscale.wal.WalStorage;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Recovery at open. In order: removes temporary files, finishes a truncation that a crash interrupted
 * ({@link TruncationIntent}), loads every closed segment from its index file (or scans it fully when the
 * index is missing or stale), checks that segments continue each other without a gap, scans the last
 * segment fully, truncates a torn tail, and reconciles the epoch history with the log.
 *
 * <p>The outcomes for bad bytes in the last segment (compare Ratis {@code SegmentedRaftLogReader}):
 * <ol>
 *   <li>nothing valid follows them: a torn tail, the remains of a write the crash interrupted, which no
 *       caller was told is durable; cut off with a warning;</li>
 *   <li>a valid batch follows them: corruption of records that may have been acknowledged;
 *       {@link WalCorruptionException} with file, offset and LSN.</li>
 * </ol>
 * Bad bytes in a closed segment are always corruption. A closed segment whose index file is valid is not
 * re-read at open (open time must not grow with the log); its batches are still checked by every read
 * and by {@code wal verify}. Single-threaded: runs before the WAL is shared.
 */
public final class LogLoader {

    private static final System.Logger LOG = System.getLogger(LogLoader.class.getName());

    /** The recovered log. {@code lastLsn} is {@code firstLsn - 1} when it holds no record. */
    public record Loaded(List<SegmentFile> segments, EpochHistory history, long lastLsn, long lastEpoch) {
    }

    private final WalStorage storage;
    private final Path dir;
    private final long segmentBytes;

    /** @param segmentBytes the size the first segment of a new log is preallocated to */
    public LogLoader(WalStorage storage, Path dir, long segmentBytes) {
        this.storage = storage;
        this.dir = dir;
        this.segmentBytes = segmentBytes;
    }

    public Loaded load() throws IOException, WalCorruptionException {
        removeTemporaryFiles();
        completeInterruptedTruncation();
        List<Long> bases = SegmentFile.listBaseLsns(dir);
        removeOrphanIndexes(bases);
        CheckpointFile historyFile = new CheckpointFile(storage, dir.resolve(EpochHistory.FILE_NAME));
        Optional<EpochHistory> stored = readHistory(historyFile);
        if (bases.isEmpty()) {
            return fresh(stored.orElse(EpochHistory.EMPTY));
        }
        EpochHistory history = stored.orElse(EpochHistory.EMPTY);
        List<SegmentFile> segments = new ArrayList<>();
        for (int i = 0; i < bases.size() - 1; i++) {
            segments.add(loadClosed(bases.get(i)));
        }
        long lastBase = bases.get(bases.size() - 1);
        long previousEpoch = history.epochCovering(lastBase - 1);
        SegmentScanner.Outcome tail = scanLast(lastBase, previousEpoch, segments);
        checkContinuity(segments);
        SegmentFile last = segments.get(segments.size() - 1);
        EpochHistory reconciled = reconcile(history, stored.isPresent(), segments, tail);
        if (!reconciled.equals(history) || stored.isEmpty()) {
            historyFile.write(reconciled.encode(), true);
        }
        return new Loaded(segments, reconciled, last.lastLsn(), reconciled.epochCovering(last.lastLsn()));
    }

    private Loaded fresh(EpochHistory history) throws IOException, WalCorruptionException {
        if (!history.isEmpty()) {
            EpochStart lastStart = history.entries().get(history.entries().size() - 1);
            throw new WalCorruptionException(dir.resolve(EpochHistory.FILE_NAME), 0, lastStart.firstLsn(),
                    "the epoch history records epoch " + lastStart.epoch() + " from LSN " + lastStart.firstLsn()
                            + " but no segment file exists: segment files were removed by hand");
        }
        SegmentFile first = SegmentFile.createPreallocated(storage, dir, 1, segmentBytes);
        storage.syncDirectory(dir);
        return new Loaded(List.of(first), history, 0, 0);
    }

    private SegmentFile loadClosed(long base) throws IOException, WalCorruptionException {
        Path path = SegmentFile.segmentPath(dir, base);
        long fileSize = Files.size(path);
        SparseIndex.Loaded index = new CheckpointFile(storage, SegmentFile.indexPath(dir, base)).readIfValid()
                .flatMap(content -> SparseIndex.fromFileContent(content, base))
                .filter(l -> l.summary().segmentBytes() == fileSize && l.summary().lastLsn() >= base - 1)
                .orElse(null);
        if (index != null) {
            SparseIndex.Summary s = index.summary();
            SegmentFile segment = new SegmentFile(storage, path, base, index.index(), s.segmentBytes(), s.lastLsn(),
                    s.maxTimestampMicros());
            checkHeader(segment);
            return segment;
        }
        SegmentFile segment = new SegmentFile(storage, path, base, new SparseIndex(), fileSize, base - 1, Long.MIN_VALUE);
        SegmentScanner.Outcome o = SegmentScanner.scan(segment, fileSize, 0, segment.index(), false);
        if (o.problem() != null) {
            throw corruption(segment, o.problem(), "this is a closed segment, so it is not a torn tail");
        }
        segment.resetEnd(o.validEnd(), o.lastLsn(), o.maxTimestampMicros());
        if (o.zeroTail() > 0) {
            segment.seal(); // a roll stopped between cutting the preallocated zeros and the index: finish it
            segment.closeWriteChannel();
        }
        segment.persistIndexQuietly();
        return segment;
    }

    private SegmentScanner.Outcome scanLast(long base, long previousEpoch, List<SegmentFile> segments)
            throws IOException, WalCorruptionException {
        Path path = SegmentFile.segmentPath(dir, base);
        long fileSize = Files.size(path);
        SegmentFile segment = new SegmentFile(storage, path, base, new SparseIndex(), fileSize, base - 1, Long.MIN_VALUE);
        SegmentScanner.Outcome o = SegmentScanner.scan(segment, fileSize, previousEpoch, segment.index(), false);
        SegmentScanner.Problem p = o.problem();
        if (p != null) {
            if (p.offset() == 0 || p.checksummed()) {
                throw corruption(segment, p, p.offset() == 0 ? "the segment header is damaged"
                        : "the batch is intact, so this is not a torn write");
            }
            long valid = SegmentScanner.findValidBatchAfter(segment, p.offset(), fileSize);
            if (valid >= 0) {
                throw corruption(segment, p, "a valid batch follows at byte " + valid + ", so this is not a torn tail");
            }
            LOG.log(Level.WARNING, "WAL recovery: {0} has a torn tail at byte {1} ({2}); cutting {3} bytes "
                    + "(records from LSN {4} on were never reported durable)", path, p.offset(), p.reason(),
                    fileSize - p.offset(), p.expectedLsn());
            segment.truncate(p.offset(), o.lastLsn());
            segment.force();
            segment.closeWriteChannel();
        }
        segment.resetEnd(o.validEnd(), o.lastLsn(), o.maxTimestampMicros());
        segments.add(segment);
        return o;
    }

    private void checkContinuity(List<SegmentFile> segments) throws WalCorruptionException {
        for (int i = 0; i + 1 < segments.size(); i++) {
            SegmentFile s = segments.get(i);
            long nextBase = segments.get(i + 1).baseLsn();
            if (s.lastLsn() + 1 != nextBase) {
                throw new WalCorruptionException(s.path(), s.size(), Lsn.of(s.lastLsn() + 1), "the segment ends at LSN "
                        + s.lastLsn() + " but the next segment file starts at LSN " + nextBase + " (missing or "
                        + "overlapping segment)");
            }
        }
    }

    /**
     * The stored history, minus epochs that never reached the log; rebuilt from batch headers of every
     * segment if it is missing or disagrees with the last segment (the log wins over its metadata).
     */
    private EpochHistory reconcile(EpochHistory stored, boolean present, List<SegmentFile> segments,
                                   SegmentScanner.Outcome tail) throws IOException, WalCorruptionException {
        SegmentFile last = segments.get(segments.size() - 1);
        EpochHistory history = stored.withoutEntriesAfter(last.lastLsn());
        List<EpochStart> inLast = history.entries().stream()
                .filter(e -> e.firstLsn().value() >= last.baseLsn()).toList();
        boolean hasRecords = last.lastLsn() >= segments.get(0).baseLsn();
        // The scan of the last segment started from the history's epoch before it, so equal starts mean
        // the history agrees with every batch of the last segment.
        if (inLast.equals(tail.epochStarts()) && (present || !hasRecords)) {
            return history;
        }
        LOG.log(Level.WARNING, "WAL recovery: the epoch history in {0} is {1}; rebuilding it from the batch "
                + "headers of every segment", dir.resolve(EpochHistory.FILE_NAME), present ? "inconsistent with the log"
                : "missing");
        return rebuildHistory(segments, stored);
    }

    /**
     * The epoch history as the batch headers of {@code segments} show it. Entries of {@code stored} that
     * start before the first segment (epochs whose records retention removed) and its fences are kept.
     */
    public static EpochHistory rebuildHistory(List<SegmentFile> segments, EpochHistory stored)
            throws IOException, WalCorruptionException {
        long firstBase = segments.get(0).baseLsn();
        EpochHistory rebuilt = EpochHistory.EMPTY;
        for (EpochStart e : stored.entries()) {
            if (e.firstLsn().value() < firstBase) {
                rebuilt = rebuilt.withStart(e.epoch().value(), e.firstLsn().value());
            }
        }
        for (EpochHistory.Fence f : stored.fences()) {
            rebuilt = rebuilt.withFence(f.firstLsn(), f.lastLsn(), f.epoch());
        }
        long previous = rebuilt.epochCovering(firstBase - 1);
        for (SegmentFile s : segments) {
            SegmentScanner.Outcome o = SegmentScanner.scan(s, s.size(), previous, new SparseIndex(), false);
            if (o.problem() != null) {
                throw corruption(s, o.problem(), "found while rebuilding the epoch history");
            }
            for (EpochStart e : o.epochStarts()) {
                rebuilt = rebuilt.withStart(e.epoch().value(), e.firstLsn().value());
            }
            previous = o.lastEpoch();
        }
        return rebuilt;
    }

    private void checkHeader(SegmentFile segment) throws IOException, WalCorruptionException {
        ByteBuffer header = ByteBuffer.allocate(SegmentHeader.BYTES);
        segment.read(header, 0);
        String problem = SegmentHeader.problem(header.flip(), segment.baseLsn());
        if (problem != null) {
            throw new WalCorruptionException(segment.path(), 0, Lsn.of(segment.baseLsn()), problem);
        }
    }

    private Optional<EpochHistory> readHistory(CheckpointFile file) throws IOException, WalCorruptionException {
        Optional<byte[]> content = file.read();
        if (content.isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of(EpochHistory.decode(content.get()));
        } catch (IllegalArgumentException e) {
            throw new WalCorruptionException(file.path(), 0, Lsn.ZERO, e.getMessage());
        }
    }

    private void completeInterruptedTruncation() throws IOException, WalCorruptionException {
        CheckpointFile file = new CheckpointFile(storage, dir.resolve(TruncationIntent.FILE_NAME));
        Optional<byte[]> content = file.read();
        if (content.isPresent()) {
            TruncationIntent intent;
            try {
                intent = TruncationIntent.decode(content.get());
            } catch (IllegalArgumentException e) {
                throw new WalCorruptionException(file.path(), 0, Lsn.ZERO, e.getMessage());
            }
            LOG.log(Level.WARNING, "WAL recovery: completing a {0} truncation at LSN {1} that a crash interrupted",
                    intent.kind(), intent.lsn());
            intent.complete(storage, dir);
        }
    }

    private void removeTemporaryFiles() throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            for (Path p : files.filter(f -> f.getFileName().toString().endsWith(CheckpointFile.TEMP_SUFFIX)).toList()) {
                storage.delete(p);
            }
        }
    }

    private void removeOrphanIndexes(List<Long> bases) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            for (Path p : files.filter(f -> f.getFileName().toString().matches("wal-\\d{20}\\.idx")).toList()) {
                String name = p.getFileName().toString();
                if (!bases.contains(Long.parseLong(name.substring(4, 24)))) {
                    storage.delete(p);
                }
            }
        }
    }

    private static WalCorruptionException corruption(SegmentFile segment, SegmentScanner.Problem p, String context) {
        return new WalCorruptionException(segment.path(), p.offset(), Lsn.of(p.expectedLsn()), p.reason() + "; " + context);
    }
}
