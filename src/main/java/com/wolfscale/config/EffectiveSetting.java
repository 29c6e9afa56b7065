package com.wolfscale.config;

/**
 * The value a key resolved to and where it came from, so {@code wolfscale info} can show the effective
 * configuration (defaults included) without any key being printed in a form that leaks a secret.
 */
public record EffectiveSetting(String section, String key, Object value, Source source) {

    public enum Source { DEFAULT, FILE, ENVIRONMENT }

    public String path() {
        return section + "." + key;
    }
}
