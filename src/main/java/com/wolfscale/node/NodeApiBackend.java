package com.wolfscale.node;

import com.wolfscale.api.ApiException;
import com.wolfscale.api.LeaderRequiredException;
import com.wolfscale.api.NodeApi;
import com.wolfscale.api.model.AdminResult;
import com.wolfscale.api.model.ClusterView;
import com.wolfscale.api.model.HealthView;
import com.wolfscale.api.model.NodeState;
import com.wolfscale.api.model.SqlRequest;
import com.wolfscale.api.model.SqlResult;
import com.wolfscale.api.model.StatsView;
import com.wolfscale.api.model.StatusView;
import com.wolfscale.api.model.WriteRequests;
import com.wolfscale.apply.ApplyLoop;
import com.wolfscale.capture.DatabaseAddress;
import com.wolfscale.common.Lsn;
import com.wolfscale.config.LoggingSection;
import com.wolfscale.config.WolfscaleConfig;
import com.wolfscale.core.Advertisement;
import com.wolfscale.core.CoreView;
import com.wolfscale.mysql.binlog.Gtid;
import com.wolfscale.replication.ClusterMember;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The node's side of the HTTP API. Writes ({@code /sql} statements that are not reads, {@code /write/*})
 * run only on the writable leader, through its MariaDB and so through capture and the cluster like any
 * client's; elsewhere they throw {@link LeaderRequiredException} and the server forwards them to the
 * leader's advertised API. Reads run on the node asked.
 */
final class NodeApiBackend implements NodeApi {

    /** How long a write waits for a writable leader (during a switchover or election) before answering 503. */
    static final Duration LEADER_WAIT = Duration.ofSeconds(5);
    /** How long a committed write waits for capture to index its GTID before answering without an LSN. */
    static final Duration LSN_WAIT = Duration.ofSeconds(5);
    static final int DEFAULT_MAX_ROWS = 1000;
    static final int MAX_ROWS = 10_000;

    private final ClusterMember member;
    private final NodeViews views;
    private final ApiStatementRunner runner;
    private final GtidIndex gtids;
    private final NodeMetrics metrics;
    private final LeadershipActions leadership;
    private final Optional<String> defaultDatabase;

    private final DumpSource dumps;
    private final MigrationRunner migrations;
    private final ApplyLoop apply;

    NodeApiBackend(WolfscaleConfig config, ClusterMember member, ApplyLoop apply, NodeViews views, GtidIndex gtids,
                   NodeMetrics metrics, DumpSource dumps, MigrationRunner migrations) {
        this.dumps = dumps;
        this.migrations = migrations;
        this.apply = apply;
        this.member = member;
        this.views = views;
        this.runner = new ApiStatementRunner(DatabaseAddress.of(config.database()));
        this.gtids = gtids;
        this.metrics = metrics;
        this.leadership = new LeadershipActions(member, apply, config.cluster().electionTimeoutMax(),
                config.cluster().failback(), this::toLeader);
        this.defaultDatabase = config.database().database();
    }

    @Override
    public com.wolfscale.api.model.DumpInfo dumpInfo() {
        return dumps.info();
    }

    @Override
    public void dump(java.io.OutputStream out) throws Exception {
        dumps.write(out);
    }

    @Override
    public com.wolfscale.api.model.MigrationView migrate(String from) {
        return migrations.start(Optional.ofNullable(from).filter(f -> !f.isBlank()).map(com.wolfscale.common.NodeId::of));
    }

    @Override
    public com.wolfscale.api.model.MigrationView migration() {
        return migrations.view();
    }

    @Override
    public String nodeId() {
        return member.self().value();
    }

    @Override
    public StatusView status() {
        return views.status();
    }

    @Override
    public HealthView health() {
        String problem = views.problem();
        return views.health(problem.isEmpty(), problem);
    }

    @Override
    public HealthView leaderHealth() {
        CoreView v = member.view();
        String problem = views.problem();
        if (!problem.isEmpty()) {
            return views.health(false, problem);
        }
        if (!views.writableHere(v)) {
            return views.health(false, v.isLeader() ? "leads but does not take writes now (epoch starting, "
                    + "transfer in progress, or no quorum)" : "not the leader (leader: "
                    + v.leader().map(Object::toString).orElse("none") + ")");
        }
        return views.health(true, "");
    }

    @Override
    public HealthView replicaHealth(long maxLagMs) {
        CoreView v = member.view();
        String problem = views.problem();
        if (!problem.isEmpty()) {
            return views.health(false, problem);
        }
        if (views.writableHere(v)) {
            return views.health(true, "");
        }
        if (v.leader().isEmpty() || v.isLeader()) {
            return views.health(false, "follows no leader: its data may be stale by any amount");
        }
        long lag = views.lagMs();
        return lag <= maxLagMs ? views.health(true, "")
                : views.health(false, "lag " + lag + " ms exceeds max_lag_ms " + maxLagMs);
    }

    @Override
    public StatsView stats(boolean withProcesslist) {
        return views.stats(withProcesslist);
    }

    @Override
    public ClusterView cluster() {
        return views.cluster();
    }

    @Override
    public Optional<NodeState> node(String id) {
        return views.cluster().nodes().stream().filter(n -> n.id().equals(id)).findFirst();
    }

    @Override
    public SqlResult sql(SqlRequest r) {
        if (r.sql() == null || r.sql().isBlank()) {
            throw ApiException.badRequest("BAD_SQL", "sql must be one SQL statement");
        }
        String database = r.database() != null ? r.database() : defaultDatabase.orElse(null);
        if (WriteStatements.isRead(r.sql())) {
            int max = r.maxRows() == null ? DEFAULT_MAX_ROWS : r.maxRows();
            if (max < 1 || max > MAX_ROWS) {
                throw ApiException.badRequest("BAD_PARAMETER", "max_rows must be 1-" + MAX_ROWS + ", not " + max);
            }
            try {
                ApiStatementRunner.Read read = runner.read(r.sql(), r.params(), database, max);
                return new SqlResult(true, 0, 0, read.rows().size() + " row(s)" + (read.truncated() ? ", truncated" : ""),
                        null, null, read.rows(), read.truncated(), nodeId());
            } catch (SQLException e) {
                throw sqlError(e);
            }
        }
        return write(new WriteStatements.Statement(r.sql(), r.params() == null ? List.of() : r.params()), database);
    }

    @Override
    public SqlResult insert(WriteRequests.Insert r) {
        return write(WriteStatements.insert(r, defaultDatabase), null);
    }

    @Override
    public SqlResult update(WriteRequests.Update r) {
        return write(WriteStatements.update(r, defaultDatabase), null);
    }

    @Override
    public SqlResult delete(WriteRequests.Delete r) {
        return write(WriteStatements.delete(r, defaultDatabase), null);
    }

    @Override
    public SqlResult upsert(WriteRequests.Upsert r) {
        return write(WriteStatements.upsert(r, defaultDatabase), null);
    }

    @Override
    public SqlResult ddl(WriteRequests.Ddl r) {
        return write(WriteStatements.ddl(r), r.database() != null ? r.database() : defaultDatabase.orElse(null));
    }

    private SqlResult write(WriteStatements.Statement st, String database) {
        awaitWritableHere();
        ApiStatementRunner.Written w;
        try {
            w = runner.write(st.sql(), st.params(), database, () -> views.writableHere(member.view()));
        } catch (ApiStatementRunner.LostLeadership e) {
            throw toLeader(member.view(), null);
        } catch (SQLException e) {
            throw sqlError(e);
        }
        Long lsn = null;
        String message;
        if (w.gtid().isEmpty()) {
            message = "no change: nothing was written to the binlog, so nothing was replicated";
        } else {
            lsn = awaitLsn(w.gtid()).map(Lsn::value).orElse(null);
            message = lsn != null ? "LSN: " + lsn : "committed as GTID " + w.gtid() + "; capture had not indexed it "
                    + "within " + LSN_WAIT.toSeconds() + " s, so its LSN is not known yet";
        }
        return new SqlResult(true, w.affectedRows(), w.lastInsertId(), message, lsn,
                w.gtid().isEmpty() ? null : w.gtid(), null, false, nodeId());
    }

    private Optional<Lsn> awaitLsn(String gtid) {
        try {
            return gtids.await(Gtid.parse(gtid.split(",")[0]), LSN_WAIT);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }

    /** Returns once this node takes writes; throws to have the request forwarded to another leader. */
    private void awaitWritableHere() {
        long deadline = System.nanoTime() + LEADER_WAIT.toNanos();
        CoreView v = member.view();
        while (!views.writableHere(v)) {
            boolean elsewhere = v.leader().isPresent() && !v.leader().get().equals(member.self());
            if (elsewhere || System.nanoTime() > deadline) {
                throw toLeader(v, null);
            }
            try {
                member.loop().awaitViewChange(v, Duration.ofMillis(100));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw ApiException.unavailable("INTERRUPTED", "the node is shutting down");
            }
            v = member.view();
        }
    }

    /** What to throw so the API server forwards the request to the leader, or answers 503 naming why not. */
    private LeaderRequiredException toLeader(CoreView v, byte[] body) {
        if (v.leader().isEmpty()) {
            return new LeaderRequiredException(null, "no leader: the cluster is electing one, or has no quorum "
                    + "(GET /cluster shows which nodes are reachable); retry in a few seconds");
        }
        if (v.leader().get().equals(member.self())) {
            return new LeaderRequiredException(null, member.self() + " leads but does not take writes now (epoch "
                    + "starting, leadership transfer, or lease lost); retry in a few seconds");
        }
        String api = member.peerEndpoints().getOrDefault(v.leader().get(), java.util.Map.of()).get(Advertisement.API);
        return new LeaderRequiredException(api, "the leader " + v.leader().get() + " has not advertised an HTTP API "
                + "(is [api] enabled there?); send the request to the leader directly", body);
    }

    private RuntimeException sqlError(SQLException e) {
        if (e.getErrorCode() == 1290 || e.getErrorCode() == 1836) { // read_only: no longer the writable leader
            return toLeader(member.view(), null);
        }
        String state = String.valueOf(e.getSQLState());
        if (state.startsWith("08")) {
            return ApiException.unavailable("DATABASE_UNAVAILABLE", "this node's MariaDB cannot be reached: "
                    + e.getMessage());
        }
        return ApiException.badRequest("SQL_ERROR", "MariaDB error " + e.getErrorCode() + " (" + state + "): "
                + e.getMessage());
    }

    @Override
    public AdminResult promote(String node) {
        try {
            return leadership.promote(node);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw ApiException.unavailable("INTERRUPTED", "the node is shutting down");
        }
    }

    @Override
    public AdminResult demote() {
        try {
            return leadership.demote();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw ApiException.unavailable("INTERRUPTED", "the node is shutting down");
        }
    }

    @Override
    public AdminResult reset() {
        return leadership.reset();
    }

    @Override
    public AdminResult resumeApply(boolean skip) {
        com.wolfscale.apply.ApplyError err = apply.error();
        if (err == null) {
            throw ApiException.conflict("APPLY_NOT_STOPPED", "the applier of " + nodeId() + " is not stopped on an "
                    + "error: nothing to " + (skip ? "skip" : "retry"));
        }
        if (skip) {
            apply.skip();
        } else {
            apply.retry();
        }
        String what = skip ? "skipping LSN " + err.lsn() + " (GTID " + err.gtid() + "): this node's data now differs "
                + "from the cluster's until it is migrated (wolfctl migrate)" : "retrying LSN " + err.lsn() + " (GTID "
                + err.gtid() + ")";
        return new AdminResult(true, err.lsn().value(), what + "; GET /status shows whether the applier runs again",
                member.view().leader().map(Object::toString).orElse(null));
    }

    @Override
    public AdminResult logLevel(String level) {
        String l = level == null ? "" : level.toLowerCase(Locale.ROOT);
        if (!LoggingSection.LEVELS.contains(l)) {
            throw ApiException.badRequest("BAD_LEVEL", "level must be one of " + LoggingSection.LEVELS + ", not '"
                    + level + "'");
        }
        String before = LogSetup.level();
        LogSetup.setLevel(l);
        CoreView v = member.view();
        return new AdminResult(true, null, "log level of " + nodeId() + " is now " + l + " (was " + before
                + "); not saved: [logging] level applies again at the next start", v.leader().map(Object::toString)
                .orElse(null));
    }

    @Override
    public String metrics() {
        return metrics.scrape();
    }

    @Override
    public void requestServed(String method, String route, int status, long nanos) {
        metrics.requestServed(method, route, status, nanos);
    }
}
