package com.wolfscale.wal;

import com.wolfscale.common.Lsn;
import java.nio.file.Path;
import java.util.List;

/**
 * What {@link WalVerifier} found in a WAL directory, and what a repair changed.
 *
 * @param dir      the WAL directory
 * @param segments segment files examined
 * @param records  records in the valid part of the log
 * @param firstLsn first LSN of the log
 * @param lastLsn  last valid LSN (after a repair: the last LSN kept)
 * @param findings every problem or remark, in log order; a repair acts on the first CORRUPTION or TORN_TAIL
 * @param repair   what {@link WalVerifier#repair} changed, or null when nothing was changed
 */
public record VerifyReport(Path dir, int segments, long records, Lsn firstLsn, Lsn lastLsn, List<Finding> findings,
                           Repair repair) {

    public VerifyReport {
        findings = List.copyOf(findings);
    }

    public enum Severity {
        /** Bad bytes or a broken invariant before the tail: open refuses the log. */
        CORRUPTION,
        /** An incomplete write at the very end of the last segment: open cuts it off by itself. */
        TORN_TAIL,
        /** Could not verify (directory missing, locked by a running node, unreadable). */
        ERROR,
        /** Worth knowing, harmless (a stale index that open rebuilds, a pending truncation it completes). */
        NOTICE
    }

    /** One observation; {@code offset} and {@code lsn} say where (-1 and {@link Lsn#ZERO} when not applicable). */
    public record Finding(Severity severity, Path file, long offset, Lsn lsn, String message) {

        public String format() {
            return severity + ": " + file + (offset >= 0 ? " at byte " + offset : "")
                    + (lsn.value() > 0 ? " (LSN " + lsn + ")" : "") + ": " + message;
        }
    }

    /**
     * A repair: records from {@code firstRemovedLsn} on were removed ({@link Lsn#ZERO} when only
     * metadata was rewritten).
     */
    public record Repair(Lsn firstRemovedLsn, long bytesRemoved, int segmentsRemoved, boolean historyRebuilt) {
    }

    /** True when open will accept the log as it is now (after the repair, if there was one). */
    public boolean isClean() {
        boolean error = findings.stream().anyMatch(f -> f.severity() == Severity.ERROR);
        return !error && (repair != null || findings.stream().noneMatch(f -> f.severity() == Severity.CORRUPTION));
    }

    /** True when verification could not be carried out at all. */
    public boolean isError() {
        return findings.stream().anyMatch(f -> f.severity() == Severity.ERROR);
    }
}
