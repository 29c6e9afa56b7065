package com.wolfscale.wal;

import com.wolfscale.common.Epoch;
import com.wolfscale.common.Lsn;
import java.util.Arrays;
import java.util.Objects;

/**
 * One record of the log, identified for ever by {@code (epoch, lsn)}. The WAL does not interpret
 * {@code type} or {@code payload}. Records handed to or returned by the WAL own their payload array: do
 * not modify it afterwards. Equality compares payload contents.
 *
 * @param lsn             position in the log, from 1
 * @param epoch           leadership term that wrote the record, from 1
 * @param timestampMicros caller's wall-clock time of the record (microseconds since the epoch); used by
 *                        time-based retention and lag metrics, not for ordering
 * @param type            caller-defined record kind
 * @param payload         caller-defined bytes, possibly empty
 */
public record WalRecord(Lsn lsn, Epoch epoch, long timestampMicros, byte type, byte[] payload) {

    public WalRecord {
        Objects.requireNonNull(lsn, "lsn");
        Objects.requireNonNull(epoch, "epoch");
        Objects.requireNonNull(payload, "payload");
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof WalRecord r && lsn.equals(r.lsn) && epoch.equals(r.epoch)
                && timestampMicros == r.timestampMicros && type == r.type && Arrays.equals(payload, r.payload);
    }

    @Override
    public int hashCode() {
        return Objects.hash(lsn, epoch, timestampMicros, type, Arrays.hashCode(payload));
    }

    @Override
    public String toString() {
        return "WalRecord[lsn=" + lsn + ", epoch=" + epoch + ", timestampMicros=" + timestampMicros
                + ", type=" + type + ", payload=" + payload.length + " bytes]";
    }
}
