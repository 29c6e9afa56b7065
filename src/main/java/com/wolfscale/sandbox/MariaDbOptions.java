package com.wolfscale.sandbox;

import java.time.Duration;
import java.util.List;

/**
 * How sandboxed servers are configured beyond the defaults of {@link MyCnf}.
 *
 * @param extraSettings additional {@code [mariadbd]} lines, e.g. {@code innodb_flush_log_at_trx_commit=2}
 * @param startTimeout  how long a server may take to answer after it was launched
 */
public record MariaDbOptions(List<String> extraSettings, Duration startTimeout) {

    public static MariaDbOptions defaults() {
        return new MariaDbOptions(List.of(), Duration.ofSeconds(60));
    }

    public MariaDbOptions withSettings(String... settings) {
        List<String> all = new java.util.ArrayList<>(extraSettings);
        all.addAll(List.of(settings));
        return new MariaDbOptions(List.copyOf(all), startTimeout);
    }
}
