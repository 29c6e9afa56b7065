package com.wolfscale.wal.internal;

import com.wolfscale.common.Epoch;
import com.wolfscale.common.Lsn;
import com.wolfscale.wal.WalEpochException;
import com.wolfscale.wal.WalException;
import com.wolfscale.wal.WalOptions;
import com.wolfscale.wal.WalRecord;
import com.wolfscale.wal.WalSequenceException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * One group commit while the {@link GroupCommitWriter} forms it: the records that join it, each checked
 * against the log's rules as it joins (next LSN, epoch not going back, truncation fences) and encoded
 * into one batch; and the futures to complete once the batch is durable. A group holds one epoch, at
 * most {@code batchSize} records and a 4 MiB records section (a first record always fits).
 *
 * <p>Not thread-safe: writer thread only. The encoder is shared by successive groups.
 */
final class GroupCommit {

    private final BatchEncoder encoder;
    private final SegmentedLog log;
    private final WalOptions options;
    private final List<WriterTask.LeaderAppend> leaders = new ArrayList<>();
    private final List<WalRecord> records = new ArrayList<>();
    private final List<WalRecord> leaderRecords = new ArrayList<>();
    private final List<WriterTask.ReplicatedAppend> finished = new ArrayList<>();
    private final long started;
    /** A replicated append with records in this group and more waiting for the next one. */
    private WriterTask.ReplicatedAppend partial;
    private int count;
    private long next;

    GroupCommit(BatchEncoder encoder, SegmentedLog log, WalOptions options, long started) {
        this.encoder = encoder;
        this.log = log;
        this.options = options;
        this.started = started;
    }

    long started() {
        return started;
    }

    /** Records in this group (the encoder still holds the previous group's until the first one joins). */
    int size() {
        return count;
    }

    boolean full() {
        return count >= options.batchSize() || encoder.sectionBytes() >= BatchCodec.GROUP_SECTION_BYTES;
    }

    /**
     * Adds the task's records, or fails the task if they break a rule.
     *
     * @return false when (some of) its records must wait for the next group
     */
    boolean offer(WriterTask task) {
        if (task instanceof WriterTask.LeaderAppend a) {
            return offerLeader(a);
        }
        return offerReplicated((WriterTask.ReplicatedAppend) task);
    }

    private boolean offerLeader(WriterTask.LeaderAppend a) {
        if (!fits(a.epoch(), a.payload().length)) {
            return false;
        }
        long lsn = nextLsn();
        WalException problem = epochProblem(a.epoch(), lsn);
        if (problem != null) {
            a.fail(problem);
            return true;
        }
        WalRecord record = new WalRecord(Lsn.of(lsn), Epoch.of(a.epoch()), a.timestampMicros(), a.type(), a.payload());
        add(record);
        leaders.add(a);
        leaderRecords.add(record);
        return true;
    }

    private boolean offerReplicated(WriterTask.ReplicatedAppend r) {
        int start = r.next;
        while (r.next < r.records.size()) {
            WalRecord record = r.records.get(r.next);
            if (!fits(record.epoch().value(), record.payload().length)) {
                partial = r.next > start ? r : partial;
                return false;
            }
            long lsn = nextLsn();
            WalException problem = recordProblem(record, lsn);
            if (problem != null) {
                r.fail(problem);
                return true;
            }
            add(record);
            r.next++;
        }
        finished.add(r);
        return true;
    }

    private boolean fits(long epoch, int payload) {
        return count == 0 || epoch == encoder.epoch() && count < options.batchSize()
                && (long) encoder.sectionBytes() + BatchCodec.RECORD_OVERHEAD + payload <= BatchCodec.GROUP_SECTION_BYTES;
    }

    private long nextLsn() {
        return count == 0 ? log.nextLsn() : next;
    }

    private void add(WalRecord r) {
        if (count == 0) {
            encoder.begin(r.epoch().value(), r.lsn().value());
        }
        encoder.add(r.timestampMicros(), r.type(), r.payload());
        records.add(r);
        count++;
        next = r.lsn().value() + 1;
    }

    private WalException recordProblem(WalRecord record, long lsn) {
        if (record.lsn().value() != lsn) {
            return new WalSequenceException("replicated record LSN " + record.lsn() + " does not continue the WAL "
                    + options.dir() + ", whose next LSN is " + lsn + "; fetch again from LSN " + lsn);
        }
        if (record.payload().length > options.maxRecordBytes()) {
            return new WalException("replicated record LSN " + record.lsn() + " has a " + record.payload().length
                    + "-byte payload, above wal maxRecordBytes " + options.maxRecordBytes());
        }
        return epochProblem(record.epoch().value(), lsn);
    }

    private WalException epochProblem(long epoch, long lsn) {
        if (epoch < 1) {
            return new WalEpochException("records need an epoch of at least 1, got " + epoch);
        }
        if (count == 0 && epoch < log.lastEpoch()) {
            return new WalEpochException("epoch " + epoch + " is lower than epoch " + log.lastEpoch() + " of the last "
                    + "record (LSN " + (log.nextLsn() - 1) + "): the writer is stale");
        }
        // A truncated position may be refilled by a record of a LOWER epoch than the one removed: in Raft a
        // leader of a later term can hold an older term's record where a follower had a newer, uncommitted one
        // (5 nodes: its voters all lacked the newer term). (epoch, lsn) stays a unique record identity
        // because every epoch has one leader; the fences in the epoch history record what was truncated,
        // for audit, and are not a rule.
        return null;
    }

    /** Writes the group's batch into the log (not yet fsynced). */
    void appendTo(SegmentedLog target) throws WalException {
        ByteBuffer batch = encoder.finish();
        target.append(batch, encoder.epoch(), encoder.baseLsn(), next - 1, encoder.maxTimestamp(), records);
    }

    /** How many appenders completing this group releases (each may come straight back with the next). */
    int appendersReleased() {
        return leaders.size() + finished.size();
    }

    /** The replicated append that continues in the next group, or null. */
    WriterTask.ReplicatedAppend partial() {
        return partial;
    }

    void complete() {
        for (int i = 0; i < leaders.size(); i++) {
            leaders.get(i).future().complete(leaderRecords.get(i));
        }
        for (WriterTask.ReplicatedAppend r : finished) {
            r.future.complete(r.records.get(r.records.size() - 1).lsn());
        }
    }

    void fail(WalException cause) {
        leaders.forEach(a -> a.fail(cause));
        finished.forEach(r -> r.fail(cause));
        if (partial != null) {
            partial.fail(cause);
        }
    }
}
