package com.wolfscale.node;

import com.wolfscale.api.model.MigrationView;
import java.time.Duration;
import java.time.Instant;

/** Where a migration stands; immutable, replaced as the migration goes (read by the API at any time). */
record MigrationProgress(String state, String from, long lsn, long bytes, long statements, int tables, int tablesTotal,
                         long estimatedBytes, String table, String error, Instant started, Instant finished) {

    static MigrationProgress idle() {
        return new MigrationProgress("IDLE", null, 0, 0, 0, 0, 0, 0, null, null, null, null);
    }

    static MigrationProgress started(String from) {
        return new MigrationProgress("RUNNING", from, 0, 0, 0, 0, 0, 0, null, null, Instant.now(), null);
    }

    boolean running() {
        return state.equals("RUNNING");
    }

    MigrationProgress withEstimates(int tablesTotal, long estimatedBytes) {
        return new MigrationProgress(state, from, lsn, bytes, statements, tables, tablesTotal, estimatedBytes, table,
                error, started, finished);
    }

    MigrationProgress loading(long bytes, long statements, int tables, String table) {
        return new MigrationProgress(state, from, lsn, bytes, statements, tables, tablesTotal, estimatedBytes, table,
                error, started, finished);
    }

    MigrationProgress done(long lsn) {
        return new MigrationProgress("DONE", from, lsn, bytes, statements, tables, tablesTotal, estimatedBytes, null,
                null, started, Instant.now());
    }

    MigrationProgress failed(String why) {
        return new MigrationProgress("FAILED", from, lsn, bytes, statements, tables, tablesTotal, estimatedBytes, table,
                why, started, Instant.now());
    }

    /**
     * The snapshot text is about twice the source's data size on disk (hexadecimal binary, SQL around the
     * values): the ETA uses that ratio, and is only a guide.
     */
    MigrationView view() {
        Long eta = null;
        if (running() && bytes > 0 && estimatedBytes > 0 && started != null) {
            double seconds = Duration.between(started, Instant.now()).toMillis() / 1000.0;
            double expected = estimatedBytes * 2.0;
            eta = Math.max(0, Math.round(seconds * Math.max(0, expected - bytes) / bytes));
        }
        return new MigrationView(state, from, lsn, bytes, statements, tables, tablesTotal, estimatedBytes, eta, table,
                error, started == null ? null : started.toString(), finished == null ? null : finished.toString());
    }
}
