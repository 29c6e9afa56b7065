package com.wolfscale.core;

import com.wolfscale.common.Epoch;
import com.wolfscale.common.Lsn;
import com.wolfscale.common.NodeId;
import java.util.List;

/**
 * The answer to a {@link FetchRequest}: records, or where the follower's log diverges, or why not.
 * {@code requestFrom} echoes the request's {@code fromLsn}, so a late or duplicated answer is never
 * mistaken for the answer to a newer request.
 */
public record FetchResponse(NodeId from, Epoch epoch, boolean fromLeader, Lsn commitLsn, Lsn requestFrom,
                            FetchOutcome outcome)
        implements Message {

    /** What the server could do for the request. */
    public sealed interface FetchOutcome permits Records, Diverged, SnapshotNeeded, Refused { }

    /** Records starting exactly at the requested LSN (empty after a long-poll timeout). */
    public record Records(List<LogRecord> records) implements FetchOutcome { }

    /** The follower's log differs after {@code truncateTo}: drop everything after it and fetch again. */
    public record Diverged(Lsn truncateTo) implements FetchOutcome { }

    /** The records the follower needs were removed by retention; it needs a snapshot (migrate). */
    public record SnapshotNeeded(Lsn firstAvailable) implements FetchOutcome { }

    /** Not served (stale epoch of the requester, or the server is not a valid source); see the epoch. */
    public record Refused(String reason) implements FetchOutcome { }
}
