package com.wolfscale.demo;

import com.wolfscale.sandbox.LoopbackPorts;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;

/** The three loopback ports of one demo node: cluster (peer) port, HTTP API and MySQL-protocol proxy. */
public record NodePorts(int cluster, int api, int proxy) {

    /**
     * Ports for {@code nodes} nodes: from {@code base} on, node i gets base+3i, base+3i+1, base+3i+2; without a
     * base, free loopback ports ({@link LoopbackPorts}).
     */
    static List<NodePorts> allocate(int nodes, OptionalInt base) {
        List<NodePorts> out = new ArrayList<>();
        if (base.isPresent()) {
            for (int i = 0; i < nodes; i++) {
                int p = base.getAsInt() + 3 * i;
                out.add(new NodePorts(p, p + 1, p + 2));
            }
            return out;
        }
        try {
            int[] free = LoopbackPorts.next(3 * nodes); // below the ephemeral range: see LoopbackPorts
            for (int i = 0; i < nodes; i++) {
                out.add(new NodePorts(free[3 * i], free[3 * i + 1], free[3 * i + 2]));
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot find free loopback ports: " + e.getMessage(), e);
        }
    }
}
