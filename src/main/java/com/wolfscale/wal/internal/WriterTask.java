package com.wolfscale.wal.internal;

import com.wolfscale.common.Lsn;
import com.wolfscale.wal.WalException;
import com.wolfscale.wal.WalRecord;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/** A request queued for the {@link GroupCommitWriter}; each completes its own future. */
public sealed interface WriterTask {

    /** Completes the task's future with {@code cause}. */
    void fail(WalException cause);

    /** A leader's append: the writer assigns the next LSN. */
    record LeaderAppend(long epoch, byte type, byte[] payload, long timestampMicros,
                        CompletableFuture<WalRecord> future) implements WriterTask {
        @Override
        public void fail(WalException cause) {
            future.completeExceptionally(cause);
        }
    }

    /**
     * A follower's append of records that carry their own LSNs. Large or multi-epoch lists span several
     * group commits; {@code next} (writer thread only) is the index of the first record not yet taken.
     */
    final class ReplicatedAppend implements WriterTask {
        final List<WalRecord> records;
        final CompletableFuture<Lsn> future;
        int next;

        public ReplicatedAppend(List<WalRecord> records, CompletableFuture<Lsn> future) {
            this.records = records;
            this.future = future;
        }

        @Override
        public void fail(WalException cause) {
            future.completeExceptionally(cause);
        }
    }

    /** Work the writer does in order with appends: truncations and retention. */
    record Action<T>(Step<T> step, CompletableFuture<T> future) implements WriterTask {
        @Override
        public void fail(WalException cause) {
            future.completeExceptionally(cause);
        }
    }

    /** The body of an {@link Action}, run on the writer thread with the log it owns. */
    @FunctionalInterface
    interface Step<T> {
        T run(SegmentedLog log) throws WalException;
    }

    /** Stops the writer after everything queued before it. */
    record Close(CompletableFuture<Void> done) implements WriterTask {
        @Override
        public void fail(WalException cause) {
            done.complete(null);
        }
    }
}
