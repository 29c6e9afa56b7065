package com.wolfscale.api;

import com.wolfscale.api.model.AdminResult;
import com.wolfscale.api.model.ClusterView;
import com.wolfscale.api.model.DumpInfo;
import com.wolfscale.api.model.MigrationView;
import com.wolfscale.api.model.HealthView;
import com.wolfscale.api.model.NodeState;
import com.wolfscale.api.model.SqlRequest;
import com.wolfscale.api.model.SqlResult;
import com.wolfscale.api.model.StatsView;
import com.wolfscale.api.model.StatusView;
import com.wolfscale.api.model.WriteRequests;
import java.util.Optional;

/**
 * What the HTTP API needs from a node; the node package implements it. Methods that must run on the
 * leader throw {@link LeaderRequiredException} on other nodes (the server forwards), and
 * {@link ApiException} for answers other than success.
 */
public interface NodeApi {

    String nodeId();

    StatusView status();

    HealthView health();

    /** Healthy only on the leader whose database takes writes now. */
    HealthView leaderHealth();

    /** Healthy on a healthy leader, or a healthy follower that follows a leader within {@code maxLagMs}. */
    HealthView replicaHealth(long maxLagMs);

    /** @param withProcesslist include the database's session list (only for authorised callers) */
    StatsView stats(boolean withProcesslist);

    ClusterView cluster();

    Optional<NodeState> node(String id);

    SqlResult sql(SqlRequest request);

    SqlResult insert(WriteRequests.Insert request);

    SqlResult update(WriteRequests.Update request);

    SqlResult delete(WriteRequests.Delete request);

    SqlResult upsert(WriteRequests.Upsert request);

    SqlResult ddl(WriteRequests.Ddl request);

    /** Hands leadership to {@code node} (this node when null) and waits until it leads. */
    AdminResult promote(String node);

    /** Hands this node's leadership to the expected successor and waits until it leads. */
    AdminResult demote();

    /** Clears this node's local replication state, where that is safe. */
    AdminResult reset();

    AdminResult logLevel(String level);

    /** Resumes an applier stopped on an error: retry the record, or skip it ({@code skip}). 409 if not stopped. */
    AdminResult resumeApply(boolean skip);

    /** What {@link #dump} would stream now. */
    DumpInfo dumpInfo();

    /** Streams a consistent snapshot of this node's database with its log position (the snapshot format). */
    void dump(java.io.OutputStream out) throws Exception;

    /** Starts loading another node's snapshot into this node's database (null: any healthy node). */
    MigrationView migrate(String from);

    /** This node's migration, running or last. */
    MigrationView migration();

    /** Prometheus text exposition format. */
    String metrics();

    /** Told after every request (for request metrics). */
    default void requestServed(String method, String route, int status, long nanos) {
    }
}
