package com.wolfscale.demo;

import com.wolfscale.api.ApiJson;
import com.wolfscale.api.model.ClusterView;
import com.wolfscale.api.model.NodeState;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.LocalTime;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The demo's live view: asks the running nodes' APIs for {@code GET /cluster} (the first that answers)
 * and renders the leader and every node's role, status and lag, plus what the demo itself knows (a
 * killed process, a stopped MariaDB).
 */
final class StatusBoard {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1))
            .version(HttpClient.Version.HTTP_1_1).build();

    private final DemoCluster cluster;
    private volatile Optional<String> leader = Optional.empty();

    StatusBoard(DemoCluster cluster) {
        this.cluster = cluster;
    }

    /** The leader seen by the last {@link #render()}, if any. */
    Optional<String> leader() {
        return leader;
    }

    /** The status block: one header line and one line per node. */
    String render() {
        Optional<ClusterView> view = fetch();
        leader = view.map(v -> v.summary().leaderId()).filter(id -> id != null && !id.isEmpty());
        StringBuilder sb = new StringBuilder();
        sb.append('[').append(LocalTime.now().truncatedTo(ChronoUnit.SECONDS)).append("] ");
        if (view.isEmpty()) {
            sb.append("no node answers its API (starting, or all stopped)\n");
        } else {
            ClusterView.Summary s = view.get().summary();
            sb.append("leader ").append(leader.orElse("NONE (election in progress or no quorum)"))
                    .append("  epoch ").append(s.epoch()).append("  commit LSN ").append(s.commitLsn())
                    .append("  successor ").append(s.expectedSuccessor() == null ? "none" : s.expectedSuccessor())
                    .append("  (as seen by ").append(s.answeredBy()).append(")\n");
        }
        Map<String, NodeState> states = view.map(v -> v.nodes().stream()
                .collect(Collectors.toMap(NodeState::id, Function.identity(), (x, y) -> x))).orElse(Map.of());
        for (DemoNode n : cluster.nodes()) {
            sb.append(line(n, states.get(n.id()))).append('\n');
        }
        return sb.toString();
    }

    private static String line(DemoNode n, NodeState s) {
        String process = n.running() ? "" : "  [wolfscale process not running]";
        String db = n.db().isRunning() ? "" : "  [MariaDB stopped]";
        if (s == null) {
            return String.format("  %-7s %-9s %-15s%s%s", n.id(), "?", "?", process, db);
        }
        return String.format("  %-7s %-9s %-15s lag %d rec / %d ms  applied LSN %d%s%s", n.id(), s.role(), s.status(),
                s.replicationLag(), s.lagMs(), s.lastAppliedLsn(), process, db);
    }

    private Optional<ClusterView> fetch() {
        for (DemoNode n : cluster.nodes()) {
            if (!n.running()) {
                continue;
            }
            try {
                HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(n.apiUrl() + "/cluster"))
                        .timeout(Duration.ofSeconds(2)).GET().build(), HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() == 200) {
                    return Optional.of(ApiJson.lenient().readValue(r.body(), ClusterView.class));
                }
            } catch (IOException e) {
                // not up yet or just killed: ask the next one
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return Optional.empty();
            }
        }
        return Optional.empty();
    }
}
