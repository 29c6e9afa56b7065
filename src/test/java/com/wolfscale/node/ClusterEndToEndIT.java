package com.wolfscale.node;

import static com.wolfscale.testkit.TestCluster.API_TOKEN;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.wolfscale.api.ApiServer;
import com.wolfscale.api.Route;
import com.wolfscale.api.Routes;
import com.wolfscale.testkit.HttpCalls;
import com.wolfscale.testkit.HttpCalls.Answer;
import com.wolfscale.testkit.NodeProcess;
import com.wolfscale.testkit.TestCluster;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Issue #8 end to end: three {@code wolfscale start} processes from their config files, each with its own
 * real MariaDB, driven only from outside — applications through each node's MySQL proxy, operators through
 * the HTTP API — while the leader's process is SIGKILLed, the leader's MariaDB is shut down and a follower
 * is frozen. Every acknowledged write must survive on every node, none may be applied twice, and the nodes
 * must end byte-identical ({@code CHECKSUM TABLE}). Ordered: the tests share one cluster and its data.
 * About a minute on two cores.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ClusterEndToEndIT {

    @RegisterExtension
    static final TestCluster CLUSTER = TestCluster.of(3);

    static final String SCHEMA = "e2e";
    /** Writer threads of the load; each transaction adds one row and bumps its client's counter. */
    static final int CLIENTS = 6;

    /** {@code -Dwolfscale.e2e.killDatabase=true}: SIGKILL the leader's MariaDB instead of shutting it down. */
    static final boolean KILL_DATABASE = Boolean.getBoolean("wolfscale.e2e.killDatabase");

    /** HTTP API writer threads of the load; each request inserts one row into e2e.api_load. */
    static final int API_CLIENTS = 2;

    /** The key of every load transaction whose COMMIT returned OK, across all tests. */
    static final Set<Long> acknowledged = ConcurrentHashMap.newKeySet();
    /** The key of every API write answered 200, across all tests. */
    static final Set<Long> apiAcknowledged = ConcurrentHashMap.newKeySet();
    static final AtomicLong nextKey = new AtomicLong();

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
    void writesThroughEveryProxyAndEveryApiEndpointReachEveryNode() throws Exception {
        CLUSTER.awaitLeader(Duration.ofSeconds(60));
        for (NodeProcess n : CLUSTER.nodes()) { // each node opens its API and proxy once it has joined
            await(n.apiUrl() + "/health/replica", x -> x.status() == 200, Duration.ofSeconds(60));
            awaitProxy(n, Duration.ofSeconds(30));
        }
        try (Connection conn = proxy(b()); Statement s = conn.createStatement()) { // a follower's proxy
            s.execute("CREATE DATABASE " + SCHEMA);
            s.execute("CREATE TABLE e2e.t (id INT PRIMARY KEY, src VARCHAR(40), n INT)");
            s.execute("CREATE TABLE e2e.load (k BIGINT PRIMARY KEY, client INT, at DATETIME(6))");
            s.execute("CREATE TABLE e2e.counter (client INT PRIMARY KEY, n BIGINT NOT NULL)");
            s.execute("CREATE TABLE e2e.api_load (k BIGINT PRIMARY KEY, via VARCHAR(20))");
            for (int i = 0; i < CLIENTS; i++) {
                s.execute("INSERT INTO e2e.counter VALUES (" + i + ", 0)");
            }
        }
        int id = 0;
        for (NodeProcess n : CLUSTER.nodes()) {
            try (Connection conn = proxy(n); Statement s = conn.createStatement()) {
                try (ResultSet rs = s.executeQuery("SELECT CURRENT_USER()")) {
                    rs.next();
                    assertThat(rs.getString(1)).as("the proxy of " + n.id() + " runs as the client's account")
                            .isEqualTo("app@127.0.0.1");
                }
                s.execute("INSERT INTO e2e.t VALUES (" + ++id + ", 'proxy " + n.id() + "', 1)");
                conn.setAutoCommit(false); // a multi-statement transaction through the proxy
                s.execute("INSERT INTO e2e.t VALUES (" + ++id + ", 'proxy tx " + n.id() + "', 2)");
                s.execute("UPDATE e2e.t SET n = n + 10 WHERE id = " + (id - 1));
                conn.commit();
                try (ResultSet rs = s.executeQuery("SELECT n FROM e2e.t WHERE id = " + (id - 1))) {
                    rs.next();
                    assertThat(rs.getInt(1)).as("read your own write through " + n.id()).isEqualTo(11);
                }
                conn.commit();
            }
        }
        for (NodeProcess n : CLUSTER.nodes()) {
            Answer sql = post(n, "/sql", "{\"sql\": \"INSERT INTO t VALUES (?, ?, ?)\", \"database\": \"e2e\", "
                    + "\"params\": [" + ++id + ", \"sql " + n.id() + "\", 3]}");
            assertOk(sql, "node-a");
        }
        assertOk(post(a(), "/write/insert", "{\"table\": \"t\", \"database\": \"e2e\", \"values\": "
                + "{\"id\": 100, \"src\": \"insert\", \"n\": 4}}"), "node-a");
        assertOk(post(b(), "/write/update", "{\"table\": \"t\", \"database\": \"e2e\", \"set\": {\"n\": 40}, "
                + "\"where_key\": {\"id\": 100}}"), "node-a");
        assertOk(post(c(), "/write/upsert", "{\"table\": \"t\", \"database\": \"e2e\", \"values\": "
                + "{\"id\": 101, \"src\": \"upsert\", \"n\": 5}, \"update_columns\": [\"n\"]}"), "node-a");
        assertOk(post(b(), "/write/upsert", "{\"table\": \"t\", \"database\": \"e2e\", \"values\": "
                + "{\"id\": 101, \"src\": \"ignored\", \"n\": 50}, \"update_columns\": [\"n\"]}"), "node-a");
        assertOk(post(c(), "/write/delete", "{\"table\": \"t\", \"database\": \"e2e\", \"where_key\": {\"id\": 1}}"),
                "node-a");
        assertOk(post(c(), "/write/ddl", "{\"ddl\": \"ALTER TABLE t ADD COLUMN note VARCHAR(20) DEFAULT 'x'\", "
                + "\"database\": \"e2e\"}"), "node-a");

        CLUSTER.awaitConverged(SCHEMA, Duration.ofSeconds(30));
        assertChecksumsEqual();
        for (NodeProcess n : CLUSTER.nodes()) {
            try (Connection conn = TestCluster.app(n); Statement s = conn.createStatement();
                 ResultSet rs = s.executeQuery("SELECT COUNT(*), SUM(note = 'x') FROM e2e.t")) {
                rs.next();
                // 2 rows through each proxy, 1 per node by /sql, insert 100, upsert 101; id 1 deleted
                assertThat(rs.getInt(1)).as(n.id() + " rows").isEqualTo(6 + 3 + 2 - 1);
                assertThat(rs.getInt(2)).as(n.id() + " has the added column").isEqualTo(10);
            }
            try (Connection conn = TestCluster.app(n); Statement s = conn.createStatement();
                 ResultSet rs = s.executeQuery("SELECT src, n FROM e2e.t WHERE id IN (100, 101) ORDER BY id")) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getInt(2)).isEqualTo(40);
                assertThat(rs.next()).isTrue();
                assertThat(rs.getString(1)).as("upsert updated only update_columns").isEqualTo("upsert");
                assertThat(rs.getInt(2)).isEqualTo(50);
            }
        }
    }

    @Test
    @Order(2)
    void killingTheLeadersProcessLosesNoAcknowledgedWriteAndFailbackReturnsIt() throws Exception {
        NodeProcess a = CLUSTER.awaitLeader(Duration.ofSeconds(30));
        assertThat(a.id()).isEqualTo("node-a");
        JsonNode status = awaitJson(a.apiUrl() + "/status", j -> "node-b".equals(j.path("expected_successor").asText()),
                Duration.ofSeconds(10));
        assertThat(status.get("is_leader").asBoolean()).isTrue();
        long term = status.get("term").asLong();

        try (Load load = Load.start(() -> CLUSTER.nodes())) {
            load.awaitMore(50, Duration.ofSeconds(20));
            a.kill();
            NodeProcess b = CLUSTER.awaitLeader("node-b", Duration.ofSeconds(30)); // the expected successor
            load.awaitMore(50, Duration.ofSeconds(30)); // and it takes the clients' writes
            JsonNode bStatus = HttpCalls.get(b.apiUrl() + "/status").json();
            assertThat(bStatus.get("is_leader").asBoolean()).as(bStatus.toString()).isTrue();
            assertThat(bStatus.get("term").asLong()).as("a new term").isGreaterThan(term);
            JsonNode seenByC = awaitJson(c().apiUrl() + "/cluster", j -> "node-b".equals(j.at("/summary/leader_id")
                    .asText()), Duration.ofSeconds(10));
            assertThat(seenByC.at("/summary/expected_successor").asText()).as(seenByC.toString()).isEqualTo("node-c");
            for (NodeProcess n : List.of(b, c())) { // the dead leader is listed as such, not as a second leader
                JsonNode nodes = awaitJson(n.apiUrl() + "/cluster/nodes", j -> !"Active".equals(j.get(0).path("status")
                        .asText()), Duration.ofSeconds(15));
                List<String> leaders = new ArrayList<>();
                nodes.forEach(x -> {
                    if (x.path("role").asText().equals("Leader")) {
                        leaders.add(x.path("id").asText());
                    }
                });
                assertThat(leaders).as(n.id() + ": " + nodes).containsExactly("node-b");
            }
            Answer viaApi = post(c(), "/write/insert", "{\"table\": \"t\", \"database\": \"e2e\", \"values\": "
                    + "{\"id\": 200, \"src\": \"while b leads\", \"n\": 0}}");
            assertOk(viaApi, b.id());

            a.start();
            CLUSTER.awaitLeader("node-a", Duration.ofSeconds(90)); // caught up, then failback
            load.awaitMore(50, Duration.ofSeconds(30));
        }
        assertThat(acknowledged).hasSizeGreaterThan(150);
        CLUSTER.awaitConverged(SCHEMA, Duration.ofSeconds(60));
        assertEveryAcknowledgedWriteOnEveryNodeOnce();
        assertChecksumsEqual();
        assertNoBugInNodeLogs();
    }

    @Test
    @Order(3)
    void whenTheLeadersMariaDbStopsAnotherNodeLeadsAndTheOldLeaderRejoins() throws Exception {
        NodeProcess a = CLUSTER.awaitLeader(Duration.ofSeconds(30));
        assertThat(a.id()).isEqualTo("node-a");
        try (Load load = Load.start(() -> CLUSTER.nodes())) {
            load.awaitMore(50, Duration.ofSeconds(20));
            long stopped = System.nanoTime();
            if (KILL_DATABASE) {
                a.db().kill();
            } else {
                a.db().stop();
            }
            NodeProcess b = CLUSTER.awaitLeader("node-b", Duration.ofSeconds(15));
            long tookMs = (System.nanoTime() - stopped) / 1_000_000;
            load.awaitMore(50, Duration.ofSeconds(15));
            assertOk(post(c(), "/write/insert", "{\"table\": \"t\", \"database\": \"e2e\", \"values\": "
                    + "{\"id\": 300, \"src\": \"a's database down\", \"n\": 0}}"), b.id());

            JsonNode aStatus = awaitJson(a.apiUrl() + "/status", j -> !j.path("healthy").asBoolean(true)
                    && !j.path("is_leader").asBoolean(true), Duration.ofSeconds(10));
            assertThat(aStatus.path("health_reason").asText()).as("says why").isNotBlank();
            assertThat(aStatus.path("leader_id").asText()).isEqualTo("node-b");
            assertThat(HttpCalls.get(a.apiUrl() + "/health").status()).isEqualTo(503);
            assertThat(HttpCalls.get(a.apiUrl() + "/health/leader").status()).isEqualTo(503);
            Answer localRead = post(a, "/sql", "{\"sql\": \"SELECT COUNT(*) AS n FROM t\", \"database\": \"e2e\"}");
            assertThat(localRead.status()).as(localRead.toString()).isEqualTo(503);
            assertThat(localRead.json().at("/error/code").asText()).isEqualTo("DATABASE_UNAVAILABLE");
            // node-a's process still serves: its API forwards writes, its proxy sends them to node-b
            assertOk(post(a, "/write/insert", "{\"table\": \"t\", \"database\": \"e2e\", \"values\": "
                    + "{\"id\": 301, \"src\": \"via a's API, database down\", \"n\": 0}}"), b.id());
            try (Connection conn = proxy(a); Statement s = conn.createStatement()) {
                s.execute("INSERT INTO e2e.t (id, src, n) VALUES (302, 'via a''s proxy, database down', 0)");
                try (ResultSet rs = s.executeQuery("SELECT src FROM e2e.t WHERE id = 302")) {
                    assertThat(rs.next()).as("read through node-a's proxy while its database is down").isTrue();
                }
            }
            System.out.println("node-b led " + tookMs + " ms after node-a's MariaDB was told to stop");

            a.db().start();
            await(a.apiUrl() + "/health", x -> x.status() == 200, Duration.ofSeconds(60));
            CLUSTER.awaitLeader("node-a", Duration.ofSeconds(90)); // caught up, then failback
            load.awaitMore(50, Duration.ofSeconds(30));
        }
        CLUSTER.awaitConverged(SCHEMA, Duration.ofSeconds(60));
        assertEveryAcknowledgedWriteOnEveryNodeOnce();
        assertChecksumsEqual();
        JsonNode aStatus = HttpCalls.get(a.apiUrl() + "/status").json();
        assertThat(aStatus.get("healthy").asBoolean()).as(aStatus.toString()).isTrue();
        assertNoBugInNodeLogs();
    }

    @Test
    @Order(4)
    void aFrozenFollowerDoesNotStallCommits() throws Exception {
        CLUSTER.awaitLeader("node-a", Duration.ofSeconds(30));
        long slowestMs;
        long slowestApiMs;
        int ackedWhileFrozen;
        int failedWhileFrozen;
        try (Load load = Load.start(() -> List.of(a(), b()))) { // c's own proxy cannot answer while frozen
            load.awaitMore(50, Duration.ofSeconds(20));
            c().freeze();
            try {
                load.resetMeasurements();
                int before = acknowledged.size();
                Thread.sleep(10_000);
                slowestMs = load.slowestCommitNanos.get() / 1_000_000;
                slowestApiMs = load.slowestApiWriteNanos.get() / 1_000_000;
                ackedWhileFrozen = acknowledged.size() - before;
                failedWhileFrozen = load.failures.get();
            } finally {
                c().thaw();
            }
            load.awaitMore(20, Duration.ofSeconds(20));
        }
        System.out.println("node-c frozen 10 s: " + ackedWhileFrozen + " commits, slowest " + slowestMs
                + " ms; slowest API write " + slowestApiMs + " ms");
        assertThat(failedWhileFrozen).as("transactions that failed while node-c was frozen").isZero();
        assertThat(ackedWhileFrozen).as("commits while node-c was frozen").isGreaterThan(50);
        assertThat(slowestMs).as("slowest commit while node-c was frozen (ms)").isLessThan(2000);
        assertThat(slowestApiMs).as("slowest API write while node-c was frozen (ms; HTTP, a new JDBC connection, "
                + "COMMIT and the GTID-to-LSN lookup)").isLessThan(3000);
        CLUSTER.awaitConverged(SCHEMA, Duration.ofSeconds(60));
        assertEveryAcknowledgedWriteOnEveryNodeOnce();
    }

    /** What HttpApiIT does not cover: every POST route, followers, chunked and parallel huge bodies, odd JSON. */
    @Test
    @Order(5)
    void badInputToTheApiChangesNothingAndTheNodesKeepServing() throws Exception {
        CLUSTER.awaitLeader("node-a", Duration.ofSeconds(30));
        CLUSTER.awaitConverged(SCHEMA, Duration.ofSeconds(30));
        Map<String, Long> before = TestCluster.checksums(a().db(), SCHEMA);

        List<Route> posts = Routes.table(null).stream().filter(r -> r.method().equals("POST")).toList();
        assertThat(posts).hasSizeGreaterThan(8);
        String harmful = "{\"sql\": \"DROP DATABASE e2e\", \"ddl\": \"DROP DATABASE e2e\"}";
        for (NodeProcess n : CLUSTER.nodes()) {
            for (Route r : posts) {
                for (String token : new String[] {null, "", "wrong", API_TOKEN + "x", API_TOKEN.substring(1)}) {
                    Answer x = HttpCalls.post(n.apiUrl() + r.path().replace("{id}", "node-a"), harmful, token);
                    assertThat(x.status()).as(n.id() + " " + r.path() + " token " + token + ": " + x).isEqualTo(401);
                    assertThat(x.json().at("/error/code").asText()).isEqualTo("UNAUTHORIZED");
                    assertThat(x.servedBy()).as("refused where it arrived, not forwarded").isEqualTo(n.id());
                }
            }
            Answer basic = send(n, "POST /sql HTTP/1.1\r\nHost: x\r\nAuthorization: Basic " + API_TOKEN
                    + "\r\nContent-Type: application/json\r\nContent-Length: " + harmful.length() + "\r\n\r\n" + harmful);
            assertThat(basic.status()).as("another scheme with the right secret").isEqualTo(401);
        }

        String[] malformed = {"", "not json", "[1, 2]", "\"a string\"", "null", "{\"table\": \"t\",}",
            "{\"table\": \"t\", \"database\": \"e2e\", \"values\": {\"id\": 1}} trailing",
            "{\"table\": \"t\", \"table\": \"counter\", \"database\": \"e2e\", \"values\": {\"client\": 99, \"n\": 1}}",
            "{\"table\": \"t\", \"database\": \"e2e\", \"values\": " + "[".repeat(100_000) + "}",
            "{\"table\": \"t\", \"database\": \"e2e\", \"values\": {\"id\": 1" + "\uD800" + "}}"};
        for (NodeProcess n : CLUSTER.nodes()) {
            for (String body : malformed) {
                Answer x = post(n, "/write/insert", body);
                String what = n.id() + " body " + abbreviate(body) + ": " + x;
                assertThat(x.status()).as(what).isEqualTo(400);
                assertThat(x.json().at("/error/code").asText()).as(what).isIn("MALFORMED_JSON", "MISSING_BODY");
            }
            for (String body : new String[] {"{\"table\": 5, \"database\": \"e2e\", \"values\": {\"id\": 1}}",
                "{\"table\": \"t\", \"database\": \"e2e\", \"values\": \"id=1\"}",
                "{\"table\": \"t\", \"database\": \"e2e\", \"values\": {\"id\": {\"nested\": 1}}}"}) {
                Answer x = post(n, "/write/insert", body); // well-formed JSON, wrong types
                assertThat(x.status()).as(n.id() + " body " + body + ": " + x).isEqualTo(400);
                assertThat(x.json().at("/error/code").asText()).isNotBlank();
            }
            Answer nested = post(n, "/sql", "{\"sql\": " + "{\"a\": ".repeat(50_000) + "1" + "}".repeat(50_000) + "}");
            assertThat(nested.status()).as(n.id() + " deeply nested: " + abbreviate(nested.body())).isEqualTo(400);
            Answer badBytes = postBytes(n, "/sql", new byte[] {'{', '"', 's', 'q', 'l', '"', ':', '"', (byte) 0xC3, (byte) 0x28,
                '"', '}'});
            assertThat(badBytes.status()).as(n.id() + " invalid UTF-8: " + badBytes).isIn(400);
        }

        for (NodeProcess n : List.of(a(), c())) { // the leader, and a follower (which would forward)
            Answer chunked = chunkedPost(n, "/write/insert", 64L << 20);
            assertThat(chunked.status()).as(n.id() + " chunked 64 MiB: " + chunked).isEqualTo(413);
            assertThat(chunked.json().at("/error/code").asText()).isEqualTo("BODY_TOO_LARGE");
        }
        List<Thread> storm = new ArrayList<>();
        AtomicInteger refused = new AtomicInteger();
        for (int i = 0; i < 8; i++) { // 8 x 64 MiB at once to a node with -Xmx384m: only the 1 MiB cap saves it
            NodeProcess n = i % 2 == 0 ? a() : b();
            storm.add(Thread.ofPlatform().start(() -> {
                try {
                    if (chunkedPost(n, "/sql", 64L << 20).status() == 413) {
                        refused.incrementAndGet();
                    }
                } catch (Exception e) {
                    // counted as not refused
                }
            }));
        }
        for (Thread t : storm) {
            t.join(60_000);
        }
        assertThat(refused.get()).as("parallel huge bodies refused with 413").isEqualTo(8);

        for (NodeProcess n : CLUSTER.nodes()) {
            for (String path : new String[] {"/no/such/path", "/write", "/write/insert/x", "/admin", "/sql/"}) {
                Answer x = post(n, path, "{}");
                assertThat(x.status()).as(n.id() + " POST " + path + ": " + x).isEqualTo(404);
                assertThat(x.json().at("/error/code").asText()).isEqualTo("NOT_FOUND");
                Answer noToken = HttpCalls.post(n.apiUrl() + path, "{}", null);
                assertThat(noToken.status()).as(n.id() + " POST " + path + " without token").isEqualTo(404);
            }
        }

        for (NodeProcess n : CLUSTER.nodes()) { // every node still serves, reads and writes
            assertThat(n.isAlive()).isTrue();
            assertThat(HttpCalls.get(n.apiUrl() + "/health").status()).as(n.id()).isEqualTo(200);
        }
        assertNoBugInNodeLogs();
        Map<String, Long> after = TestCluster.checksums(a().db(), SCHEMA);
        assertThat(after).as("bad input changed nothing").isEqualTo(before);
        for (NodeProcess n : CLUSTER.nodes()) {
            assertThat(TestCluster.checksums(n.db(), SCHEMA)).as(n.id()).isEqualTo(before);
        }
        assertThat(before.keySet()).contains("t", "load", "counter", "api_load");
        assertOk(post(b(), "/write/insert", "{\"table\": \"t\", \"database\": \"e2e\", \"values\": "
                + "{\"id\": 400, \"src\": \"after bad input\", \"n\": 0}}"), "node-a");
        CLUSTER.awaitConverged(SCHEMA, Duration.ofSeconds(30));
    }

    // ---------------------------------------------------------------------------------------------- helpers

    /** Client threads committing through the nodes' proxies, each transaction with a new unique key. */
    static final class Load implements AutoCloseable {
        final AtomicBoolean stop = new AtomicBoolean();
        final AtomicLong slowestCommitNanos = new AtomicLong();
        final AtomicLong slowestApiWriteNanos = new AtomicLong();
        final List<String> unexpected = new java.util.concurrent.CopyOnWriteArrayList<>();
        final AtomicInteger failures = new AtomicInteger();
        final List<Thread> threads = new ArrayList<>();
        final java.util.function.Supplier<List<NodeProcess>> targets;

        private Load(java.util.function.Supplier<List<NodeProcess>> targets) {
            this.targets = targets;
        }

        static Load start(java.util.function.Supplier<List<NodeProcess>> targets) {
            Load l = new Load(targets);
            for (int i = 0; i < CLIENTS; i++) {
                int client = i;
                l.threads.add(Thread.ofPlatform().name("load-" + i).start(() -> l.run(client)));
            }
            for (int i = 0; i < API_CLIENTS; i++) {
                int client = i;
                l.threads.add(Thread.ofPlatform().name("api-load-" + i).start(() -> l.runApi(client)));
            }
            return l;
        }

        void resetMeasurements() {
            slowestCommitNanos.set(0);
            slowestApiWriteNanos.set(0);
            failures.set(0);
        }

        /** Waits until {@code n} more transactions were acknowledged. */
        void awaitMore(int n, Duration timeout) throws InterruptedException {
            int target = acknowledged.size() + n;
            long deadline = System.nanoTime() + timeout.toNanos();
            while (acknowledged.size() < target) {
                if (System.nanoTime() > deadline) {
                    StringBuilder logs = new StringBuilder();
                    CLUSTER.nodes().forEach(p -> logs.append("\n--- ").append(p.id()).append(" ---\n").append(p.logTail(25)));
                    throw new AssertionError("fewer than " + n + " commits acknowledged within " + timeout + logs);
                }
                Thread.sleep(50);
            }
        }

        private void run(int client) {
            int attempt = client;
            while (!stop.get()) {
                List<NodeProcess> live = targets.get().stream().filter(NodeProcess::isAlive).toList();
                if (live.isEmpty()) {
                    sleep(100);
                    continue;
                }
                NodeProcess via = live.get(attempt++ % live.size());
                try (Connection conn = proxy(via);
                     PreparedStatement ins = conn.prepareStatement("INSERT INTO e2e.load VALUES (?, ?, NOW(6))");
                     PreparedStatement up = conn.prepareStatement("UPDATE e2e.counter SET n = n + 1 WHERE client = ?");
                     PreparedStatement read = conn.prepareStatement("SELECT COUNT(*) FROM e2e.load WHERE k = ?")) {
                    conn.setAutoCommit(false);
                    long done = 0;
                    while (!stop.get()) {
                        long k = nextKey.incrementAndGet(); // never reused: an unknown outcome is not retried
                        long t0 = System.nanoTime();
                        ins.setLong(1, k);
                        ins.setInt(2, client);
                        ins.executeUpdate();
                        up.setInt(1, client);
                        up.executeUpdate();
                        conn.commit();
                        slowestCommitNanos.accumulateAndGet(System.nanoTime() - t0, Math::max);
                        acknowledged.add(k);
                        if (++done % 4 == 0) { // causal_reads = session: the session sees its own commit, wherever served
                            read.setLong(1, k);
                            try (ResultSet rs = read.executeQuery()) {
                                rs.next();
                                if (rs.getInt(1) != 1) {
                                    unexpected.add("via " + via.id() + ": committed key " + k + " not visible to its session");
                                }
                            }
                            conn.commit();
                        }
                    }
                } catch (SQLException e) {
                    failures.incrementAndGet(); // outcome unknown: not counted
                    sleep(50);
                }
            }
        }

        /** One row per request, alternating POST /sql and POST /write/insert, sent to any live node. */
        private void runApi(int client) {
            int attempt = client;
            while (!stop.get()) {
                List<NodeProcess> live = targets.get().stream().filter(NodeProcess::isAlive).toList();
                if (live.isEmpty()) {
                    sleep(100);
                    continue;
                }
                NodeProcess via = live.get(attempt++ % live.size());
                long k = nextKey.incrementAndGet();
                String body = attempt % 2 == 0
                        ? "{\"sql\": \"INSERT INTO api_load VALUES (?, ?)\", \"database\": \"e2e\", \"params\": ["
                                + k + ", \"" + via.id() + "\"]}"
                        : "{\"table\": \"api_load\", \"database\": \"e2e\", \"values\": {\"k\": " + k
                                + ", \"via\": \"" + via.id() + "\"}}";
                try {
                    long t0 = System.nanoTime();
                    Answer x = post(via, attempt % 2 == 0 ? "/sql" : "/write/insert", body);
                    if (x.status() == 200) {
                        slowestApiWriteNanos.accumulateAndGet(System.nanoTime() - t0, Math::max);
                        apiAcknowledged.add(k);
                    } else {
                        if (!List.of(502, 503, 504).contains(x.status())) { // the only "try again" answers
                            unexpected.add(via.id() + ": " + x);
                        }
                        failures.incrementAndGet(); // outcome unknown: not counted
                        sleep(50);
                    }
                } catch (Exception e) {
                    failures.incrementAndGet();
                    sleep(50);
                }
            }
        }

        @Override
        public void close() throws InterruptedException {
            stop.set(true);
            for (Thread t : threads) {
                t.join(60_000);
                assertThat(t.isAlive()).as(t.getName() + " ended").isFalse();
            }
            assertThat(unexpected).as("API write answers other than 200/502/503/504, stale reads of one's own commit")
                    .isEmpty();
        }
    }

    /** An application connection through a node's MySQL proxy, on the port its config file names. */
    static Connection proxy(NodeProcess n) throws SQLException {
        return DriverManager.getConnection("jdbc:mariadb://127.0.0.1:" + proxyPort(n)
                + "/?connectTimeout=5000&socketTimeout=60000", "app", "app");
    }

    private static void awaitProxy(NodeProcess n, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            try (Socket s = new Socket("127.0.0.1", proxyPort(n))) {
                return;
            } catch (IOException e) {
                if (System.nanoTime() > deadline) {
                    throw new AssertionError(n.id() + "'s proxy does not listen: " + e + "\n" + n.logTail(20));
                }
                Thread.sleep(100);
            }
        }
    }

    private static final Map<String, Integer> PROXY_PORTS = new ConcurrentHashMap<>();

    static int proxyPort(NodeProcess n) {
        return PROXY_PORTS.computeIfAbsent(n.id(), id -> {
            try {
                Matcher m = Pattern.compile("\\[proxy]\\s+enabled = true\\s+bind_address = \"127\\.0\\.0\\.1:(\\d+)\"")
                        .matcher(Files.readString(n.config()));
                assertThat(m.find()).as("[proxy] bind_address in " + n.config()).isTrue();
                return Integer.parseInt(m.group(1));
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
    }

    private static void assertEveryAcknowledgedWriteOnEveryNodeOnce() throws SQLException {
        for (NodeProcess n : CLUSTER.nodes()) {
            Set<Long> present = new HashSet<>();
            try (Connection conn = TestCluster.app(n); Statement s = conn.createStatement();
                 ResultSet rs = s.executeQuery("SELECT k FROM e2e.load")) {
                while (rs.next()) {
                    present.add(rs.getLong(1));
                }
            }
            Set<Long> lost = new HashSet<>(acknowledged);
            lost.removeAll(present);
            assertThat(lost).as(n.id() + ": acknowledged writes missing").isEmpty();
            Set<Long> apiPresent = new HashSet<>();
            try (Connection conn = TestCluster.app(n); Statement s = conn.createStatement();
                 ResultSet rs = s.executeQuery("SELECT k FROM e2e.api_load")) {
                while (rs.next()) {
                    apiPresent.add(rs.getLong(1));
                }
            }
            Set<Long> apiLost = new HashSet<>(apiAcknowledged);
            apiLost.removeAll(apiPresent);
            assertThat(apiLost).as(n.id() + ": acknowledged API writes missing").isEmpty();
            try (Connection conn = TestCluster.app(n); Statement s = conn.createStatement();
                 ResultSet rs = s.executeQuery("SELECT (SELECT SUM(n) FROM e2e.counter), (SELECT COUNT(*) FROM e2e.load)")) {
                rs.next();
                assertThat(rs.getLong(1)).as(n.id() + ": counter increments = rows (nothing applied twice or by half)")
                        .isEqualTo(rs.getLong(2));
            }
            try (Connection conn = TestCluster.app(n); Statement s = conn.createStatement();
                 ResultSet rs = s.executeQuery("SELECT c.client, c.n, (SELECT COUNT(*) FROM e2e.load l "
                         + "WHERE l.client = c.client) FROM e2e.counter c")) {
                while (rs.next()) {
                    assertThat(rs.getLong(2)).as(n.id() + " client " + rs.getInt(1)).isEqualTo(rs.getLong(3));
                }
            }
        }
    }

    private static final Pattern BUG = Pattern.compile("java\\.lang\\.(NullPointerException|IllegalStateException|"
            + "IllegalArgumentException|ClassCastException|\\w*IndexOutOfBoundsException|OutOfMemoryError|StackOverflowError)");

    /** Failures are expected in these tests; programming errors in a node's log are not. */
    private static void assertNoBugInNodeLogs() throws IOException {
        for (NodeProcess n : CLUSTER.nodes()) {
            List<String> bugs = Files.readAllLines(n.dir().resolve("node.log"), StandardCharsets.UTF_8).stream()
                    .filter(l -> BUG.matcher(l).find()).toList();
            assertThat(bugs).as(n.id() + "'s log (" + n.dir().resolve("node.log") + ")").isEmpty();
        }
    }

    private static void assertChecksumsEqual() throws SQLException {
        Map<String, Long> first = TestCluster.checksums(a().db(), SCHEMA);
        assertThat(first).isNotEmpty();
        for (NodeProcess n : CLUSTER.nodes()) {
            assertThat(TestCluster.checksums(n.db(), SCHEMA)).as(n.id() + " CHECKSUM TABLE").isEqualTo(first);
        }
    }

    static Answer post(NodeProcess n, String path, String body) throws Exception {
        return HttpCalls.post(n.apiUrl() + path, body, API_TOKEN);
    }

    private static void assertOk(Answer x, String servedBy) {
        assertThat(x.status()).as(x.toString()).isEqualTo(200);
        assertThat(x.json().get("success").asBoolean()).as(x.toString()).isTrue();
        assertThat(x.servedBy()).as(x.toString()).isEqualTo(servedBy);
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
            } catch (IOException e) {
                // not serving yet
            }
            Thread.sleep(100);
        }
        throw new AssertionError(url + " never answered as expected; last: " + last);
    }

    static JsonNode awaitJson(String url, Predicate<JsonNode> ok, Duration timeout) throws Exception {
        return await(url, x -> ok.test(x.json()), timeout).json();
    }

    private static Answer postBytes(NodeProcess n, String path, byte[] body) throws Exception {
        String head = "POST " + path + " HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " + API_TOKEN
                + "\r\nContent-Type: application/json\r\nConnection: close\r\nContent-Length: " + body.length + "\r\n\r\n";
        byte[] h = head.getBytes(StandardCharsets.US_ASCII);
        byte[] all = new byte[h.length + body.length];
        System.arraycopy(h, 0, all, 0, h.length);
        System.arraycopy(body, 0, all, h.length, body.length);
        return sendRaw(n, all, 0);
    }

    private static Answer send(NodeProcess n, String request) throws Exception {
        return sendRaw(n, request.replace("\r\n\r\n", "\r\nConnection: close\r\n\r\n")
                .getBytes(StandardCharsets.UTF_8), 0);
    }

    /** Streams {@code bytes} of a chunked body after the headers, stopping once the server answers or closes. */
    private static Answer chunkedPost(NodeProcess n, String path, long bytes) throws Exception {
        String head = "POST " + path + " HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " + API_TOKEN
                + "\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n";
        return sendRaw(n, head.getBytes(StandardCharsets.US_ASCII), bytes);
    }

    /** Raw HTTP/1.1: writes the request (then {@code chunkedBytes} of chunked body), reads one answer. */
    private static Answer sendRaw(NodeProcess n, byte[] request, long chunkedBytes) throws Exception {
        int port = Integer.parseInt(n.apiUrl().substring(n.apiUrl().lastIndexOf(':') + 1));
        try (Socket s = new Socket("127.0.0.1", port)) {
            s.setSoTimeout(30_000);
            OutputStream out = s.getOutputStream();
            out.write(request);
            out.flush();
            Thread writer = null;
            if (chunkedBytes > 0) {
                writer = Thread.ofPlatform().start(() -> {
                    byte[] chunk = ("10000\r\n" + "x".repeat(0x10000) + "\r\n").getBytes(StandardCharsets.US_ASCII);
                    try {
                        for (long sent = 0; sent < chunkedBytes; sent += 0x10000) {
                            out.write(chunk);
                        }
                        out.write("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                        out.flush();
                    } catch (IOException e) {
                        // the server stopped reading and closed: expected
                    }
                });
            }
            InputStream in = s.getInputStream();
            String head = readHead(in);
            int status = Integer.parseInt(head.substring(9, 12));
            Matcher len = Pattern.compile("(?im)^content-length:\\s*(\\d+)").matcher(head);
            Matcher node = Pattern.compile("(?im)^x-wolfscale-node:\\s*(\\S+)").matcher(head);
            String body = len.find() ? new String(in.readNBytes(Integer.parseInt(len.group(1))), StandardCharsets.UTF_8)
                    : new String(in.readAllBytes(), StandardCharsets.UTF_8);
            if (writer != null) {
                s.shutdownOutput();
                writer.join(30_000);
            }
            return new Answer(status, body, node.find() ? node.group(1) : null, null);
        }
    }

    private static String readHead(InputStream in) throws IOException {
        StringBuilder sb = new StringBuilder();
        while (!sb.toString().endsWith("\r\n\r\n")) {
            int c = in.read();
            if (c < 0) {
                throw new IOException("connection closed after " + sb);
            }
            sb.append((char) c);
        }
        return sb.toString();
    }

    private static String abbreviate(String s) {
        return s.length() <= 80 ? s : s.substring(0, 80) + "…(" + s.length() + " chars)";
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
