package com.wolfscale.config;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Finds the configuration file the same way for {@code wolfscale} and {@code wolfctl}: an explicit
 * {@code -c}, else {@code $WOLFSCALE_CONFIG}, else the first that exists of the places installers have used.
 * (The original's tools each looked somewhere else.)
 */
public final class ConfigLocator {

    public static final String ENV = "WOLFSCALE_CONFIG";
    public static final List<Path> SEARCH_PATH = List.of(
            Path.of("wolfscale.toml"),
            Path.of("/etc/wolfscale/wolfscale.toml"),
            Path.of("/opt/wolfscale/wolfscale.toml"),
            Path.of("/etc/wolfscale/config.toml"));

    private ConfigLocator() {
    }

    /** @param explicit the {@code -c} value, or null */
    public static Path locate(Path explicit, Map<String, String> environment) {
        if (explicit != null) {
            return explicit;
        }
        String fromEnv = environment.get(ENV);
        if (fromEnv != null && !fromEnv.isBlank()) {
            return Path.of(fromEnv);
        }
        return SEARCH_PATH.stream().filter(Files::isRegularFile).findFirst().orElse(SEARCH_PATH.get(0));
    }
}
