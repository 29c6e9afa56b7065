package com.wolfscale.api;

import static com.wolfscale.testkit.TestCluster.API_TOKEN;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.wolfscale.testkit.HttpCalls;
import com.wolfscale.testkit.HttpCalls.Answer;
import com.wolfscale.testkit.NodeProcess;
import com.wolfscale.testkit.TestCluster;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.Predicate;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The HTTP API against a real three-node cluster (real MariaDB, real processes): writes on the leader
 * and forwarded from followers replicate everywhere with real LSNs, health endpoints, metrics, security
 * and bad input, and leadership changes. Ordered: later tests build on the data and roles of earlier ones.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class HttpApiIT {

    @RegisterExtension
    static final TestCluster CLUSTER = TestCluster.of(3);

    static NodeProcess a() {
        return CLUSTER.node('a');
    }

    static NodeProcess b() {
        return CLUSTER.node('b');
    }

    static NodeProcess c() {
        return CLUSTER.node('c');
    }

    @Test
    @Order(1)
    void healthEndpointsTellTheLeaderFromTheReplicas() throws Exception {
        CLUSTER.awaitLeader(Duration.ofSeconds(30));
        awaitStatus(a().apiUrl() + "/health/leader", 200);
        assertThat(HttpCalls.get(b().apiUrl() + "/health/leader").status()).isEqualTo(503);
        assertThat(HttpCalls.get(c().apiUrl() + "/health/leader").status()).isEqualTo(503);
        awaitStatus(b().apiUrl() + "/health/replica?max_lag_ms=5000", 200);
        awaitStatus(c().apiUrl() + "/health/replica", 200);
        assertThat(HttpCalls.get(a().apiUrl() + "/health/replica").status()).isEqualTo(200);
        assertThat(HttpCalls.get(b().apiUrl() + "/health/replica?max_lag_ms=-1").status()).isEqualTo(400);
        JsonNode h = HttpCalls.get(b().apiUrl() + "/health").json();
        assertThat(h.get("healthy").asBoolean()).isTrue();
        assertThat(h.get("node_id").asText()).isEqualTo("node-b");
        assertThat(h.get("is_leader").asBoolean()).isFalse();
    }

    @Test
    @Order(2)
    void writesOnTheLeaderAndForwardedFromFollowersReplicateWithRealLsns() throws Exception {
        Answer db = post(a(), "/sql", "{\"sql\": \"CREATE DATABASE api\"}");
        assertThat(db.status()).as(db.toString()).isEqualTo(200);
        Answer ddl = post(b(), "/write/ddl", "{\"ddl\": \"CREATE TABLE t (id INT PRIMARY KEY AUTO_INCREMENT, "
                + "name VARCHAR(40), n INT, doc JSON)\", \"database\": \"api\"}");
        assertThat(ddl.status()).as(ddl.toString()).isEqualTo(200);
        assertThat(ddl.servedBy()).as("forwarded to the leader").isEqualTo("node-a");
        long lsn = ddl.json().get("lsn").asLong();
        assertThat(lsn).isGreaterThan(db.json().get("lsn").asLong());

        Answer ins = post(a(), "/write/insert", "{\"table\": \"t\", \"database\": \"api\", \"values\": "
                + "{\"name\": \"it's `quoted` \\\\ back\", \"n\": 1, \"doc\": {\"k\": [1, 2]}}}");
        assertThat(ins.status()).as(ins.toString()).isEqualTo(200);
        assertThat(ins.json().get("affected_rows").asLong()).isEqualTo(1);
        assertThat(ins.json().get("last_insert_id").asLong()).isEqualTo(1);
        lsn = assertAfter(ins, lsn);

        Answer fromC = post(c(), "/write/insert", "{\"table\": \"t\", \"database\": \"api\", \"values\": "
                + "{\"name\": \"from c\", \"n\": 2}}");
        assertThat(fromC.servedBy()).isEqualTo("node-a");
        lsn = assertAfter(fromC, lsn);
        lsn = assertAfter(post(b(), "/write/update", "{\"table\": \"t\", \"database\": \"api\", \"set\": {\"n\": 20}, "
                + "\"where_key\": {\"id\": 2}}"), lsn);
        lsn = assertAfter(post(c(), "/write/upsert", "{\"table\": \"t\", \"database\": \"api\", \"values\": "
                + "{\"id\": 2, \"name\": \"upserted\", \"n\": 21}, \"update_columns\": [\"name\"]}"), lsn);
        lsn = assertAfter(post(b(), "/write/insert", "{\"table\": \"t\", \"database\": \"api\", \"values\": "
                + "{\"id\": 3, \"name\": null, \"n\": 3}}"), lsn);
        lsn = assertAfter(post(c(), "/write/delete", "{\"table\": \"t\", \"database\": \"api\", \"where_key\": "
                + "{\"id\": 3}}"), lsn);
        Answer viaSql = post(b(), "/sql", "{\"sql\": \"INSERT INTO t (name, n) VALUES (?, ?)\", \"database\": \"api\", "
                + "\"params\": [\"param'; DROP TABLE t; --\", 4]}");
        lsn = assertAfter(viaSql, lsn);
        String gtid = viaSql.json().get("gtid").asText();

        CLUSTER.awaitConverged("api", Duration.ofSeconds(20));
        awaitApplied(b(), lsn);
        try (Connection conn = b().db().connect(); Statement s = conn.createStatement();
             ResultSet rs = s.executeQuery("SELECT lsn, gtid FROM wolfscale.applied_position WHERE stream = 1")) {
            rs.next();
            assertThat(rs.getLong(1)).as("the follower applied exactly the returned LSN").isEqualTo(lsn);
            assertThat(rs.getString(2)).isEqualTo(gtid);
        }

        Answer read = post(c(), "/sql", "{\"sql\": \"SELECT id, name, n FROM t ORDER BY id\", \"database\": \"api\"}");
        assertThat(read.servedBy()).as("reads are served by the node asked").isEqualTo("node-c");
        JsonNode rows = read.json().get("rows");
        assertThat(rows).hasSize(3);
        assertThat(rows.get(0).get("name").asText()).isEqualTo("it's `quoted` \\ back");
        assertThat(rows.get(1).get("name").asText()).isEqualTo("upserted");
        assertThat(rows.get(1).get("n").asInt()).isEqualTo(20);
        assertThat(rows.get(2).get("name").asText()).isEqualTo("param'; DROP TABLE t; --");
        Answer capped = post(c(), "/sql", "{\"sql\": \"SELECT * FROM t\", \"database\": \"api\", \"max_rows\": 2}");
        assertThat(capped.json().get("rows")).hasSize(2);
        assertThat(capped.json().get("truncated").asBoolean()).isTrue();
    }

    @Test
    @Order(3)
    void badInputAndMissingTokensChangeNothing() throws Exception {
        Map<String, Long> before = TestCluster.checksums(a().db(), "api");
        String insert = "{\"table\": \"t\", \"database\": \"api\", \"values\": {\"name\": \"x\"}}";
        Answer none = HttpCalls.post(b().apiUrl() + "/write/insert", insert, null);
        assertThat(none.status()).isEqualTo(401);
        assertThat(none.json().at("/error/code").asText()).isEqualTo("UNAUTHORIZED");
        assertThat(none.raw().headers().firstValue("WWW-Authenticate")).isPresent();
        assertThat(HttpCalls.post(a().apiUrl() + "/write/insert", insert, "wrong-token").status()).isEqualTo(401);
        assertThat(HttpCalls.post(a().apiUrl() + "/admin/demote", "", null).status()).isEqualTo(401);
        assertThat(HttpCalls.post(a().apiUrl() + "/sql", "{\"sql\": \"DROP DATABASE api\"}", "test-tokenX").status())
                .isEqualTo(401);

        Answer malformed = post(a(), "/write/insert", "{\"table\": \"t\", ");
        assertThat(malformed.status()).isEqualTo(400);
        assertThat(malformed.json().at("/error/code").asText()).isEqualTo("MALFORMED_JSON");
        Answer unknownField = post(a(), "/write/delete", "{\"table\": \"t\", \"database\": \"api\", \"where\": {\"id\": 1}}");
        assertThat(unknownField.status()).isEqualTo(400);
        assertThat(unknownField.json().at("/error/message").asText()).contains("where");
        assertThat(post(a(), "/write/delete", "{\"table\": \"t\", \"database\": \"api\", \"where_key\": {}}").status())
                .isEqualTo(400);
        Answer sqlError = post(a(), "/sql", "{\"sql\": \"INSERT INTO api.t (id, name) VALUES (1, 'dup')\"}");
        assertThat(sqlError.status()).isEqualTo(400);
        assertThat(sqlError.json().at("/error/message").asText()).contains("1062");
        assertThat(post(a(), "/write/ddl", "{\"ddl\": \"DELETE FROM api.t\"}").status()).isEqualTo(400);

        assertThat(rawStatus(a(), "POST /sql HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " + API_TOKEN
                + "\r\nContent-Type: application/json\r\nContent-Length: 50000000\r\n\r\n{\"sql\": \"")).isEqualTo(413);
        StringBuilder big = new StringBuilder("{\"sql\": \"SELECT '");
        big.append("x".repeat(ApiServer.MAX_BODY_BYTES));
        big.append("'\"}");
        assertThat(post(a(), "/sql", big.toString()).status()).isEqualTo(413);

        Answer unknown = HttpCalls.get(a().apiUrl() + "/no/such/path");
        assertThat(unknown.status()).isEqualTo(404);
        assertThat(unknown.json().at("/error/code").asText()).isEqualTo("NOT_FOUND");
        Answer dumpWithoutToken = HttpCalls.get(a().apiUrl() + "/dump");
        assertThat(dumpWithoutToken.status()).as("the dump reveals all data: token needed").isEqualTo(401);
        assertThat(dumpWithoutToken.json().at("/error/code").asText()).isNotEmpty();
        Answer wrongMethod = HttpCalls.get(a().apiUrl() + "/sql");
        assertThat(wrongMethod.status()).isEqualTo(405);
        assertThat(wrongMethod.raw().headers().firstValue("Allow")).hasValue("POST");
        assertThat(HttpCalls.get(a().apiUrl() + "/cluster/nodes/node-z").status()).isEqualTo(404);
        assertThat(HttpCalls.get(a().apiUrl() + "/status").raw().headers().firstValue("Access-Control-Allow-Origin"))
                .as("CORS only when cors_enabled").isEmpty();

        assertThat(TestCluster.checksums(a().db(), "api")).isEqualTo(before);
        CLUSTER.awaitConverged("api", Duration.ofSeconds(10));
    }

    @Test
    @Order(4)
    void statusClusterStatsAndMetricsShowRealValues() throws Exception {
        JsonNode status = HttpCalls.get(a().apiUrl() + "/status").json();
        assertThat(status.get("is_leader").asBoolean()).isTrue();
        assertThat(status.get("leader_id").asText()).isEqualTo("node-a");
        assertThat(status.get("term").asLong()).isPositive();
        assertThat(status.get("commit_lsn").asLong()).isPositive();
        assertThat(status.get("capture").get("connected").asBoolean()).isTrue();
        JsonNode cluster = HttpCalls.get(b().apiUrl() + "/cluster").json();
        assertThat(cluster.at("/summary/total_nodes").asInt()).isEqualTo(3);
        assertThat(cluster.at("/summary/leader_id").asText()).isEqualTo("node-a");
        assertThat(cluster.at("/summary/expected_successor").asText()).isEqualTo("node-b");
        assertThat(cluster.get("nodes")).hasSize(3);
        assertThat(cluster.get("nodes").get(0).get("role").asText()).isEqualTo("Leader");
        assertThat(cluster.get("nodes").get(1).get("api_address").asText()).isEqualTo(b().apiUrl().substring(7));
        JsonNode node = HttpCalls.get(c().apiUrl() + "/cluster/nodes/node-c").json();
        assertThat(node.get("status").asText()).isEqualTo("Active");

        Answer statsOpen = HttpCalls.get(a().apiUrl() + "/stats");
        assertThat(statsOpen.json().get("processlist")).as("processlist needs the token").isEmpty();
        JsonNode stats = statsOpen.json();
        assertThat(stats.get("followers")).hasSize(2);
        assertThat(stats.at("/commit_latency/count").asLong()).isPositive();
        assertThat(stats.get("uptime_seconds").asLong()).isPositive();

        String metrics = HttpCalls.get(a().apiUrl() + "/metrics").body();
        Map<String, Double> m = parsePrometheus(metrics);
        assertThat(m.get("wolfscale_lsn{kind=\"commit\"}")).isPositive();
        assertThat(m.get("wolfscale_lsn{kind=\"last\"}")).isPositive();
        assertThat(m.get("wolfscale_lsn{kind=\"durable\"}")).isPositive();
        assertThat(m.get("wolfscale_role{role=\"leader\"}")).isEqualTo(1.0);
        assertThat(m.get("wolfscale_epoch")).isPositive();
        assertThat(m.get("wolfscale_commit_latency_seconds_count")).isPositive();
        assertThat(m).containsKey("wolfscale_node_lag_ms{node=\"node-b\"}");
        Map<String, Double> follower = parsePrometheus(HttpCalls.get(b().apiUrl() + "/metrics").body());
        assertThat(follower.get("wolfscale_lsn{kind=\"applied\"}")).isPositive();
        assertThat(follower.get("wolfscale_applied_records_total")).isPositive();
        assertThat(follower.get("wolfscale_role{role=\"follower\"}")).isEqualTo(1.0);
        assertThat(metrics).contains("wolfscale_api_requests_seconds_count{");
    }

    @Test
    @Order(5)
    void openApiDocumentListsExactlyTheServedRoutes() throws Exception {
        JsonNode doc = HttpCalls.get(b().apiUrl() + "/openapi.json").json();
        TreeSet<String> documented = new TreeSet<>();
        doc.get("paths").properties().forEach(p -> p.getValue().properties()
                .forEach(op -> documented.add(op.getKey().toUpperCase() + " " + p.getKey())));
        TreeSet<String> routed = new TreeSet<>();
        Routes.table(null).forEach(r -> routed.add(r.method() + " " + r.path()));
        assertThat(documented).isEqualTo(routed);
        for (String route : routed) { // every documented route is really served (no 404/405 from the router)
            String[] mp = route.split(" ");
            String url = b().apiUrl() + mp[1].replace("{id}", "node-b");
            int status = mp[0].equals("GET") ? HttpCalls.get(url).status() : HttpCalls.post(url, "", null).status();
            assertThat(status).as(route).isNotIn(404, 405);
        }
    }

    @Test
    @Order(6)
    void resetRefusesWhatItCannotDoSafely() throws Exception {
        Answer onLeader = post(a(), "/admin/reset", "");
        assertThat(onLeader.status()).isEqualTo(409);
        assertThat(onLeader.json().at("/error/message").asText()).contains("leader");
        Answer onFollower = post(c(), "/admin/reset", "");
        assertThat(onFollower.status()).isEqualTo(409);
        assertThat(onFollower.json().at("/error/code").asText()).isIn("RESET_UNSUPPORTED", "RESET_REFUSED");
        assertThat(onFollower.json().at("/error/message").asText()).contains("wolfctl migrate");
    }

    @Test
    @Order(7)
    void promoteAndDemoteMoveLeadershipForReal() throws Exception {
        Answer demoteFollower = post(b(), "/admin/demote", "");
        assertThat(demoteFollower.status()).isEqualTo(409);
        assertThat(demoteFollower.json().at("/error/code").asText()).isEqualTo("NOT_LEADER");

        Answer promote = post(c(), "/admin/promote", "{\"node\": \"node-b\"}"); // asked of a follower: forwarded
        assertThat(promote.status()).as(promote.toString()).isEqualTo(200);
        assertThat(promote.json().get("leader_id").asText()).isEqualTo("node-b");
        assertThat(HttpCalls.get(b().apiUrl() + "/status").json().get("is_leader").asBoolean()).isTrue();
        Answer writeOnB = post(a(), "/write/insert", "{\"table\": \"t\", \"database\": \"api\", \"values\": "
                + "{\"name\": \"while b leads\"}}");
        assertThat(writeOnB.status()).as(writeOnB.toString()).isEqualTo(200);
        assertThat(writeOnB.servedBy()).isEqualTo("node-b");

        Answer back = post(a(), "/admin/promote", ""); // default target: the node asked
        assertThat(back.status()).as(back.toString()).isEqualTo(200);
        assertThat(back.json().get("leader_id").asText()).isEqualTo("node-a");
        CLUSTER.awaitLeader("node-a", Duration.ofSeconds(20));

        Answer demote = post(a(), "/admin/demote", "");
        assertThat(demote.status()).as(demote.toString()).isEqualTo(200);
        assertThat(demote.json().get("leader_id").asText()).isEqualTo("node-b");
        assertThat(demote.json().get("message").asText()).contains("failback");
        CLUSTER.awaitLeader("node-a", Duration.ofSeconds(30)); // failback (on by default) returns it to node-a
        CLUSTER.awaitConverged("api", Duration.ofSeconds(20));
    }

    @Test
    @Order(8)
    void wolfctlCommandsWorkAgainstTheCluster() throws Exception {
        String aConfig = a().config().toString();
        String bConfig = b().config().toString();
        Run list = wolfctl(Map.of(), "-c", aConfig, "list", "servers");
        assertThat(list.exit()).as(list.toString()).isZero();
        assertThat(list.out()).contains("ID", "STATUS", "ROLE", "ADDRESS", "LAG", "node-a", "LEADER", "FOLLOWER",
                "ACTIVE", "Expected successor: node-b");

        Run status = wolfctl(Map.of(), "status", "--json", "-e", b().apiUrl());
        assertThat(status.exit()).as(status.toString()).isZero();
        assertThat(new com.fasterxml.jackson.databind.ObjectMapper().readTree(status.out()).get("node_id").asText())
                .isEqualTo("node-b");
        Run plain = wolfctl(Map.of(), "-c", bConfig, "status");
        assertThat(plain.out()).contains("Node ID:      node-b", "Leader:       node-a");

        Run stats = wolfctl(Map.of(), "-c", aConfig, "stats", "--once", "--interval", "300");
        assertThat(stats.exit()).as(stats.toString()).isZero();
        assertThat(stats.out()).contains("Throughput:", "Commit latency: p50", "node-b", "node-c", "+----");

        Run promote = wolfctl(Map.of(), "-c", bConfig, "promote"); // default: the node the endpoint points at
        assertThat(promote.exit()).as(promote.toString()).isZero();
        assertThat(promote.out()).contains("node-b leads");
        Run back = wolfctl(Map.of(), "-c", bConfig, "promote", "node-a");
        assertThat(back.exit()).as(back.toString()).isZero();
        CLUSTER.awaitLeader("node-a", Duration.ofSeconds(20));

        Run notLeader = wolfctl(Map.of(), "-c", bConfig, "demote");
        assertThat(notLeader.exit()).isEqualTo(1);
        assertThat(notLeader.err()).contains("409 NOT_LEADER");
        Run wrongToken = wolfctl(Map.of("WOLFSCALE_API_TOKEN", "wrong"), "-e", b().apiUrl(), "promote", "node-b");
        assertThat(wrongToken.exit()).isEqualTo(1);
        assertThat(wrongToken.err()).contains("401");
        Run noToken = wolfctl(Map.of(), "-e", b().apiUrl(), "log-level", "debug");
        assertThat(noToken.exit()).isEqualTo(1);
        assertThat(noToken.err()).contains("no token");

        Run debug = wolfctl(Map.of(), "-c", bConfig, "log-level", "debug");
        assertThat(debug.exit()).as(debug.toString()).isZero();
        assertThat(debug.out()).contains("now debug (was info)");
        assertThat(wolfctl(Map.of(), "-c", bConfig, "log-level", "info").out()).contains("was debug");
        assertThat(wolfctl(Map.of(), "-c", bConfig, "log-level", "verbose").exit()).as("usage").isEqualTo(2);
        assertThat(wolfctl(Map.of(), "-c", bConfig, "no-such-command").exit()).isEqualTo(2);

        Run reset = wolfctl(Map.of(), "-c", aConfig, "reset", "--force");
        assertThat(reset.exit()).isEqualTo(1);
        assertThat(reset.out()).contains("node-a: REFUSED", "node-b: REFUSED", "node-c: REFUSED");
        Run unreachable = wolfctl(Map.of(), "-e", "127.0.0.1:1", "status");
        assertThat(unreachable.exit()).isEqualTo(1);
        assertThat(unreachable.err()).contains("cannot connect");
    }

    /** One in-process wolfctl run. */
    record Run(int exit, String out, String err) { }

    static Run wolfctl(Map<String, String> env, String... args) {
        java.io.StringWriter out = new java.io.StringWriter();
        java.io.StringWriter err = new java.io.StringWriter();
        picocli.CommandLine cl = com.wolfscale.cli.Wolfctl.commandLine(new com.wolfscale.cli.Wolfctl(env));
        cl.setOut(new java.io.PrintWriter(out, true));
        cl.setErr(new java.io.PrintWriter(err, true));
        int exit = cl.execute(args);
        return new Run(exit, out.toString(), err.toString());
    }

    private static long assertAfter(Answer a, long previous) {
        assertThat(a.status()).as(a.toString()).isEqualTo(200);
        assertThat(a.servedBy()).isEqualTo("node-a");
        long lsn = a.json().get("lsn").asLong();
        assertThat(lsn).as(a.toString()).isGreaterThan(previous);
        return lsn;
    }

    static Answer post(NodeProcess n, String path, String body) throws Exception {
        return HttpCalls.post(n.apiUrl() + path, body, API_TOKEN);
    }

    static void awaitStatus(String url, int status) throws Exception {
        await(url, a -> a.status() == status, Duration.ofSeconds(20));
    }

    static Answer await(String url, Predicate<Answer> ok, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        Answer last = null;
        while (System.nanoTime() < deadline) {
            try {
                last = HttpCalls.get(url);
                if (ok.test(last)) {
                    return last;
                }
            } catch (java.io.IOException e) {
                // the node's API is not listening yet (a loaded machine starts slowly)
            }
            Thread.sleep(100);
        }
        throw new AssertionError(url + " never answered as expected; last: " + last);
    }

    private static void awaitApplied(NodeProcess n, long lsn) throws Exception {
        await(n.apiUrl() + "/status", a -> a.json().get("last_applied_lsn").asLong() >= lsn, Duration.ofSeconds(20));
    }

    /** Sends raw bytes and returns the status of the answer (the server must answer without reading the rest). */
    private static int rawStatus(NodeProcess n, String request) throws Exception {
        int port = Integer.parseInt(n.apiUrl().substring(n.apiUrl().lastIndexOf(':') + 1));
        try (Socket s = new Socket("127.0.0.1", port)) {
            s.setSoTimeout(10_000);
            OutputStream out = s.getOutputStream();
            out.write(request.getBytes(StandardCharsets.UTF_8));
            out.flush();
            InputStream in = s.getInputStream();
            String line = new String(in.readNBytes(12), StandardCharsets.US_ASCII);
            return Integer.parseInt(line.substring(9, 12));
        }
    }

    static Map<String, Double> parsePrometheus(String text) {
        Map<String, Double> out = new HashMap<>();
        for (String line : text.split("\n")) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            int space = line.lastIndexOf(' ');
            out.put(line.substring(0, space), Double.parseDouble(line.substring(space + 1)));
        }
        return out;
    }
}
