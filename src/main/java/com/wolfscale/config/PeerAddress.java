package com.wolfscale.config;

import java.util.Optional;

/**
 * One entry of {@code cluster.peers}: {@code host:port}, or {@code id@host:port} when the operator also
 * states the peer's node id. Without an id the peer's identity is learnt from its authenticated
 * handshake; the original WolfScale compared the raw address string with node ids, which this avoids.
 */
public record PeerAddress(Optional<String> nodeId, HostPort address) {

    public static Optional<PeerAddress> parse(String text) {
        if (text == null) {
            return Optional.empty();
        }
        String s = text.trim();
        int at = s.indexOf('@');
        Optional<String> id = Optional.empty();
        if (at >= 0) {
            String idText = s.substring(0, at);
            if (!NodeIds.isValid(idText)) {
                return Optional.empty();
            }
            id = Optional.of(idText);
            s = s.substring(at + 1);
        }
        Optional<String> nodeId = id;
        return HostPort.parse(s).map(hp -> new PeerAddress(nodeId, hp));
    }

    @Override
    public String toString() {
        return nodeId.map(id -> id + "@").orElse("") + address;
    }
}
