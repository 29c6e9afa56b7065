package com.wolfscale.common;

/**
 * A log sequence number: the position of a record in the replicated WAL. The first record of a cluster's
 * log has LSN 1; {@link #ZERO} means "before the first record". LSNs are contiguous (no holes). A position
 * re-filled after a divergence truncation always carries a higher {@link Epoch}, so the pair
 * {@code (epoch, lsn)} identifies a record for ever.
 */
public record Lsn(long value) implements Comparable<Lsn> {

    public static final Lsn ZERO = new Lsn(0);

    public Lsn {
        if (value < 0) {
            throw new IllegalArgumentException("LSN must not be negative: " + value);
        }
    }

    public static Lsn of(long value) {
        return new Lsn(value);
    }

    public Lsn next() {
        return new Lsn(value + 1);
    }

    /** The position before this one; {@code ZERO.previous()} is an error. */
    public Lsn previous() {
        return new Lsn(value - 1);
    }

    public Lsn plus(long n) {
        return new Lsn(value + n);
    }

    public boolean isAfter(Lsn other) {
        return value > other.value;
    }

    public boolean isBefore(Lsn other) {
        return value < other.value;
    }

    public static Lsn max(Lsn a, Lsn b) {
        return a.value >= b.value ? a : b;
    }

    public static Lsn min(Lsn a, Lsn b) {
        return a.value <= b.value ? a : b;
    }

    @Override
    public int compareTo(Lsn o) {
        return Long.compare(value, o.value);
    }

    @Override
    public String toString() {
        return Long.toString(value);
    }
}
