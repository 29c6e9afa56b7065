package com.wolfscale.common;

/**
 * A node's identity. Ordering is plain string order (byte-wise for the ASCII ids the configuration
 * allows), as in the original WolfScale: the lowest id among eligible nodes leads.
 */
public record NodeId(String value) implements Comparable<NodeId> {

    public NodeId {
        if (value == null || value.isEmpty()) {
            throw new IllegalArgumentException("node id must not be empty");
        }
    }

    public static NodeId of(String value) {
        return new NodeId(value);
    }

    /**
     * A 16-bit FNV-1a hash of the id, used as the low bits of the epochs this node starts (see
     * {@link Epoch}). Nodes of one cluster must have distinct slots; the core checks and reports a clash.
     */
    public int slot() {
        int h = 0x811C9DC5;
        for (int i = 0; i < value.length(); i++) {
            h ^= value.charAt(i);
            h *= 0x01000193;
        }
        return (h ^ (h >>> 16)) & 0xFFFF;
    }

    @Override
    public int compareTo(NodeId o) {
        return value.compareTo(o.value);
    }

    @Override
    public String toString() {
        return value;
    }
}
