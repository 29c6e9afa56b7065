package com.wolfscale.core;

import com.wolfscale.common.Epoch;
import com.wolfscale.common.Lsn;
import java.util.Arrays;

/**
 * One replicated log record as the core and the replication protocol see it. The payload is opaque here
 * (a captured transaction, or an epoch-start marker).
 */
public record LogRecord(Lsn lsn, Epoch epoch, long timestampMicros, byte type, byte[] payload) {

    /** Written by every new leader as the first record of its epoch, so its commit index can advance. */
    public static final byte EPOCH_START = 1;
    /** A transaction captured from the leader's database. */
    public static final byte TRANSACTION = 2;

    @Override
    public boolean equals(Object o) {
        return o instanceof LogRecord r && lsn.equals(r.lsn) && epoch.equals(r.epoch)
                && timestampMicros == r.timestampMicros && type == r.type && Arrays.equals(payload, r.payload);
    }

    @Override
    public int hashCode() {
        return lsn.hashCode() * 31 + Arrays.hashCode(payload);
    }

    @Override
    public String toString() {
        return "LogRecord[" + epoch + ":" + lsn + " type " + type + ", " + payload.length + " B]";
    }
}
