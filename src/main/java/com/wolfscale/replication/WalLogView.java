package com.wolfscale.replication;

import com.wolfscale.common.Epoch;
import com.wolfscale.common.Lsn;
import com.wolfscale.core.LogRecord;
import com.wolfscale.core.LogView;
import com.wolfscale.wal.Wal;
import com.wolfscale.wal.WalException;
import com.wolfscale.wal.WalRecord;
import java.util.ArrayList;
import java.util.List;

/**
 * The core's view of the node's WAL. Timestamps are looked up by reading the record, with the last one
 * cached because the core asks for it on every step. Thread-safe (the WAL is).
 */
public final class WalLogView implements LogView {

    private final Wal wal;
    private volatile long cachedLsn = -1;
    private volatile long cachedMicros;

    public WalLogView(Wal wal) {
        this.wal = wal;
    }

    public Wal wal() {
        return wal;
    }

    @Override
    public Lsn firstLsn() {
        return wal.firstLsn();
    }

    @Override
    public Lsn lastLsn() {
        return wal.lastLsn();
    }

    @Override
    public Epoch lastEpoch() {
        return wal.lastEpoch();
    }

    @Override
    public Lsn durableLsn() {
        return wal.durableLsn();
    }

    @Override
    public java.util.Optional<Epoch> epochAt(Lsn lsn) {
        return wal.epochAt(lsn);
    }

    @Override
    public Lsn endOfEpoch(Epoch epoch) {
        return wal.endOfEpoch(epoch);
    }

    /** Remembers the newest record's time, so the core's per-step question costs no read. */
    public void noteAppended(Lsn lsn, long micros) {
        if (lsn.value() >= cachedLsn) {
            cachedMicros = micros;
            cachedLsn = lsn.value();
        }
    }

    /**
     * The commit time of a record. The core asks for the newest record on every step, on its own thread:
     * for a record newer than the last one noted this returns the last noted time rather than read it
     * (a 16 MiB transaction must not be read back just to show a lag figure).
     */
    @Override
    public long timestampAt(Lsn lsn) {
        if (lsn.value() >= cachedLsn && cachedLsn >= 0) {
            return cachedMicros;
        }
        if (lsn.value() < 1 || lsn.isAfter(wal.lastLsn()) || lsn.isBefore(wal.firstLsn())) {
            return 0;
        }
        try {
            List<WalRecord> r = wal.read(lsn, 1, 1);
            long micros = r.isEmpty() ? 0 : r.get(0).timestampMicros();
            cachedMicros = micros;
            cachedLsn = lsn.value();
            return micros;
        } catch (WalException e) {
            return 0;
        }
    }

    @Override
    public List<LogRecord> read(Lsn from, int maxRecords, long maxBytes) {
        try {
            return toLog(wal.read(from, maxRecords, maxBytes));
        } catch (WalException e) {
            throw new IllegalStateException("cannot read the WAL from " + from + ": " + e.getMessage(), e);
        }
    }

    static List<LogRecord> toLog(List<WalRecord> records) {
        List<LogRecord> out = new ArrayList<>(records.size());
        for (WalRecord r : records) {
            out.add(new LogRecord(r.lsn(), r.epoch(), r.timestampMicros(), r.type(), r.payload()));
        }
        return out;
    }

    static List<WalRecord> toWal(List<LogRecord> records) {
        List<WalRecord> out = new ArrayList<>(records.size());
        for (LogRecord r : records) {
            out.add(new WalRecord(r.lsn(), r.epoch(), r.timestampMicros(), r.type(), r.payload()));
        }
        return out;
    }
}
