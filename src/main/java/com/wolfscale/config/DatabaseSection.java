package com.wolfscale.config;

import java.time.Duration;
import java.util.Optional;

/**
 * {@code [database]}: the node's own local MariaDB, which WolfScale manages (capture, apply, fencing).
 * The password may come from {@code WOLFSCALE_DATABASE_PASSWORD} instead of the file.
 */
public record DatabaseSection(String host, int port, String user, Secret password, Optional<String> database,
                              int poolSize, Duration connectTimeout) {

    public static final String PASSWORD_ENV = "WOLFSCALE_DATABASE_PASSWORD";

    static DatabaseSection read(SectionReader r) {
        String host = r.requiredText("host", "the local MariaDB host, e.g. host = \"127.0.0.1\"");
        int port = r.intValue("port", 3306, 1, 65_535);
        String user = r.requiredText("user", "the account WolfScale uses on its local MariaDB, e.g. user = \"wolfscale\"");
        Optional<Secret> password = r.secret("password", PASSWORD_ENV);
        if (password.isEmpty()) {
            r.error("password", "required key is missing; set password = \"...\" or the environment variable " + PASSWORD_ENV);
        }
        Optional<String> database = r.optionalText("database");
        int poolSize = r.intValue("pool_size", 10, 1, 1000);
        if (r.has("pool_size")) {
            r.warning("pool_size", "has no effect in this version: the node opens one connection per purpose "
                    + "(capture, applier, health, each API request; the proxy uses each client's own); remove it");
        }
        Duration timeout = Duration.ofSeconds(r.integer("connect_timeout_secs", 30, 1, 3600));
        return new DatabaseSection(host, port, user, password.orElse(new Secret("")), database, poolSize, timeout);
    }
}
