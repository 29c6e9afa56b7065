package com.wolfscale.node;

import com.wolfscale.api.OriginalNames;
import com.wolfscale.api.model.ClusterView;
import com.wolfscale.api.model.HealthView;
import com.wolfscale.api.model.NodeState;
import com.wolfscale.api.model.StatsView;
import com.wolfscale.api.model.StatusView;
import com.wolfscale.apply.ApplyError;
import com.wolfscale.apply.ApplyLoop;
import com.wolfscale.capture.Capture;
import com.wolfscale.config.PeerAddress;
import com.wolfscale.config.WolfscaleConfig;
import com.wolfscale.core.Advertisement;
import com.wolfscale.core.CoreView;
import com.wolfscale.core.NodeStatus;
import com.wolfscale.core.Role;
import com.wolfscale.mysql.binlog.Gtid;
import com.wolfscale.replication.ClusterMember;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Renders the node's live state as the API's answers: status, health, cluster, stats. Everything is read
 * from the current core view, the WAL, the applier, capture and the health monitor at the moment of the
 * request — no cached or constant values (the original's {@code term: 1}, {@code uptime_seconds: 0},
 * always-healthy and always-zero lag).
 */
final class NodeViews {

    private final ClusterMember member;
    private final ApplyLoop apply;
    private final RoleController roles;
    private final HealthMonitor health;
    private final DatabaseAdmin admin;
    private final NodeMetrics metrics;
    private final NodeEvents events;
    private final Map<String, String> configuredAddresses = new HashMap<>();
    private final Instant started = Instant.now();

    NodeViews(WolfscaleConfig config, ClusterMember member, ApplyLoop apply, RoleController roles, HealthMonitor health,
              DatabaseAdmin admin, NodeMetrics metrics, NodeEvents events) {
        this.member = member;
        this.apply = apply;
        this.roles = roles;
        this.health = health;
        this.admin = admin;
        this.metrics = metrics;
        this.events = events;
        for (PeerAddress p : config.cluster().peers()) {
            p.nodeId().ifPresent(id -> configuredAddresses.put(id, p.address().toString()));
        }
        configuredAddresses.put(config.node().id(), config.node().advertiseAddress().toString());
    }

    boolean writableHere(CoreView v) {
        return v.writable(member.loop().nowMs()) && roles.open();
    }

    StatusView status() {
        CoreView v = member.view();
        String problem = problem();
        Capture c = roles.capture();
        StatusView.CaptureView capture = c == null ? null : new StatusView.CaptureView(c.connected(),
                c.capturedTransactions(), c.lastGtid().map(Gtid::toString).orElse(null), c.lastError());
        ApplyError err = apply.error();
        var pos = apply.position();
        return new StatusView(member.self().value(), v.isLeader(), v.leader().map(Object::toString).orElse(null),
                v.epoch().term(), pos.lsn().value(), v.commitLsn().value(), v.nodes().size(), hasQuorum(v),
                v.epoch().value(), OriginalNames.role(v.role()), OriginalNames.status(v.selfStatus()),
                member.wal().lastLsn().value(), member.wal().durableLsn().value(), writableHere(v),
                v.expectedSuccessor().map(Object::toString).orElse(null), problem.isEmpty(), problem, uptimeSeconds(),
                capture, new StatusView.ApplyView(pos.lsn().value(), pos.gtid(), err != null,
                        err == null ? null : err.describe()), roles.repairView());
    }

    private boolean hasQuorum(CoreView v) {
        if (v.isLeader()) {
            return !v.noQuorum() && member.loop().nowMs() < v.leaseExpiresAtMs();
        }
        return v.leader().isPresent();
    }

    /** Why this node is not healthy, or "" (database, WAL disk, applier, migration, core loop). */
    String problem() {
        List<String> why = new ArrayList<>();
        if (!health.healthy()) {
            why.add(health.reason());
        }
        ApplyError err = apply.error();
        if (err != null) {
            why.add("applier stopped: " + err.describe());
        }
        if (health.needsMigration()) {
            why.add("needs migration: " + health.migrationReason() + " (wolfctl migrate)");
        } else if (member.view().selfStatus() == NodeStatus.NEEDS_MIGRATION) {
            why.add("needs migration: the records it lacks are not in its source's WAL — removed by retention, or "
                    + "the log starts from a base of existing data (wolfctl migrate, or "
                    + "[cluster] auto_migrate = true)");
        }
        if (member.loop().failure() != null) {
            why.add("cluster state cannot be persisted: " + member.loop().failure().getMessage());
        }
        String stopped = member.replicationStoppedReason();
        if (stopped != null) {
            why.add("replication stopped: " + stopped);
        }
        return String.join("; ", why);
    }

    HealthView health(boolean healthy, String reason) {
        CoreView v = member.view();
        return new HealthView(healthy, member.self().value(), v.isLeader(), OriginalNames.status(v.selfStatus()),
                self(v).lagMs(), reason);
    }

    long lagMs() {
        return self(member.view()).lagMs();
    }

    ClusterView cluster() {
        CoreView v = member.view();
        events.observe(v);
        List<NodeState> nodes = new ArrayList<>();
        v.nodes().stream().sorted(Comparator.comparing(CoreView.NodeInfo::id)).forEach(n -> nodes.add(node(v, n)));
        int active = count(v, NodeStatus.ACTIVE);
        return new ClusterView(new ClusterView.Summary(nodes.size(), active, count(v, NodeStatus.SYNCING),
                count(v, NodeStatus.LAGGING), count(v, NodeStatus.DROPPED) + count(v, NodeStatus.OFFLINE),
                v.leader().map(Object::toString).orElse(null), v.epoch().value(), v.commitLsn().value(),
                v.expectedSuccessor().map(Object::toString).orElse(null), member.self().value()), nodes);
    }

    private NodeState node(CoreView v, CoreView.NodeInfo n) {
        String id = n.id().value();
        Map<String, String> endpoints = n.id().equals(member.self()) ? member.endpoints()
                : member.peerEndpoints().getOrDefault(n.id(), Map.of());
        boolean knownLeader = v.leader().filter(n.id()::equals).isPresent();
        Role role = knownLeader ? Role.LEADER : n.role();
        if (!knownLeader && role == Role.LEADER && (v.leader().isPresent() || n.status() == NodeStatus.DROPPED
                || n.status() == NodeStatus.OFFLINE)) {
            // a peer's role is what it reported when last heard from: once another node leads, or it fell
            // silent, that LEADER is stale (a killed leader stayed listed as a second Leader next to its successor)
            role = Role.FOLLOWER;
        }
        return new NodeState(id, configuredAddresses.get(id), OriginalNames.status(n.status()), OriginalNames.role(role),
                n.appliedLsn().value(), events.firstHeard(id).map(Instant::toString).orElse(null), n.lagRecords(),
                n.lastLsn().value(), n.durableLsn().value(), n.lagMs(), n.lastHeardAgoMs(), n.eligible(),
                endpoints.get(Advertisement.API), endpoints.get(Advertisement.PROXY));
    }

    StatsView stats(boolean withProcesslist) {
        CoreView v = member.view();
        List<StatsView.Follower> followers = new ArrayList<>();
        v.nodes().stream().filter(n -> !n.id().equals(member.self())).sorted(Comparator.comparing(CoreView.NodeInfo::id))
                .forEach(n -> followers.add(new StatsView.Follower(n.id().value(), n.appliedLsn().value(), n.lagRecords(),
                        n.lagMs(), OriginalNames.status(n.status()))));
        Capture c = roles.capture();
        return new StatsView(member.self().value(), OriginalNames.role(v.role()), member.wal().lastLsn().value(),
                v.commitLsn().value(), uptimeSeconds(), v.nodes().size(), count(v, NodeStatus.ACTIVE), followers,
                events.recent(8), withProcesslist ? processlist() : List.of(), apply.position().lsn().value(),
                metrics.appliedRecords(), c == null ? 0 : c.capturedTransactions(), metrics.commitLatency());
    }

    private List<StatsView.Session> processlist() {
        try {
            return admin.with(conn -> {
                List<StatsView.Session> out = new ArrayList<>();
                try (Statement s = conn.createStatement(); ResultSet rs = s.executeQuery("SELECT ID, USER, DB, COMMAND, "
                        + "TIME, STATE, LEFT(INFO, 200) FROM information_schema.PROCESSLIST WHERE COMMAND <> 'Sleep' "
                        + "AND ID <> CONNECTION_ID() ORDER BY TIME DESC LIMIT 10")) {
                    while (rs.next()) {
                        out.add(new StatsView.Session(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4),
                                rs.getLong(5), rs.getString(6), rs.getString(7)));
                    }
                }
                return out;
            });
        } catch (SQLException e) {
            events.note("WARN", "cannot read the processlist of " + admin.address() + ": " + e.getMessage());
            return List.of();
        }
    }

    private CoreView.NodeInfo self(CoreView v) {
        return v.nodes().stream().filter(n -> n.id().equals(member.self())).findFirst().orElseThrow();
    }

    private static int count(CoreView v, NodeStatus s) {
        return (int) v.nodes().stream().filter(n -> n.status() == s).count();
    }

    private long uptimeSeconds() {
        return Duration.between(started, Instant.now()).toSeconds();
    }
}
