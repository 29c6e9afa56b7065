package com.wolfscale.config;

/**
 * A configuration value that must never be printed: database passwords, the cluster secret, the API token.
 * {@link #toString()} masks it so a stray log line or {@code info} output cannot leak it.
 */
public record Secret(String value) {

    public Secret {
        if (value == null) {
            throw new IllegalArgumentException("secret value must not be null");
        }
    }

    public boolean isEmpty() {
        return value.isEmpty();
    }

    @Override
    public String toString() {
        return value.isEmpty() ? "(empty)" : "********";
    }
}
