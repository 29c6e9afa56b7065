package com.wolfscale.config;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/** {@code [proxy]}: the MySQL-protocol proxy every node runs (port 8007 by default). */
public record ProxySection(boolean enabled, HostPort bindAddress, boolean sslEnabled, Optional<Path> sslCert,
                           Optional<Path> sslKey, boolean sslRequired, CausalReads causalReads,
                           Duration causalWait, Duration failoverWait, int maxConnections) {

    static ProxySection read(SectionReader r) {
        boolean enabled = r.flag("enabled", true);
        HostPort bind = r.address("bind_address", "0.0.0.0:8007");
        boolean ssl = r.flag("ssl_enabled", false);
        Optional<Path> cert = r.path("ssl_cert");
        Optional<Path> key = r.path("ssl_key");
        boolean required = r.flag("ssl_required", false);
        if (ssl) {
            requireReadable(r, "ssl_cert", cert);
            requireReadable(r, "ssl_key", key);
        }
        if (required && !ssl) {
            r.error("ssl_required", "needs ssl_enabled = true, or no client could ever connect");
        }
        CausalReads causal = r.choice("causal_reads", CausalReads.SESSION);
        Duration causalWait = r.millis("causal_wait_ms", 50, 0, 60_000);
        Duration failoverWait = r.millis("failover_wait_ms", 10_000, 0, 600_000);
        int maxConnections = r.intValue("max_connections", 1000, 1, 1_000_000);
        return new ProxySection(enabled, bind, ssl, cert, key, required, causal, causalWait, failoverWait,
                maxConnections);
    }

    private static void requireReadable(SectionReader r, String key, Optional<Path> file) {
        if (file.isEmpty()) {
            r.error(key, "required when ssl_enabled = true (a PEM file)");
        } else if (!Files.isReadable(file.get())) {
            r.error(key, "cannot read " + file.get() + " (missing, or no permission for this user)");
        }
    }
}
