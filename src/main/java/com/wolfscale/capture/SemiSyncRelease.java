package com.wolfscale.capture;

import com.wolfscale.mysql.replication.DumpRequest;
import com.wolfscale.mysql.replication.SemiSyncAck;
import java.io.IOException;
import java.time.Duration;

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

    /**
     * The dump starts exactly at {@code upTo} in file/position mode: MariaDB takes a semi-sync replica's
     * start position as an acknowledgement, so starting from the server's current GTID position (which
     * includes the commits still waiting) would release every one of them, kept or not.
     */
    public static void release(DatabaseAddress db, long replicaServerId, SemiSyncAck upTo) throws IOException {
        DumpRequest request = DumpRequest.at(replicaServerId, upTo, Duration.ofSeconds(1), true);
        try (BinlogConnection c = BinlogConnection.open(db, request, 16 << 20)) {
            c.ack(upTo);
        }
    }
}
