package com.wolfscale.wal;

import com.wolfscale.common.Epoch;
import com.wolfscale.common.Lsn;
import java.util.Objects;

/**
 * One entry of the epoch history: {@code epoch} wrote its first record of this log at {@code firstLsn}
 * and every record up to the next entry's {@code firstLsn} (Kafka's leader-epoch cache entry).
 */
public record EpochStart(Epoch epoch, Lsn firstLsn) {

    public EpochStart {
        Objects.requireNonNull(epoch, "epoch");
        Objects.requireNonNull(firstLsn, "firstLsn");
    }
}
