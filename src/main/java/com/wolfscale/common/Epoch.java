package com.wolfscale.common;

/**
 * A leadership term. It increases on every leadership change, is persisted before use, and is carried by
 * every message and WAL record; anything stamped with an older epoch than a node knows is stale.
 * {@link #ZERO} is the epoch of an empty log before any leader existed.
 *
 * <p>The value is {@code term << 16 | slot}, where the slot is a 16-bit hash of the node id that started
 * the term ({@link NodeId#slot()}). Two nodes can thus never pick the same epoch, even when a partition
 * lets both become leader without a common quorum (available mode): {@code (epoch, lsn)} stays a unique
 * record identity. Ordering is by term first, then slot.
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

    /** The first epoch of the next term, started by the node with {@code slot}. */
    public Epoch nextTerm(int slot) {
        if (slot < 0 || slot > 0xFFFF) {
            throw new IllegalArgumentException("slot must be 0-65535: " + slot);
        }
        return new Epoch(((term() + 1) << 16) | slot);
    }

    public long term() {
        return value >>> 16;
    }

    /** The epoch just below this one (for "end of every earlier epoch" queries); ZERO stays ZERO. */
    public Epoch previous() {
        return value == 0 ? this : new Epoch(value - 1);
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

    /** {@code term.slot}, e.g. {@code 7.4021}: the term is what an operator compares. */
    @Override
    public String toString() {
        return value == 0 ? "0" : term() + "." + (value & 0xFFFF);
    }
}
