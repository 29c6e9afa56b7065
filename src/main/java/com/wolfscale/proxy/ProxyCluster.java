package com.wolfscale.proxy;

import com.wolfscale.common.Lsn;
import com.wolfscale.config.HostPort;
import com.wolfscale.mysql.binlog.Gtid;
import java.time.Duration;
import java.util.Optional;

/**
 * Everything the proxy needs to know about the cluster, implemented by the node runtime. The proxy never
 * talks to peers or the WAL itself: it asks this interface where leader-bound traffic goes, how far the
 * local database has applied the log, and waits on it for causal reads and leader changes.
 *
 * <p>Implementations must be thread-safe and cheap: {@link #leaderRoute()}, {@link #appliedLsn()} and
 * {@link #localReadsAllowed()} are called by every client session for every statement that needs the
 * leader or wants a local read (a volatile read is the expected cost). The waiting methods block the
 * calling (virtual) thread only.
 */
public interface ProxyCluster {

    /**
     * Where leader-bound traffic goes now: this node's own MariaDB (this node leads and takes writes), the
     * leader's proxy, or nowhere yet (election running).
     */
    LeaderRoute leaderRoute();

    /** This node's MariaDB, where local reads go. */
    HostPort localDatabase();

    /** False when this node's database is unhealthy or NEEDS_MIGRATION: every read then goes to the leader. */
    boolean localReadsAllowed();

    /** What this node's database has applied (every transaction up to and including this LSN is visible). */
    Lsn appliedLsn();

    /**
     * Waits until {@link #appliedLsn()} is at or after {@code lsn}.
     *
     * @return true when it is, false when {@code timeout} passed first
     */
    boolean awaitApplied(Lsn lsn, Duration timeout) throws InterruptedException;

    /** The leader's commit index as this node knows it (what a {@code global} read must see). */
    Lsn leaderCommitLsn();

    /**
     * The WAL position of a transaction committed on the leader, identified by its GTID (which the proxy
     * learns from the leader's {@code last_gtid}); waits up to {@code wait} for the record to become known
     * on this node.
     *
     * @return empty when the GTID is not (yet) known here
     */
    Optional<Lsn> lsnOfGtid(Gtid gtid, Duration wait) throws InterruptedException;

    /** Returns when {@link #leaderRoute()} changes, or after {@code timeout}, whichever comes first. */
    void awaitLeaderChange(Duration timeout) throws InterruptedException;
}
