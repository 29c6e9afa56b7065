package com.wolfscale.wal;

import com.wolfscale.wal.internal.LogVerifier;
import java.nio.file.Path;

/**
 * Offline check of a WAL directory, behind {@code wolfscale wal verify}: reads every batch of every
 * segment (checksums, LSN continuity, epoch order, records that decode), the epoch history and the
 * index files. It takes the directory lock, so it refuses to run next to an open {@link Wal}.
 */
public final class WalVerifier {

    private WalVerifier() {
    }

    /** Reads everything and reports; changes nothing. */
    public static VerifyReport verify(Path walDir) {
        return new LogVerifier(WalStorage.local(), walDir).verify();
    }

    /**
     * Verifies, then cuts the log at the first bad record (deleting every record from there on, which a
     * follower then fetches again from the leader) and rebuilds the epoch history if it is damaged or
     * disagrees with the log. Records after corruption may have been acknowledged: use it only when they
     * can be refetched.
     */
    public static VerifyReport repair(Path walDir) {
        return new LogVerifier(WalStorage.local(), walDir).repair();
    }
}
