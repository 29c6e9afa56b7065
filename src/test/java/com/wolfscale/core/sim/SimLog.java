package com.wolfscale.core.sim;

import com.wolfscale.common.Epoch;
import com.wolfscale.common.Lsn;
import com.wolfscale.core.LogRecord;
import com.wolfscale.core.LogView;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * An in-memory log with the failure model of a real one: records are written first and become durable
 * only when a simulated fsync completes; a crash loses everything not yet durable.
 */
final class SimLog implements LogView {

    private final List<LogRecord> records = new ArrayList<>();
    private final List<Long> writeIds = new ArrayList<>();
    /** (epoch, first LSN) of each epoch present, ascending. */
    private final List<long[]> epochs = new ArrayList<>();
    private long writeCounter;
    private long durable;

    long nextWriteId() {
        return writeCounter;
    }

    void append(LogRecord r) {
        if (r.lsn().value() != records.size() + 1) {
            throw new IllegalStateException("append of " + r.lsn() + " after " + records.size());
        }
        if (!records.isEmpty() && r.epoch().isBefore(lastEpoch())) {
            throw new IllegalStateException("epoch " + r.epoch() + " after " + lastEpoch());
        }
        if (epochs.isEmpty() || epochs.get(epochs.size() - 1)[0] != r.epoch().value()) {
            epochs.add(new long[] {r.epoch().value(), r.lsn().value()});
        }
        records.add(r);
        writeIds.add(++writeCounter);
    }

    /** An fsync issued when {@code writeId} was the newest write has completed. */
    void fsyncCompleted(long writeId) {
        while (durable < records.size() && writeIds.get((int) durable) <= writeId) {
            durable++;
        }
    }

    /** Removes records after {@code lsn}; returns them. */
    List<LogRecord> truncateAfter(Lsn lsn) {
        List<LogRecord> removed = new ArrayList<>();
        while (records.size() > lsn.value()) {
            removed.add(0, records.remove(records.size() - 1));
            writeIds.remove(writeIds.size() - 1);
        }
        durable = Math.min(durable, records.size());
        while (!epochs.isEmpty() && epochs.get(epochs.size() - 1)[1] > records.size()) {
            epochs.remove(epochs.size() - 1);
        }
        return removed;
    }

    /** A crash: unsynced records are gone. */
    List<LogRecord> crash() {
        return truncateAfter(Lsn.of(durable));
    }

    LogRecord get(Lsn lsn) {
        return records.get((int) lsn.value() - 1);
    }

    @Override
    public Lsn firstLsn() {
        return Lsn.of(1);
    }

    @Override
    public Lsn lastLsn() {
        return Lsn.of(records.size());
    }

    @Override
    public Epoch lastEpoch() {
        return records.isEmpty() ? Epoch.ZERO : records.get(records.size() - 1).epoch();
    }

    @Override
    public Lsn durableLsn() {
        return Lsn.of(durable);
    }

    @Override
    public Optional<Epoch> epochAt(Lsn lsn) {
        if (lsn.value() < 1 || lsn.value() > records.size()) {
            return Optional.empty();
        }
        return Optional.of(get(lsn).epoch());
    }

    @Override
    public Lsn endOfEpoch(Epoch epoch) {
        for (int i = epochs.size() - 1; i >= 0; i--) {
            if (epochs.get(i)[0] <= epoch.value()) {
                return Lsn.of(i + 1 < epochs.size() ? epochs.get(i + 1)[1] - 1 : records.size());
            }
        }
        return Lsn.ZERO;
    }

    @Override
    public long timestampAt(Lsn lsn) {
        return lsn.value() < 1 || lsn.value() > records.size() ? 0 : get(lsn).timestampMicros();
    }

    @Override
    public List<LogRecord> read(Lsn from, int maxRecords, long maxBytes) {
        List<LogRecord> out = new ArrayList<>();
        long bytes = 0;
        for (long l = from.value(); l <= records.size() && out.size() < maxRecords && bytes < maxBytes; l++) {
            LogRecord r = get(Lsn.of(l));
            out.add(r);
            bytes += r.payload().length;
        }
        return out;
    }
}
