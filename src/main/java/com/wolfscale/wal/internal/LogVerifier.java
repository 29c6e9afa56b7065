package com.wolfscale.wal.internal;

import com.wolfscale.common.Lsn;
import com.wolfscale.wal.EpochStart;
import com.wolfscale.wal.VerifyReport;
import com.wolfscale.wal.VerifyReport.Finding;
import com.wolfscale.wal.VerifyReport.Severity;
import com.wolfscale.wal.WalCorruptionException;
import com.wolfscale.wal.WalException;
import com.wolfscale.wal.WalStorage;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;

/**
 * The work behind {@link com.wolfscale.wal.WalVerifier}: a deep, read-only examination of every segment
 * (every records section is decoded too), the epoch history and the index files; and the repair that
 * cuts the log at the first bad record. Holds the directory lock while it runs. Single-threaded.
 */
public final class LogVerifier {

    private static final System.Logger LOG = System.getLogger(LogVerifier.class.getName());

    private final WalStorage storage;
    private final Path dir;

    public LogVerifier(WalStorage storage, Path dir) {
        this.storage = storage;
        this.dir = dir;
    }

    public VerifyReport verify() {
        return run(false);
    }

    public VerifyReport repair() {
        return run(true);
    }

    /** Where the valid log ends: segment {@code segment} is cut at {@code offset} (0: dropped whole). */
    private record Cut(int segment, long offset, long lsn) {
    }

    /** Everything one examination learned. */
    private static final class Examination {
        final List<Finding> findings = new ArrayList<>();
        final List<SegmentFile> segments = new ArrayList<>();
        EpochHistory stored;
        boolean historyNeedsRebuild;
        Cut cut;
        long records;
        long firstLsn;
        long lastLsn;
    }

    private VerifyReport run(boolean repair) {
        if (!Files.isDirectory(dir)) {
            return errorReport("there is no WAL directory here");
        }
        Examination exam = null;
        DirectoryLock lock = null;
        try {
            lock = DirectoryLock.acquire(dir);
            if (repair) {
                completePendingTruncation();
            }
            exam = examine();
            VerifyReport.Repair done = repair && !isError(exam) ? applyRepair(exam) : null;
            return new VerifyReport(dir, exam.segments.size(), exam.records, Lsn.of(exam.firstLsn),
                    Lsn.of(exam.lastLsn), exam.findings, done);
        } catch (WalException | IOException e) {
            return errorReport(e.getMessage());
        } finally {
            if (exam != null) {
                exam.segments.forEach(SegmentFile::retire);
            }
            if (lock != null) {
                lock.close();
            }
        }
    }

    private Examination examine() throws IOException {
        Examination exam = new Examination();
        notePendingTruncation(exam);
        exam.stored = readHistory(exam);
        List<Long> bases = SegmentFile.listBaseLsns(dir);
        if (bases.isEmpty()) {
            exam.findings.add(new Finding(Severity.ERROR, dir, -1, Lsn.ZERO, "no WAL segment files (wal-*.seg) here"));
            return exam;
        }
        exam.firstLsn = bases.get(0);
        long expected = bases.get(0);
        long previousEpoch = exam.stored == null ? 0 : exam.stored.epochCovering(expected - 1);
        List<EpochStart> starts = new ArrayList<>();
        for (int i = 0; i < bases.size() && exam.cut == null; i++) {
            Path path = SegmentFile.segmentPath(dir, bases.get(i));
            if (bases.get(i) != expected) {
                exam.findings.add(new Finding(Severity.CORRUPTION, path, 0, Lsn.of(expected), "LSNs are missing: the "
                        + "log before this segment ends at LSN " + (expected - 1) + " but this segment starts at LSN "
                        + bases.get(i)));
                exam.cut = new Cut(i, 0, expected);
                break;
            }
            SegmentFile segment = new SegmentFile(storage, path, bases.get(i), new SparseIndex(), Files.size(path),
                    bases.get(i) - 1, Long.MIN_VALUE);
            exam.segments.add(segment);
            SegmentScanner.Outcome o = SegmentScanner.scan(segment, segment.size(), previousEpoch, segment.index(), true);
            segment.resetEnd(o.validEnd(), o.lastLsn(), o.maxTimestampMicros());
            exam.records += o.records();
            starts.addAll(o.epochStarts());
            if (o.problem() != null) {
                noteProblem(exam, i, i == bases.size() - 1, segment, o.problem());
            } else if (i < bases.size() - 1) {
                checkIndexFile(exam, segment);
            }
            previousEpoch = o.lastEpoch();
            expected = o.lastLsn() + 1;
        }
        exam.lastLsn = expected - 1;
        checkHistory(exam, starts);
        return exam;
    }

    private void noteProblem(Examination exam, int index, boolean last, SegmentFile segment, SegmentScanner.Problem p)
            throws IOException {
        boolean torn = last && p.offset() > 0 && !p.checksummed()
                && SegmentScanner.findValidBatchAfter(segment, p.offset(), Files.size(segment.path())) < 0;
        exam.findings.add(new Finding(torn ? Severity.TORN_TAIL : Severity.CORRUPTION, segment.path(), p.offset(),
                Lsn.of(p.expectedLsn()), p.reason() + (torn ? "; nothing valid follows: opening the WAL cuts this torn "
                + "tail" : "")));
        exam.cut = new Cut(index, p.offset(), p.expectedLsn());
    }

    private void checkIndexFile(Examination exam, SegmentFile segment) throws IOException {
        Optional<SparseIndex.Summary> summary = new CheckpointFile(storage, segment.indexPath()).readIfValid()
                .flatMap(c -> SparseIndex.fromFileContent(c, segment.baseLsn())).map(SparseIndex.Loaded::summary);
        SparseIndex.Summary actual = new SparseIndex.Summary(segment.size(), segment.lastLsn(),
                segment.maxTimestampMicros());
        if (summary.isEmpty() || !summary.get().equals(actual)) {
            exam.findings.add(new Finding(Severity.NOTICE, segment.indexPath(), -1, Lsn.ZERO, (summary.isEmpty()
                    ? "index file missing or damaged" : "index file does not match its segment")
                    + "; opening the WAL rebuilds it"));
        }
    }

    private void checkHistory(Examination exam, List<EpochStart> starts) {
        Path file = dir.resolve(EpochHistory.FILE_NAME);
        if (exam.stored == null) {
            if (exam.lastLsn >= exam.firstLsn && !exam.historyNeedsRebuild) {
                exam.findings.add(new Finding(Severity.NOTICE, file, -1, Lsn.ZERO,
                        "the epoch history is missing; opening the WAL rebuilds it from the log"));
                exam.historyNeedsRebuild = true;
            }
            return;
        }
        List<EpochStart> stored = exam.stored.withoutEntriesAfter(exam.lastLsn).entries().stream()
                .filter(e -> e.firstLsn().value() >= exam.firstLsn).toList();
        if (!stored.equals(starts)) {
            exam.findings.add(new Finding(Severity.CORRUPTION, file, -1, Lsn.ZERO, "the epoch history " + stored
                    + " disagrees with the epochs in the log " + starts + "; --repair rebuilds it from the log"));
            exam.historyNeedsRebuild = true;
        }
    }

    private EpochHistory readHistory(Examination exam) throws IOException {
        CheckpointFile file = new CheckpointFile(storage, dir.resolve(EpochHistory.FILE_NAME));
        try {
            Optional<byte[]> content = file.read();
            return content.isEmpty() ? null : EpochHistory.decode(content.get());
        } catch (WalCorruptionException | IllegalArgumentException e) {
            exam.findings.add(new Finding(Severity.CORRUPTION, file.path(), -1, Lsn.ZERO, "the epoch history is "
                    + "damaged (" + e.getMessage() + "); --repair rebuilds it from the log, losing truncation fences"));
            exam.historyNeedsRebuild = true;
            return null;
        }
    }

    private void notePendingTruncation(Examination exam) throws IOException {
        CheckpointFile file = new CheckpointFile(storage, dir.resolve(TruncationIntent.FILE_NAME));
        try {
            file.read().map(TruncationIntent::decode).ifPresent(intent -> exam.findings.add(new Finding(
                    Severity.NOTICE, file.path(), -1, Lsn.of(intent.lsn()), "a " + intent.kind() + " truncation "
                    + "interrupted by a crash is pending; opening the WAL (or --repair) completes it")));
        } catch (WalCorruptionException | IllegalArgumentException e) {
            exam.findings.add(new Finding(Severity.CORRUPTION, file.path(), -1, Lsn.ZERO, "the truncation intent "
                    + "is damaged (" + e.getMessage() + "); keep the directory for analysis"));
        }
    }

    private void completePendingTruncation() throws IOException {
        CheckpointFile file = new CheckpointFile(storage, dir.resolve(TruncationIntent.FILE_NAME));
        try {
            Optional<byte[]> content = file.read();
            if (content.isPresent()) {
                TruncationIntent.decode(content.get()).complete(storage, dir);
            }
        } catch (WalCorruptionException | IllegalArgumentException e) {
            // left in place: examine() reports it
        }
    }

    private VerifyReport.Repair applyRepair(Examination exam) throws IOException, WalException {
        Cut cut = exam.cut;
        long bytes = 0;
        int removed = 0;
        if (cut != null) {
            LOG.log(Level.WARNING, "WAL repair: removing every record from LSN {0} on in {1}", cut.lsn(), dir);
            List<Long> bases = SegmentFile.listBaseLsns(dir);
            for (int i = bases.size() - 1; i > cut.segment() || i == cut.segment() && cut.offset() == 0 && i > 0; i--) {
                Path path = SegmentFile.segmentPath(dir, bases.get(i));
                bytes += Files.size(path);
                removed++;
                storage.delete(SegmentFile.indexPath(dir, bases.get(i)));
                storage.delete(path);
            }
            bytes += cutSegment(exam, bases.get(cut.segment()));
            storage.syncDirectory(dir);
            exam.lastLsn = cut.lsn() - 1;
        }
        boolean rebuild = cut != null || exam.historyNeedsRebuild;
        if (rebuild) {
            List<SegmentFile> kept = exam.segments.stream().filter(s -> s.baseLsn() <= exam.lastLsn + 1
                    && Files.exists(s.path())).toList();
            EpochHistory history = kept.isEmpty() ? EpochHistory.EMPTY
                    : LogLoader.rebuildHistory(kept, exam.stored == null ? EpochHistory.EMPTY : exam.stored);
            new CheckpointFile(storage, dir.resolve(EpochHistory.FILE_NAME)).write(history.encode(), true);
        }
        return cut == null && !rebuild ? null
                : new VerifyReport.Repair(cut == null ? Lsn.ZERO : Lsn.of(cut.lsn()), bytes, removed, rebuild);
    }

    /** Cuts the segment holding the first bad record; returns the bytes removed from it. */
    private long cutSegment(Examination exam, long base) throws IOException {
        Cut cut = exam.cut;
        Path path = SegmentFile.segmentPath(dir, base);
        storage.delete(SegmentFile.indexPath(dir, base));
        if (cut.offset() == 0) {
            if (cut.segment() > 0) {
                return 0;
            }
            // The first segment's header is bad: replace it by an empty segment that keeps its base LSN.
            long size = Files.size(path);
            SegmentFile.create(storage, dir, base, null).retire();
            exam.segments.removeIf(s -> s.baseLsn() == base);
            return size;
        }
        long size = Files.size(path);
        try (FileChannel channel = storage.open(path, EnumSet.of(StandardOpenOption.READ, StandardOpenOption.WRITE))) {
            channel.truncate(cut.offset());
            channel.force(true);
        }
        return size - cut.offset();
    }

    private static boolean isError(Examination exam) {
        return exam.findings.stream().anyMatch(f -> f.severity() == Severity.ERROR);
    }

    private VerifyReport errorReport(String message) {
        return new VerifyReport(dir, 0, 0, Lsn.ZERO, Lsn.ZERO,
                List.of(new Finding(Severity.ERROR, dir, -1, Lsn.ZERO, message)), null);
    }
}
