package com.wolfscale.proxy;

import com.wolfscale.common.Lsn;
import com.wolfscale.config.HostPort;
import com.wolfscale.mysql.binlog.Gtid;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Optional;

/**
 * A {@link ProxyCluster} for tests, over real MariaDB servers the test started. Positions are GTID
 * sequence numbers of domain 0 (LSN n = the n-th transaction the leader binlogged), so with native GTID
 * replication between the servers (set up by the test) a follower's applied LSN is the sequence of its
 * {@code gtid_slave_pos}, and the leader's commit LSN the sequence of its {@code gtid_binlog_pos}. The
 * route is whatever the test sets; {@link #awaitLeaderChange} wakes on {@link #route(LeaderRoute)}.
 */
public final class TestCluster implements ProxyCluster {

    private final HostPort local;
    private volatile HostPort leaderDatabase;
    private volatile LeaderRoute route;
    private volatile boolean localReadsAllowed = true;
    private final Object routeChanged = new Object();

    public TestCluster(HostPort local, LeaderRoute route, HostPort leaderDatabase) {
        this.local = local;
        this.route = route;
        this.leaderDatabase = leaderDatabase;
    }

    /** A single-node cluster: this node leads with its own database. */
    public static TestCluster leader(HostPort db) {
        return new TestCluster(db, new LeaderRoute.LocalLeader(db), db);
    }

    public void route(LeaderRoute next) {
        synchronized (routeChanged) {
            route = next;
            routeChanged.notifyAll();
        }
    }

    public void leaderDatabase(HostPort db) {
        leaderDatabase = db;
    }

    public void localReadsAllowed(boolean allowed) {
        localReadsAllowed = allowed;
    }

    @Override
    public LeaderRoute leaderRoute() {
        return route;
    }

    @Override
    public HostPort localDatabase() {
        return local;
    }

    @Override
    public boolean localReadsAllowed() {
        return localReadsAllowed;
    }

    @Override
    public Lsn appliedLsn() {
        return Lsn.of(sequence(local, "@@gtid_current_pos"));
    }

    @Override
    public boolean awaitApplied(Lsn lsn, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (appliedLsn().isBefore(lsn)) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            Thread.sleep(2);
        }
        return true;
    }

    @Override
    public Lsn leaderCommitLsn() {
        return Lsn.of(sequence(leaderDatabase, "@@gtid_binlog_pos"));
    }

    @Override
    public Optional<Lsn> lsnOfGtid(Gtid gtid, Duration wait) {
        return gtid.domainId() == 0 ? Optional.of(Lsn.of(gtid.sequence())) : Optional.empty();
    }

    @Override
    public void awaitLeaderChange(Duration timeout) throws InterruptedException {
        LeaderRoute before = route;
        synchronized (routeChanged) {
            if (route.equals(before)) {
                routeChanged.wait(Math.max(1, timeout.toMillis()));
            }
        }
    }

    /** The domain-0 sequence in a GTID position variable of a server; 0 when empty or unreachable. */
    static long sequence(HostPort db, String variable) {
        try (Connection c = DriverManager.getConnection("jdbc:mariadb://" + db + "/?connectTimeout=2000", "root", "");
             Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT " + variable)) {
            rs.next();
            return Gtid.parseList(rs.getString(1)).stream().filter(g -> g.domainId() == 0)
                    .mapToLong(Gtid::sequence).max().orElse(0);
        } catch (SQLException e) {
            return 0;
        }
    }
}
