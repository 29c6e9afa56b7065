package com.wolfscale.demo;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;

/** The three loopback ports of one demo node: cluster (peer) port, HTTP API and MySQL-protocol proxy. */
public record NodePorts(int cluster, int api, int proxy) {

    /**
     * Ports for {@code nodes} nodes: from {@code base} on, node i gets base+3i, base+3i+1, base+3i+2; without a
     * base, free ports the system hands out (held together while choosing, so none is chosen twice).
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
        List<ServerSocket> held = new ArrayList<>();
        try {
            for (int i = 0; i < 3 * nodes; i++) {
                held.add(new ServerSocket(0, 1, InetAddress.getLoopbackAddress()));
            }
            for (int i = 0; i < nodes; i++) {
                out.add(new NodePorts(held.get(3 * i).getLocalPort(), held.get(3 * i + 1).getLocalPort(),
                        held.get(3 * i + 2).getLocalPort()));
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot find free loopback ports: " + e.getMessage(), e);
        } finally {
            for (ServerSocket s : held) {
                try {
                    s.close();
                } catch (IOException ignored) {
                    // closing a listening socket we own does not fail in practice
                }
            }
        }
    }
}
