package com.wolfscale.api.model;

/** Bodies of the {@code /admin/*} endpoints (all optional where the endpoint has a default). */
public final class AdminRequests {

    private AdminRequests() {
    }

    /** {@code POST /admin/promote}: the node to lead; default the node asked. Also accepted as {@code ?node=}. */
    public record Promote(String node) { }

    /** {@code POST /admin/log-level}: trace, debug, info, warn, error or off. */
    public record LogLevel(String level) { }
}
