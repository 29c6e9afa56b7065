package com.wolfscale.wal.internal;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;

/**
 * Decides which segments retention removes: the oldest closed segments, in order, while the oldest one is
 * older than the age limit (its newest record timestamp is) or the log is larger than the size limit, and
 * only while all of that segment's records are below the floor LSN that the slowest peer still needs.
 * The active segment is never removed. Stateless.
 */
public final class RetentionPolicy {

    /** Remove the first {@code segments}; {@code heldByFloor} when the floor stopped an otherwise due removal. */
    public record Plan(int segments, boolean heldByFloor) {
    }

    private RetentionPolicy() {
    }

    /**
     * @param maxAge   keep segments whose newest record is younger than this; zero or negative: no age limit
     * @param maxBytes keep at most this many bytes of segments; zero or negative: no size limit
     * @param floor    never remove a record at or after this LSN
     */
    public static Plan plan(List<SegmentFile> segments, Duration maxAge, long maxBytes, long floor, Instant now) {
        long total = 0;
        for (SegmentFile s : segments) {
            total += s.size();
        }
        boolean ageLimit = maxAge.compareTo(Duration.ZERO) > 0;
        long cutoffMicros = ageLimit ? ChronoUnit.MICROS.between(Instant.EPOCH, now.minus(maxAge)) : Long.MIN_VALUE;
        int n = 0;
        for (int i = 0; i < segments.size() - 1; i++) {
            SegmentFile s = segments.get(i);
            boolean expired = ageLimit && s.maxTimestampMicros() < cutoffMicros;
            boolean oversize = maxBytes > 0 && total > maxBytes;
            if (!expired && !oversize) {
                break;
            }
            if (s.lastLsn() >= floor) {
                return new Plan(n, true);
            }
            total -= s.size();
            n++;
        }
        return new Plan(n, false);
    }

    /** How many leading closed segments hold only records below {@code lsn}. */
    public static int segmentsBelow(List<SegmentFile> segments, long lsn) {
        int n = 0;
        while (n + 1 < segments.size() && segments.get(n + 1).baseLsn() <= lsn) {
            n++;
        }
        return n;
    }
}
