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

    @Override
    public int compareTo(NodeId o) {
        return value.compareTo(o.value);
    }

    @Override
    public String toString() {
        return value;
    }
}
