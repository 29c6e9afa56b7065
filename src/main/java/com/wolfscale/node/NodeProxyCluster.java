package com.wolfscale.node;

import com.wolfscale.common.Lsn;
import com.wolfscale.common.NodeId;
import com.wolfscale.config.HostPort;
import com.wolfscale.core.Advertisement;
import com.wolfscale.core.CoreView;
import com.wolfscale.mysql.binlog.Gtid;
import com.wolfscale.proxy.LeaderRoute;
import com.wolfscale.proxy.ProxyCluster;
import com.wolfscale.replication.ClusterMember;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * The proxy's view of the cluster, from this node's core view, its peers' advertised proxy endpoints,
 * the applier's position and the GTID index. Reads are volatile reads of the published view; waits use
 * the core loop's view-change signal and the applier's progress signal.
 */
final class NodeProxyCluster implements ProxyCluster {

    private final ClusterMember member;
    private final HostPort database;
    private final BooleanSupplier leaderOpen;
    private final BooleanSupplier readsAllowed;
    private final Supplier<Lsn> applied;
    private final GtidIndex gtids;
    private final Object appliedSignal = new Object();

    NodeProxyCluster(ClusterMember member, HostPort database, BooleanSupplier leaderOpen, BooleanSupplier readsAllowed,
                     Supplier<Lsn> applied, GtidIndex gtids) {
        this.member = member;
        this.database = database;
        this.leaderOpen = leaderOpen;
        this.readsAllowed = readsAllowed;
        this.applied = applied;
        this.gtids = gtids;
    }

    @Override
    public LeaderRoute leaderRoute() {
        CoreView v = member.view();
        if (v.isLeader()) {
            return leaderOpen.getAsBoolean() ? new LeaderRoute.LocalLeader(database)
                    : new LeaderRoute.NoLeader("this node was elected leader and is catching up before it takes writes");
        }
        Optional<NodeId> leader = v.leader();
        if (leader.isEmpty()) {
            return new LeaderRoute.NoLeader("no leader: an election is running");
        }
        Map<String, String> endpoints = member.peerEndpoints().get(leader.get());
        Optional<HostPort> proxy = Optional.ofNullable(endpoints == null ? null : endpoints.get(Advertisement.PROXY))
                .flatMap(HostPort::parse);
        return proxy.<LeaderRoute>map(LeaderRoute.RemoteLeader::new).orElseGet(() -> new LeaderRoute.NoLeader(
                "leader " + leader.get() + " has not advertised a proxy address (is [proxy] enabled there?)"));
    }

    @Override
    public HostPort localDatabase() {
        return database;
    }

    @Override
    public boolean localReadsAllowed() {
        return readsAllowed.getAsBoolean();
    }

    @Override
    public Lsn appliedLsn() {
        return applied.get();
    }

    /** Called by the applier after every applied batch. */
    void appliedAdvanced() {
        synchronized (appliedSignal) {
            appliedSignal.notifyAll();
        }
    }

    @Override
    public boolean awaitApplied(Lsn lsn, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (appliedSignal) {
            while (applied.get().isBefore(lsn)) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                appliedSignal.wait(Math.max(1, left / 1_000_000));
            }
        }
        return true;
    }

    @Override
    public Lsn leaderCommitLsn() {
        return member.view().commitLsn();
    }

    @Override
    public Optional<Lsn> lsnOfGtid(Gtid gtid, Duration wait) throws InterruptedException {
        return gtids.await(gtid, wait);
    }

    @Override
    public void awaitLeaderChange(Duration timeout) throws InterruptedException {
        LeaderRoute before = leaderRoute();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (leaderRoute().equals(before)) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return;
            }
            // the route also depends on the database opening and on advertisements: look again often
            member.loop().awaitViewChange(member.view(), Duration.ofNanos(Math.min(left, 50_000_000L)));
        }
    }
}
