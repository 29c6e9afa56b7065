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

    /**
     * A WolfScale node's MariaDB: semi-sync available but off until the node switches it on as leader
     * (AFTER_SYNC, waiting for ever: only WolfScale's acknowledgement releases a commit), and read_only
     * until WolfScale opens it, so nothing takes writes before the cluster says so.
     */
    public static MariaDbOptions wolfscaleNode() {
        return defaults().withSettings(
                "rpl_semi_sync_master_enabled=OFF", "rpl_semi_sync_master_wait_point=AFTER_SYNC",
                "rpl_semi_sync_master_timeout=1000000000000", "rpl_semi_sync_master_wait_no_slave=ON",
                "read_only=ON",
                "log_bin_trust_function_creators=ON"); // safe with ROW binlogs; lets applications define triggers
    }

    public MariaDbOptions withSettings(String... settings) {
        List<String> all = new java.util.ArrayList<>(extraSettings);
        all.addAll(List.of(settings));
        return new MariaDbOptions(List.copyOf(all), startTimeout);
    }
}
