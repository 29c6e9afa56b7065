package com.wolfscale.api.model;

/** {@code POST /admin/migrate}: the node whose snapshot to load ({@code from}); any healthy node when null. */
public record MigrateRequest(String from) { }
