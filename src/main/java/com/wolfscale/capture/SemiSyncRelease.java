package com.wolfscale.capture;

import com.wolfscale.mysql.binlog.Gtid;
import com.wolfscale.mysql.replication.DumpRequest;
import com.wolfscale.mysql.replication.SemiSyncAck;
import java.io.IOException;
import java.time.Duration;
import java.util.List;

/**
 * Releases commits that wait in MariaDB for a semi-sync acknowledgement, up to a binlog position whose
 * transactions the cluster has committed: it connects as a semi-sync replica, sends one ACK and leaves.
 * MariaDB wakes every commit waiting at or before the acknowledged position (spikes.md §2). Used when a
 * node regains leadership or rejoins, so clients whose transactions the cluster did keep get their OK
 * instead of an error.
 */
public final class SemiSyncRelease {

    private SemiSyncRelease() {
    }

    public static void release(DatabaseAddress db, long replicaServerId, List<Gtid> streamFrom, SemiSyncAck upTo)
            throws IOException {
        DumpRequest request = new DumpRequest(replicaServerId, streamFrom, Duration.ofSeconds(1), true, 0);
        try (BinlogConnection c = BinlogConnection.open(db, request, 16 << 20)) {
            c.ack(upTo);
        }
    }
}
