package com.wolfscale.core;

import com.wolfscale.common.Epoch;
import com.wolfscale.common.Lsn;
import java.util.Optional;

/**
 * Serving side of pull replication, as a pure decision: given a {@link FetchRequest} and this node's log,
 * serve records, park the request until records arrive (long poll), or answer at once (divergence,
 * snapshot needed, stale epoch). The check is Raft's log matching done with the epoch history (Kafka's
 * leader-epoch truncation): the follower names the epoch of its record before {@code fromLsn}; if that
 * record is not the same in this log, the answer is the last position both logs can share.
 */
public final class FetchPlanner {

    private FetchPlanner() {
    }

    /** What to do with one request. */
    public sealed interface Plan permits Serve, Park, Answer { }

    /** Send records from the requested LSN; {@code matchedDurable} is the follower's acknowledged position. */
    public record Serve(Lsn matchedDurable) implements Plan { }

    /** Nothing to send yet: hold the request until the log grows past {@code lastLsn} or the poll times out. */
    public record Park(Lsn matchedDurable) implements Plan { }

    /** Answer immediately with this outcome; progress is acknowledged only if {@code matchedDurable} is set. */
    public record Answer(FetchResponse.FetchOutcome outcome, Optional<Lsn> matchedDurable) implements Plan { }

    public static Plan plan(FetchRequest req, LogView log, Epoch serverEpoch) {
        if (req.epoch().isBefore(serverEpoch)) {
            return new Answer(new FetchResponse.Refused("requester epoch " + req.epoch() + " is stale"), Optional.empty());
        }
        if (req.epoch().isAfter(serverEpoch)) {
            return new Answer(new FetchResponse.Refused("server epoch " + serverEpoch + " is behind"), Optional.empty());
        }
        Lsn from = req.fromLsn();
        if (from.value() < 1) {
            return new Answer(new FetchResponse.Refused("fromLsn must be >= 1"), Optional.empty());
        }
        Lsn prev = from.previous();
        if (from.isBefore(log.firstLsn())) {
            return new Answer(new FetchResponse.SnapshotNeeded(log.firstLsn()), Optional.empty());
        }
        if (!prev.equals(Lsn.ZERO) && !(prev.compareTo(log.lastLsn()) <= 0 && epochContains(log, req.prevEpoch(), prev))) {
            Lsn truncateTo = Lsn.min(log.endOfEpoch(req.prevEpoch()), prev.previous());
            if (truncateTo.isBefore(log.firstLsn().previous())) {
                return new Answer(new FetchResponse.SnapshotNeeded(log.firstLsn()), Optional.empty());
            }
            return new Answer(new FetchResponse.Diverged(truncateTo), Optional.empty());
        }
        Lsn matched = Lsn.min(req.durableLsn(), prev);
        return from.isAfter(log.lastLsn()) ? new Park(matched) : new Serve(matched);
    }

    /** True if the record at {@code lsn} belongs to {@code epoch} in this log, judged by the epoch history. */
    static boolean epochContains(LogView log, Epoch epoch, Lsn lsn) {
        Optional<Epoch> direct = log.epochAt(lsn);
        if (direct.isPresent()) {
            return direct.get().equals(epoch);
        }
        Lsn endOfEpoch = log.endOfEpoch(epoch);
        Lsn endOfPrevious = epoch.value() == 0 ? Lsn.ZERO : log.endOfEpoch(epoch.previous());
        return !endOfEpoch.isBefore(lsn) && endOfPrevious.isBefore(lsn);
    }
}
