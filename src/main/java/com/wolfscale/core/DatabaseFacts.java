package com.wolfscale.core;

import com.wolfscale.common.Lsn;

/**
 * What the core knows about this node's own database: healthy or not, whether it needs a snapshot (the
 * health monitor says it cannot be repaired in place, or a fetch said the records it needs are gone from
 * its source's log), and how far it has applied. Owned by the core's thread.
 */
final class DatabaseFacts {

    private boolean healthy = true;
    /** The node's database cannot be repaired in place (the health monitor says so). */
    private boolean unrepairable;
    /** The records this node needs were removed from its source's log (a fetch said so). */
    private boolean snapshotNeeded;
    private Lsn appliedLsn = Lsn.ZERO;
    private long appliedMicros;

    boolean healthy() {
        return healthy;
    }

    boolean needsMigration() {
        return unrepairable || snapshotNeeded;
    }

    /** Healthy and needing no snapshot: this node's database could serve a leader. */
    boolean fit() {
        return healthy && !needsMigration();
    }

    Lsn appliedLsn() {
        return appliedLsn;
    }

    long appliedMicros() {
        return appliedMicros;
    }

    /** Takes the node's report; @return true when it newly says the database needs migration. */
    boolean report(CoreInput.LocalDatabase d) {
        boolean newly = d.needsMigration() && !needsMigration();
        healthy = d.healthy();
        unrepairable = d.needsMigration();
        appliedLsn = d.appliedLsn(); // the database is the truth (a repair may move it back)
        appliedMicros = d.appliedMicros();
        return newly;
    }

    /** A fetch said the records this node needs are gone; @return true the first time. */
    boolean markSnapshotNeeded() {
        boolean first = !snapshotNeeded;
        snapshotNeeded = true;
        return first;
    }

    /** A snapshot at {@code lsn} (a committed position) is the database now. */
    void snapshotInstalled(Lsn lsn) {
        snapshotNeeded = false;
        appliedLsn = lsn;
    }
}
