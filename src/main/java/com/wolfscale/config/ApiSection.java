package com.wolfscale.config;

import java.util.Optional;

/**
 * {@code [api]}: the HTTP API. Mutating endpoints need {@code token} (or {@code WOLFSCALE_API_TOKEN});
 * without one they are refused, never open.
 */
public record ApiSection(boolean enabled, HostPort bindAddress, boolean corsEnabled, Optional<Secret> token) {

    public static final String TOKEN_ENV = "WOLFSCALE_API_TOKEN";

    static ApiSection read(SectionReader r) {
        boolean enabled = r.flag("enabled", true);
        HostPort bind = r.address("bind_address", "0.0.0.0:8080");
        boolean cors = r.flag("cors_enabled", false);
        Optional<Secret> token = r.secret("token", TOKEN_ENV);
        token.filter(Secret::isEmpty).ifPresent(t -> r.error("token", "must not be empty"));
        return new ApiSection(enabled, bind, cors, token.filter(t -> !t.isEmpty()));
    }
}
