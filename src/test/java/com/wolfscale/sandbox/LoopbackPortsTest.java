package com.wolfscale.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class LoopbackPortsTest {

    @Test
    void portsAreDistinctBindableAndBelowTheEphemeralRange() throws Exception {
        int[] ports = LoopbackPorts.next(50);
        assertThat(Arrays.stream(ports).distinct().count()).isEqualTo(50);
        for (int p : ports) {
            assertThat(p).isBetween(LoopbackPorts.FIRST, LoopbackPorts.LAST - 1).isLessThan(32768);
            try (ServerSocket s = new ServerSocket()) {
                s.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), p));
            }
        }
    }

    @Test
    void aPortSomeoneListensOnIsSkipped() throws Exception {
        int taken = LoopbackPorts.next();
        try (ServerSocket s = new ServerSocket()) {
            s.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), taken + 1));
            // the allocator walks upwards from taken + 1: it must not hand out the port in use
            for (int i = 0; i < 3; i++) {
                assertThat(LoopbackPorts.next()).isNotEqualTo(taken + 1);
            }
        }
    }
}
