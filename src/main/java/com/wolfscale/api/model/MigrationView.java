package com.wolfscale.api.model;

/**
 * {@code GET|POST /admin/migrate}: this node's migration (a snapshot of another node loaded into its
 * database, then catch-up from the log).
 *
 * @param state        IDLE, RUNNING, DONE or FAILED
 * @param lsn          the snapshot's log position once known, else 0
 * @param bytes        snapshot bytes loaded so far
 * @param tablesLoaded tables started so far (of {@code tablesTotal}, an estimate from the source)
 * @param etaSeconds   an estimate from the bytes loaded and the source's data size, null when unknown
 */
public record MigrationView(String state, String from, long lsn, long bytes, long statements, int tablesLoaded,
                            int tablesTotal, long estimatedBytes, Long etaSeconds, String currentTable,
                            String error, String startedAt, String finishedAt) { }
