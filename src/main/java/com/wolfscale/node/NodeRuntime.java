package com.wolfscale.node;

import com.wolfscale.api.ApiServer;
import com.wolfscale.config.HostPort;
import com.wolfscale.proxy.ProxyConfig;
import com.wolfscale.proxy.ProxyServer;
import com.wolfscale.apply.AppliedPositionStore;
import com.wolfscale.apply.ApplyError;
import com.wolfscale.apply.ApplyLoop;
import com.wolfscale.capture.Capture;
import com.wolfscale.capture.DatabaseAddress;
import com.wolfscale.capture.ServerRequirements;
import com.wolfscale.common.Epoch;
import com.wolfscale.common.Lsn;
import com.wolfscale.config.Durability;
import com.wolfscale.config.WolfscaleConfig;
import com.wolfscale.core.CoreInput;
import com.wolfscale.core.CoreView;
import com.wolfscale.replication.ClusterMember;
import com.wolfscale.replication.MemberSettings;
import java.io.IOException;
import java.nio.file.Files;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One WolfScale node: the composition root that wires the WAL and cluster core (through
 * {@link ClusterMember}), the applier, the role controller (fencing, capture, semi-sync) and the health
 * monitor around this node's own MariaDB. Role changes happen in-process; the node starts as a fenced
 * follower and leads only when the cluster elects it.
 */
public final class NodeRuntime implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(NodeRuntime.class);
    /** How long a stopping node's proxy may finish the statements it is serving (see ProxyServer#drainAndClose). */
    static final Duration PROXY_DRAIN = Duration.ofSeconds(2);

    private final WolfscaleConfig config;
    private final DatabaseAdmin admin;
    private final ClusterMember member;
    private final ApplyLoop apply;
    private final GtidIndex gtids = new GtidIndex();
    private final RoleController roles;
    private final HealthMonitor health;
    private final NodeMetrics metrics;
    private final NodeEvents events;
    private volatile ApplyError applyError;
    private volatile ApiServer api;
    private volatile ProxyServer proxy;
    private final NodeProxyCluster proxyCluster;
    private final DumpSource dumps;
    private final MigrationRunner migrations;
    private final NodeHousekeeping housekeeping;
    private volatile boolean migrating;
    private final GtidFollower gtidFollower;

    private NodeRuntime(WolfscaleConfig config, DatabaseAdmin admin, ClusterMember member) {
        this.config = config;
        this.admin = admin;
        this.member = member;
        HealthMonitor[] healthRef = new HealthMonitor[1];
        this.metrics = new NodeMetrics(member, this::appliedLsn, this::capturedTransactions);
        this.apply = new ApplyLoop(applySettings(config, this::ledHere), new CommittedRecords(member, this::repairHolds, this::appliedPosition), new ApplyLoop.Listener() {
            private long lastLsn = -1;

            @Override
            public void applied(Lsn lsn, Epoch epoch, long commitMicros) {
                applyError = null;
                metrics.applied(lastLsn < 0 ? 1 : Math.max(0, lsn.value() - lastLsn));
                lastLsn = lsn.value();
                if (healthRef[0] != null) {
                    healthRef[0].applied(commitMicros);
                }
                NodeProxyCluster p = proxyCluster;
                if (p != null) {
                    p.appliedAdvanced();
                }
            }

            @Override
            public void stopped(ApplyError error) {
                applyError = error;
            }
        });
        this.health = new HealthMonitor(member, admin, apply, config.node().dataDir().resolve("wal"));
        healthRef[0] = health;
        this.roles = new RoleController(member, admin, apply, gtids, config.binlog().serverId(),
                config.replication().durability() == Durability.QUORUM, config.node().dataDir(),
                why -> {
                    if (!migrating) {
                        health.setNeedsMigration(why != null, why == null ? "" : why);
                    }
                }, metrics::committed);
        this.events = new NodeEvents(member, apply, roles::capture, roles::problem, health::reason);
        this.gtidFollower = new GtidFollower(member, gtids);
        this.dumps = new DumpSource(admin, member, roles::open,
                () -> health.healthy() && !health.needsMigration() && roles.repairResolved() && !migrating,
                java.util.Set.of(config.database().user()));
        this.migrations = new MigrationRunner(member, admin, apply, config.node().dataDir(),
                config.api().token().map(t -> t.value()), (on, why) -> {
                    migrating = on;
                    health.setNeedsMigration(on, why);
                });
        migrations.interrupted().ifPresent(why -> {
            migrating = true;
            health.setNeedsMigration(true, why);
        });
        this.housekeeping = new NodeHousekeeping(config, member, apply, health, migrations);
        this.proxyCluster = new NodeProxyCluster(member, new HostPort(config.database().host(), config.database().port()),
                roles::open, () -> health.healthy() && !health.needsMigration() && roles.repairResolved(),
                () -> apply.position().lsn(), gtids);
    }

    /** Serves the MySQL protocol on [proxy] bind_address (the node does not start if it cannot bind). */
    private void startProxy() throws IOException {
        try {
            proxy = ProxyServer.start(ProxyConfig.from(config.proxy(), config.database()), proxyCluster);
        } catch (java.net.BindException e) {
            throw new IOException("cannot listen on [proxy] bind_address " + config.proxy().bindAddress() + ": "
                    + e.getMessage() + " (another process uses it? pick a free port)", e);
        }
    }

    private Lsn appliedPosition() {
        ApplyLoop a = apply; // null while the constructor builds it
        return a == null ? Lsn.ZERO : a.position().lsn();
    }

    private long appliedLsn() {
        return apply.position().lsn().value();
    }

    private long capturedTransactions() {
        Capture c = roles == null ? null : roles.capture();
        return c == null ? 0 : c.capturedTransactions();
    }

    /** Serves the HTTP API on [api] bind_address (the node does not start if it cannot bind). */
    private void startApi() throws IOException {
        NodeViews views = new NodeViews(config, member, apply, roles, health, admin, metrics, events);
        try {
            api = ApiServer.start(config.api(), new NodeApiBackend(config, member, apply, views, gtids, metrics, dumps,
                    migrations));
        } catch (java.net.BindException e) {
            throw new IOException("cannot listen on [api] bind_address " + config.api().bindAddress() + ": "
                    + e.getMessage() + " (another process uses it? pick a free port)", e);
        }
    }


    /** While the rejoin repair has not resolved this node's own binlog, nothing new is applied. */
    private boolean repairHolds() {
        RoleController r = roles;
        return r == null || !r.repairResolved() || migrating;
    }

    private boolean ledHere(long epoch) {
        RoleController r = roles;
        return r != null && r.ledHere(epoch);
    }

    /**
     * Checks the local MariaDB (refusing with every setting to fix), fences it, and starts the node.
     *
     * @param bootstrap start a new cluster with this node as its first leader; refused if a cluster exists
     */
    public static NodeRuntime start(WolfscaleConfig config, boolean bootstrap) throws Exception {
        if (config.replication().mode() == com.wolfscale.config.ReplicationMode.BINLOG) {
            throw new IllegalStateException("[replication] mode = \"binlog\" (an external primary) is not built in "
                    + "this version; set mode = \"proxy\" (the leader's own MariaDB is the source)");
        }
        LOG.info("starting node {} (data {}, MariaDB {}:{})", config.node().id(), config.node().dataDir(),
                config.database().host(), config.database().port());
        Files.createDirectories(config.node().dataDir());
        DatabaseAdmin admin = new DatabaseAdmin(DatabaseAddress.of(config.database()));
        awaitDatabase(admin, config.database().connectTimeout());
        List<String> problems = admin.with(c -> ServerRequirements.check(c, config.binlog().serverId()));
        if (!problems.isEmpty()) {
            admin.close();
            throw new IllegalStateException(ServerRequirements.describe(admin.address().toString(), problems));
        }
        admin.with(c -> {
            AppliedPositionStore.ensure(c);
            return null;
        });
        // a node starts as a follower, whatever it was before: the role controller fences the database
        MemberSettings settings = MemberSettingsFactory.from(config);
        // never part of a cluster (no epoch ever persisted) while its database already holds tables: decided
        // before the member starts, as it learns the cluster's epoch within milliseconds
        boolean hasData = !Files.exists(settings.stateDir().resolve("hardstate"))
                && admin.with(DatabaseAdmin::userTables) > 0;
        ClusterMember member = ClusterMember.start(settings, null, (keep, last) ->
                LOG.warn("WAL truncated after {} (was {}); the database may need the rejoin repair", keep, last));
        NodeRuntime node = new NodeRuntime(config, admin, member);
        try {
            if (config.api().enabled()) {
                node.startApi();
            }
            if (config.proxy().enabled()) {
                node.startProxy();
            }
        } catch (IOException | RuntimeException e) {
            node.close();
            throw new IllegalStateException(e.getMessage(), e);
        }
        hasData &= node.member.wal().lastLsn().value() == 0;
        if (bootstrap) {
            node.bootstrap(hasData);
        } else if (hasData) {
            // its data is not in the cluster's log: replaying the log onto it would mix two histories
            String why = "its database holds tables but it has never been part of this cluster: migrate it from a "
                    + "cluster node (wolfctl migrate), or, if this data is where a new cluster starts, start this node "
                    + "alone with --bootstrap";
            LOG.warn("NEEDS_MIGRATION: {}", why);
            node.migrating = true;
            node.health.setNeedsMigration(true, why);
        }
        LOG.info("node {} started: cluster {}, API {}, proxy {}", config.node().id(), config.node().bindAddress(),
                config.api().enabled() ? config.api().bindAddress() : "disabled",
                config.proxy().enabled() ? config.proxy().bindAddress() : "disabled");
        return node;
    }

    private static void awaitDatabase(DatabaseAdmin admin, Duration timeout) throws SQLException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            try {
                admin.string("SELECT 1");
                return;
            } catch (SQLException e) {
                if (System.nanoTime() > deadline) {
                    throw new SQLException("cannot reach the local MariaDB at " + admin.address() + " within "
                            + timeout.toSeconds() + " s: " + e.getMessage(), e);
                }
                Thread.sleep(500);
            }
        }
    }

    /** Only for the very first node of a new cluster: lead alone now instead of waiting for a quorum. */
    private void bootstrap(boolean hasData) throws Exception {
        if (member.view().epoch().value() != 0 || member.wal().lastLsn().value() != 0) {
            throw new IllegalStateException("--bootstrap refused: this node already belongs to a cluster (epoch "
                    + member.view().epoch() + ", WAL up to " + member.wal().lastLsn() + ")");
        }
        Thread.sleep(2 * config.cluster().electionTimeoutMax().toMillis()); // hear from an existing cluster first
        CoreView v = member.view();
        if (v.epoch().value() != 0 || v.leader().isPresent()) {
            throw new IllegalStateException("--bootstrap refused: a cluster already exists (epoch " + v.epoch()
                    + ", leader " + v.leader().map(Object::toString).orElse("?") + "); start without --bootstrap");
        }
        if (hasData) {
            migrations.installBase();
        }
        member.loop().submit(new CoreInput.ForceLeader());
    }

    public ClusterMember member() {
        return member;
    }

    public CoreView view() {
        return member.view();
    }

    public boolean databaseOpen() {
        return roles.open();
    }

    public ApplyLoop apply() {
        return apply;
    }

    /** The last rejoin repair pass: clean, waiting, or why the node needs migration. */
    RejoinRepair.Outcome repairOutcome() {
        return roles.lastRepair();
    }

    public ApplyError applyError() {
        return applyError;
    }

    public GtidIndex gtids() {
        return gtids;
    }

    public DatabaseAdmin admin() {
        return admin;
    }

    public WolfscaleConfig config() {
        return config;
    }

    static ApplyLoop.Settings applySettings(WolfscaleConfig c, java.util.function.LongPredicate ledHere) {
        DatabaseAddress db = DatabaseAddress.of(c.database());
        return new ApplyLoop.Settings(db.jdbcUrl(), db.user(), db.password(), ledHere, 1000, 8L << 20, 12 << 20);
    }

    /** The HTTP API server, or null when [api] enabled = false. */
    public ApiServer api() {
        return api;
    }

    /**
     * The SIGTERM path: a leader first hands over to a caught-up successor (at most {@code handoverWait}),
     * then everything closes. {@link #close()} alone stops at once, as a crash would look to the others.
     */
    public void stop(Duration handoverWait) {
        new ShutdownHandover(member, health::stopping).run(handoverWait);
        ProxyServer p = proxy;
        if (p != null) {
            p.drainAndClose(PROXY_DRAIN); // statements held during the handover finish on the new leader
        }
        close();
    }

    @Override
    public void close() {
        ProxyServer p = proxy;
        if (p != null) {
            p.close();
        }
        ApiServer a = api;
        if (a != null) {
            a.close();
        }
        gtidFollower.close();
        housekeeping.close();
        events.close();
        roles.close();
        health.close();
        apply.close();
        member.close();
        admin.close();
    }

}
