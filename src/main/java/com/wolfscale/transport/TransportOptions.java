package com.wolfscale.transport;

import java.time.Duration;

/**
 * @param maxMessageBytes largest message accepted or sent (a fetch answer always carries at least one
 *                        whole record); messages above {@link PeerConnection#FRAGMENT_BYTES} travel as
 *                        fragments, so a single frame never exceeds about that size
 * @param sendQueue       messages queued per connection before {@link PeerTransport#send} refuses more
 * @param idleTimeout     a connection with no frame for this long is closed and redialled
 */
public record TransportOptions(int maxMessageBytes, int sendQueue, Duration connectTimeout, Duration idleTimeout) {

    public static TransportOptions defaults() {
        return new TransportOptions(512 << 20, 4096, Duration.ofSeconds(2), Duration.ofSeconds(10));
    }
}
