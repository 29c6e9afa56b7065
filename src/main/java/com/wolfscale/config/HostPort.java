package com.wolfscale.config;

import java.util.Optional;

/**
 * A {@code host:port} network address as written in the configuration ({@code 0.0.0.0:7654},
 * {@code db.example.com:3306}, {@code [::1]:8080}). Parsing never resolves names: a config file must
 * validate on a machine that cannot see the other nodes yet.
 */
public record HostPort(String host, int port) {

    public HostPort {
        if (host == null || host.isBlank()) {
            throw new IllegalArgumentException("host must not be empty");
        }
        if (port < 1 || port > 65_535) {
            throw new IllegalArgumentException("port must be 1-65535, got " + port);
        }
    }

    /** Parses {@code host:port} or {@code [ipv6]:port}; returns empty with no exception on bad input. */
    public static Optional<HostPort> parse(String text) {
        if (text == null) {
            return Optional.empty();
        }
        String s = text.trim();
        String host;
        String portText;
        if (s.startsWith("[")) {
            int close = s.indexOf(']');
            if (close < 0 || close + 1 >= s.length() || s.charAt(close + 1) != ':') {
                return Optional.empty();
            }
            host = s.substring(1, close);
            portText = s.substring(close + 2);
        } else {
            int colon = s.lastIndexOf(':');
            if (colon <= 0 || s.indexOf(':') != colon) {
                return Optional.empty();
            }
            host = s.substring(0, colon);
            portText = s.substring(colon + 1);
        }
        if (host.isBlank() || host.chars().anyMatch(Character::isWhitespace) || !portText.matches("\\d{1,5}")) {
            return Optional.empty();
        }
        int port = Integer.parseInt(portText);
        if (port < 1 || port > 65_535) {
            return Optional.empty();
        }
        return Optional.of(new HostPort(host, port));
    }

    /** True for {@code 0.0.0.0}, {@code ::} and similar: an address to listen on, not one to connect to. */
    public boolean isWildcard() {
        return host.equals("0.0.0.0") || host.equals("::") || host.equals("*");
    }

    /** The address to connect to when this is a listen address: a wildcard becomes loopback. */
    public HostPort connectable() {
        return isWildcard() ? new HostPort("127.0.0.1", port) : this;
    }

    @Override
    public String toString() {
        return host.indexOf(':') >= 0 ? "[" + host + "]:" + port : host + ":" + port;
    }
}
