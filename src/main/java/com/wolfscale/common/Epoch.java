package com.wolfscale.common;

/**
 * A leadership term. It increases on every leadership change, is persisted before use, and is carried by
 * every message and WAL record; anything stamped with an older epoch than a node knows is stale.
 * {@link #ZERO} is the epoch of an empty log before any leader existed.
 */
public record Epoch(long value) implements Comparable<Epoch> {

    public static final Epoch ZERO = new Epoch(0);

    public Epoch {
        if (value < 0) {
            throw new IllegalArgumentException("epoch must not be negative: " + value);
        }
    }

    public static Epoch of(long value) {
        return new Epoch(value);
    }

    public Epoch next() {
        return new Epoch(value + 1);
    }

    public boolean isAfter(Epoch other) {
        return value > other.value;
    }

    public boolean isBefore(Epoch other) {
        return value < other.value;
    }

    public static Epoch max(Epoch a, Epoch b) {
        return a.value >= b.value ? a : b;
    }

    @Override
    public int compareTo(Epoch o) {
        return Long.compare(value, o.value);
    }

    @Override
    public String toString() {
        return Long.toString(value);
    }
}
