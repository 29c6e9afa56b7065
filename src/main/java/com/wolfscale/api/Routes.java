package com.wolfscale.api;

import com.wolfscale.api.model.AdminRequests;
import com.wolfscale.api.model.AdminResult;
import com.wolfscale.api.model.ClusterView;
import com.wolfscale.api.model.DumpInfo;
import com.wolfscale.api.model.MigrateRequest;
import com.wolfscale.api.model.MigrationView;
import com.wolfscale.api.model.HealthView;
import com.wolfscale.api.model.NodeState;
import com.wolfscale.api.model.SqlRequest;
import com.wolfscale.api.model.SqlResult;
import com.wolfscale.api.model.StatsView;
import com.wolfscale.api.model.StatusView;
import com.wolfscale.api.model.WriteRequests;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The routing table: every path of the original WolfScale API plus the new health, metrics, log-level,
 * migration and OpenAPI endpoints.
 */
public final class Routes {

    /** Default of {@code /health/replica?max_lag_ms}: the lag under which a node counts as ACTIVE. */
    public static final long DEFAULT_MAX_LAG_MS = 1000;

    private static final List<Integer> READ = List.of();
    private static final List<Integer> WRITE = List.of(400, 401, 403, 409, 413, 502, 503);
    private static final List<Integer> ADMIN = List.of(400, 401, 403, 404, 409, 413, 502, 503, 504);

    private Routes() {
    }

    /** The table over {@code api}; handlers call it only when a request arrives. */
    public static List<Route> table(NodeApi api) {
        List<Route> routes = new ArrayList<>();
        routes.add(get("/status", "This node: role, leader, epoch, LSNs, health, capture and apply.", StatusView.class,
                r -> ApiResponse.ok(api.status())));
        routes.add(get("/health", "Whether this node is healthy (database, WAL disk, applier).", HealthView.class,
                r -> health(api.health())).withStatuses(List.of(503)));
        routes.add(get("/health/leader", "200 only on the leader whose database takes writes now; 503 elsewhere.",
                HealthView.class, r -> health(api.leaderHealth())).withStatuses(List.of(503)));
        routes.add(get("/health/replica", "200 on a healthy leader, or a healthy follower within max_lag_ms of it.",
                HealthView.class, r -> health(api.replicaHealth(maxLag(r)))).withStatuses(List.of(400, 503))
                .withParams(List.of(Route.Param.query("max_lag_ms", "integer",
                        "largest acceptable lag in milliseconds (default " + DEFAULT_MAX_LAG_MS + ")"))));
        routes.add(get("/stats", "Throughput counters, per-node lag, recent errors, commit latency; the "
                + "processlist only with the token.", StatsView.class, r -> ApiResponse.ok(api.stats(r.authorized()))));
        routes.add(get("/cluster", "Summary and every node as this node sees them, with the expected successor.",
                ClusterView.class, r -> ApiResponse.ok(api.cluster())));
        routes.add(get("/cluster/nodes", "Every node.", NodeState[].class, r -> ApiResponse.ok(api.cluster().nodes())));
        routes.add(get("/cluster/nodes/{id}", "One node; 404 NODE_NOT_FOUND if the cluster has no such node.",
                NodeState.class, r -> ApiResponse.ok(api.node(r.pathParam("id")).orElseThrow(() -> ApiException.notFound(
                        "NODE_NOT_FOUND", "no node " + r.pathParam("id") + " in this cluster")))).withStatuses(List.of(404))
                .withParams(List.of(Route.Param.path("id", "node id"))));
        routes.add(post("/sql", "Run one SQL statement: writes on the leader (forwarded there), reads here.",
                SqlRequest.class, SqlResult.class, WRITE, r -> ApiResponse.ok(api.sql(r.json(SqlRequest.class)))));
        routes.add(post("/write/insert", "Insert one row (parameterised).", WriteRequests.Insert.class, SqlResult.class,
                WRITE, r -> ApiResponse.ok(api.insert(r.json(WriteRequests.Insert.class)))));
        routes.add(post("/write/update", "Update rows matching where_key (parameterised).", WriteRequests.Update.class,
                SqlResult.class, WRITE, r -> ApiResponse.ok(api.update(r.json(WriteRequests.Update.class)))));
        routes.add(post("/write/delete", "Delete rows matching where_key (parameterised).", WriteRequests.Delete.class,
                SqlResult.class, WRITE, r -> ApiResponse.ok(api.delete(r.json(WriteRequests.Delete.class)))));
        routes.add(post("/write/upsert", "Insert or update one row (ON DUPLICATE KEY UPDATE).", WriteRequests.Upsert.class,
                SqlResult.class, WRITE, r -> ApiResponse.ok(api.upsert(r.json(WriteRequests.Upsert.class)))));
        routes.add(post("/write/ddl", "Run one DDL statement on the leader.", WriteRequests.Ddl.class, SqlResult.class,
                WRITE, r -> ApiResponse.ok(api.ddl(r.json(WriteRequests.Ddl.class)))));
        routes.add(post("/admin/promote", "Hand leadership to a node (body or ?node=; default this node) and wait "
                + "until it leads.", AdminRequests.Promote.class, AdminResult.class, ADMIN,
                r -> ApiResponse.ok(api.promote(promoteTarget(r)))).withParams(List.of(
                Route.Param.query("node", "string", "the node to lead (instead of the body)"))));
        routes.add(post("/admin/demote", "This leader hands over to the expected successor and waits until it leads.",
                null, AdminResult.class, ADMIN, r -> ApiResponse.ok(api.demote())));
        routes.add(post("/admin/reset", "Clear this node's local replication state where that is safe; "
                + "otherwise 409 saying what to do.", null, AdminResult.class, ADMIN, r -> ApiResponse.ok(api.reset())));
        routes.add(post("/admin/log-level", "Change this node's log level at run time.", AdminRequests.LogLevel.class,
                AdminResult.class, ADMIN, r -> ApiResponse.ok(api.logLevel(r.json(AdminRequests.LogLevel.class).level()))));
        routes.add(post("/admin/apply/retry", "Retry the record this node's applier stopped on (after fixing the "
                + "cause). 409 when the applier is not stopped.", null, AdminResult.class, List.of(401, 403, 409),
                r -> ApiResponse.ok(api.resumeApply(false))));
        routes.add(post("/admin/apply/skip", "Skip the record this node's applier stopped on: its data then differs "
                + "from the cluster's (migrate it). 409 when the applier is not stopped.", null, AdminResult.class,
                List.of(401, 403, 409), r -> ApiResponse.ok(api.resumeApply(true))));
        routes.add(get("/dump/info", "What GET /dump would stream: the position this node's database holds now, "
                + "with size estimates. Needs the API token.", DumpInfo.class, r -> ApiResponse.ok(api.dumpInfo()))
                .withToken().withStatuses(List.of(401, 403, 409)));
        routes.add(get("/dump", "A consistent snapshot of this node's database as SQL (application/sql), streamed, "
                + "with the log position it holds on its first line. Needs the API token.", String.class,
                r -> {
                    api.dumpInfo(); // refuses (409) before the headers go out when no snapshot can be taken
                    return ApiResponse.streamed(200, ApiResponse.SQL, api::dump);
                }).withToken().withStatuses(List.of(401, 403, 409)));
        routes.add(post("/admin/migrate", "Replace this node's data by a snapshot of another node (body: from; "
                + "default any healthy node), then catch up from the log. Answers at once; poll GET /admin/migrate.",
                MigrateRequest.class, MigrationView.class, ADMIN, r -> ApiResponse.json(202,
                        api.migrate(r.body().length == 0 ? null : r.json(MigrateRequest.class).from()))));
        routes.add(get("/admin/migrate", "This node's migration: state, bytes and tables loaded, ETA, error.",
                MigrationView.class, r -> ApiResponse.ok(api.migration())));
        routes.add(get("/metrics", "Prometheus metrics: role, epoch, LSNs, lag, commit and apply, API requests.",
                String.class, r -> ApiResponse.text(200, ApiResponse.PROMETHEUS, api.metrics())));
        List<Route> frozen = new ArrayList<>();
        routes.add(get("/openapi.json", "This API as an OpenAPI 3 document.", Map.class,
                r -> new ApiResponse(200, ApiResponse.JSON, OpenApiDocument.render(frozen))));
        frozen.addAll(routes);
        return List.copyOf(routes);
    }

    private static ApiResponse health(HealthView h) {
        return ApiResponse.json(h.healthy() ? 200 : 503, h);
    }

    private static long maxLag(ApiRequest r) {
        String v = r.query("max_lag_ms").orElse(Long.toString(DEFAULT_MAX_LAG_MS));
        try {
            long ms = Long.parseLong(v);
            if (ms >= 0) {
                return ms;
            }
        } catch (NumberFormatException e) {
            // answered below
        }
        throw ApiException.badRequest("BAD_PARAMETER", "max_lag_ms must be a whole number of milliseconds >= 0, not " + v);
    }

    private static String promoteTarget(ApiRequest r) {
        String fromQuery = r.query("node").orElse(null);
        AdminRequests.Promote body = r.jsonOr(AdminRequests.Promote.class, new AdminRequests.Promote(null));
        return fromQuery != null ? fromQuery : body.node();
    }

    private static Route get(String path, String summary, Class<?> response, Route.Handler h) {
        return new Route("GET", path, summary, false, List.of(), null, response, READ, h);
    }

    private static Route post(String path, String summary, Class<?> request, Class<?> response, List<Integer> statuses,
                              Route.Handler h) {
        return new Route("POST", path, summary, true, List.of(), request, response, statuses, h);
    }
}
