package com.wolfscale.api.model;

/**
 * {@code GET /dump/info}: what {@code GET /dump} would stream now. The original's three fields come first
 * ({@code lsn} is the position the database holds now: the snapshot's will be at least this); the
 * estimates come from the server's table statistics (for progress and ETA).
 */
public record DumpInfo(long lsn, String database, String nodeId, long epoch, String role, int tables,
                       long estimatedRows, long estimatedBytes) { }
