package com.wolfscale.core;

import com.wolfscale.common.Epoch;
import com.wolfscale.common.Lsn;
import java.util.List;

/**
 * Requesting side of pull replication, as pure decisions: build the next request from the local log,
 * and turn an answer into a log action plus the {@link CoreInput.FetchAnswered} for the core.
 */
public final class FetchFollower {

    private FetchFollower() {
    }

    public static FetchRequest request(CoreView view, LogView log, Lsn appliedLsn, int maxRecords, long maxBytes) {
        Lsn last = log.lastLsn();
        Epoch prevEpoch = last.equals(Lsn.ZERO) ? Epoch.ZERO : log.epochAt(last).orElse(log.lastEpoch());
        return new FetchRequest(view.self(), view.epoch(), last.next(), prevEpoch, log.durableLsn(), appliedLsn,
                maxRecords, maxBytes);
    }

    /** What to do to the local log. */
    public sealed interface Action permits Append, Truncate, Nothing, Refuse { }

    /**
     * The source asked to truncate records this node knows are committed, in quorum mode: that would lose
     * acknowledged data, so replication must stop and an operator must look (it indicates a bug or a
     * tampered log).
     */
    public record Refuse(String reason) implements Action { }

    /** Append these records (they continue the log exactly); then report {@code answered} with matchedLsn = last. */
    public record Append(List<LogRecord> records, CoreInput.FetchAnswered answered) implements Action { }

    /** Drop every record after {@code afterLsn}; then fetch again. */
    public record Truncate(Lsn afterLsn, CoreInput.FetchAnswered answered) implements Action { }

    /** No log change; report {@code answered} (may be null when the answer is to be ignored). */
    public record Nothing(CoreInput.FetchAnswered answered) implements Action { }

    public static Action handle(FetchRequest sent, FetchResponse resp, LogView log, CoreView view) {
        if (resp.epoch().isBefore(sent.epoch()) || !resp.requestFrom().equals(sent.fromLsn())) {
            return new Nothing(null); // a stale source, or an answer to an older request
        }
        boolean sameEpoch = resp.epoch().equals(sent.epoch());
        Lsn base = sent.fromLsn().previous();
        return switch (resp.outcome()) {
            case FetchResponse.Records r -> {
                if (!sameEpoch || !log.lastLsn().equals(base)) {
                    yield new Nothing(answered(resp, Lsn.ZERO, false));
                }
                if (r.records().isEmpty()) {
                    yield new Nothing(answered(resp, base, false));
                }
                validate(r.records(), sent.fromLsn(), resp.epoch(), log.lastEpoch());
                Lsn last = r.records().get(r.records().size() - 1).lsn();
                yield new Append(r.records(), answered(resp, last, false));
            }
            case FetchResponse.Diverged d -> {
                if (!sameEpoch || !d.truncateTo().isBefore(log.lastLsn())) {
                    yield new Nothing(answered(resp, Lsn.ZERO, false));
                }
                if (d.truncateTo().isBefore(view.commitLsn()) && !view.committedMayBeLost()) {
                    yield new Refuse(resp.from() + " (epoch " + resp.epoch() + ") asked to truncate after "
                            + d.truncateTo() + " but records up to " + view.commitLsn() + " are committed");
                }
                yield new Truncate(d.truncateTo(), answered(resp, Lsn.ZERO, false));
            }
            case FetchResponse.SnapshotNeeded s -> new Nothing(answered(resp, Lsn.ZERO, true));
            case FetchResponse.Refused f -> new Nothing(answered(resp, Lsn.ZERO, false));
        };
    }

    private static CoreInput.FetchAnswered answered(FetchResponse resp, Lsn matched, boolean snapshot) {
        return new CoreInput.FetchAnswered(resp.from(), resp.epoch(), resp.fromLeader(), matched, resp.commitLsn(),
                snapshot);
    }

    /** Records from a source must continue the log exactly, with epochs that never decrease. */
    private static void validate(List<LogRecord> records, Lsn from, Epoch sourceEpoch, Epoch lastEpoch) {
        Lsn expect = from;
        Epoch prev = lastEpoch;
        for (LogRecord r : records) {
            if (!r.lsn().equals(expect) || r.epoch().isBefore(prev) || r.epoch().isAfter(sourceEpoch)) {
                throw new IllegalStateException("malformed fetch answer: record " + r.epoch() + ":" + r.lsn()
                        + " where " + expect + " (epoch >= " + prev + ", <= " + sourceEpoch + ") was expected");
            }
            expect = expect.next();
            prev = r.epoch();
        }
    }
}
