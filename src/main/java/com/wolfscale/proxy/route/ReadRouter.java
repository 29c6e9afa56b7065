package com.wolfscale.proxy.route;

import com.wolfscale.common.Lsn;
import com.wolfscale.config.CausalReads;
import com.wolfscale.proxy.ProxyCluster;
import java.time.Duration;

/**
 * Decides whether a read may run on the local database, by position: it may when the local database has
 * applied everything the read must see, waiting up to {@code causal_wait_ms} for it.
 * <ul>
 *   <li>{@code none}: only a client's explicit floor ({@code wolfscale:min_lsn}) is honoured.</li>
 *   <li>{@code session} (default): the session's own last write (read-your-writes), and the floor.</li>
 *   <li>{@code global}: additionally the leader's commit index as this node knows it when the read starts,
 *       so the read sees every write acknowledged before it.</li>
 * </ul>
 * Thread-safe (stateless apart from its settings).
 */
public final class ReadRouter {

    private final ProxyCluster cluster;
    private final CausalReads mode;
    private final Duration wait;

    public ReadRouter(ProxyCluster cluster, CausalReads mode, Duration wait) {
        this.cluster = cluster;
        this.mode = mode;
        this.wait = wait;
    }

    public CausalReads mode() {
        return mode;
    }

    /** The position a read must see, from the session's token (its last write, or a client floor). */
    public Lsn required(Lsn sessionToken, Lsn clientFloor) {
        return switch (mode) {
            case NONE -> clientFloor;
            case SESSION -> Lsn.max(sessionToken, clientFloor);
            case GLOBAL -> Lsn.max(Lsn.max(sessionToken, clientFloor), cluster.leaderCommitLsn());
        };
    }

    /**
     * @return true when the local database has applied {@code required} (now, or within the causal wait)
     */
    public boolean localIsFresh(Lsn required) throws InterruptedException {
        if (!cluster.localReadsAllowed()) {
            return false;
        }
        if (!cluster.appliedLsn().isBefore(required)) {
            return true;
        }
        return !wait.isZero() && cluster.awaitApplied(required, wait);
    }
}
