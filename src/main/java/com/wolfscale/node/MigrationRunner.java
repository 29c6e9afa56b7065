package com.wolfscale.node;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.wolfscale.api.ApiException;
import com.wolfscale.api.model.MigrationView;
import com.wolfscale.apply.AppliedPositionStore;
import com.wolfscale.apply.ApplyLoop;
import com.wolfscale.apply.RepairLedger;
import com.wolfscale.common.NodeId;
import com.wolfscale.core.Advertisement;
import com.wolfscale.core.CoreInput;
import com.wolfscale.mysql.binlog.Gtid;
import com.wolfscale.replication.ClusterMember;
import com.wolfscale.snapshot.SnapshotFormat;
import com.wolfscale.snapshot.SnapshotLoader;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Migrates this node (the target side): streams another node's snapshot ({@code GET /dump} on its API)
 * into this node's emptied database, records the snapshot's position in the same database, restarts the
 * WAL right after that position and lets the node catch up from the leader's log. Nothing is buffered
 * whole: the HTTP body is read as the loader executes it.
 *
 * <p>While it runs the node holds its applier and counts as NEEDS_MIGRATION (no reads, no leadership). A
 * marker file {@code <data_dir>/migration.json} exists from the first change to the last, so a process
 * that dies in between comes back NEEDS_MIGRATION and a new migration simply starts over: the target is
 * emptied first every time, so a restarted migration ends in the same state. One migration at a time.
 */
final class MigrationRunner {

    private static final Logger LOG = LoggerFactory.getLogger(MigrationRunner.class);
    static final String MARKER = "migration.json";
    /** Connections loading rows in parallel: the target's cores, not one client thread, set the pace. */
    static final int INSERTERS = Math.max(2, Math.min(4, Runtime.getRuntime().availableProcessors()));

    /** What the node does around a migration. */
    interface Hooks {
        /** Holds (true) or releases (false) the applier and marks the node as migrating. */
        void migrating(boolean on, String why);
    }

    private final ClusterMember member;
    private final DatabaseAdmin admin;
    private final ApplyLoop apply;
    private final Path dataDir;
    private final Optional<String> token;
    private final Hooks hooks;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private volatile MigrationProgress progress = MigrationProgress.idle();

    MigrationRunner(ClusterMember member, DatabaseAdmin admin, ApplyLoop apply, Path dataDir, Optional<String> token,
                    Hooks hooks) {
        this.member = member;
        this.admin = admin;
        this.apply = apply;
        this.dataDir = dataDir;
        this.token = token;
        this.hooks = hooks;
    }

    /** Why an earlier migration did not finish (the marker file is there), or empty. */
    Optional<String> interrupted() {
        Path marker = dataDir.resolve(MARKER);
        if (!Files.exists(marker)) {
            return Optional.empty();
        }
        try {
            return Optional.of("a migration (" + Files.readString(marker, StandardCharsets.UTF_8).trim() + ") did not "
                    + "finish: this node's database holds part of a snapshot; run wolfctl migrate again");
        } catch (IOException e) {
            return Optional.of("a migration did not finish (" + marker + "): run wolfctl migrate again");
        }
    }

    MigrationView view() {
        return progress.view();
    }

    boolean running() {
        return progress.running();
    }

    /** Starts a migration from {@code from} (empty: a healthy node of the cluster's choosing). */
    synchronized MigrationView start(Optional<NodeId> from) {
        if (progress.running()) {
            throw new ApiException(409, "MIGRATION_RUNNING", "a migration from " + progress.from() + " is already running");
        }
        if (member.view().isLeader()) {
            throw new ApiException(409, "LEADER", member.self() + " leads the cluster: a leader is the source of "
                    + "truth and is never migrated; hand leadership over first (wolfctl demote)");
        }
        NodeId source = from.orElseGet(this::chooseSource);
        if (source.equals(member.self())) {
            throw new ApiException(400, "SELF", "a node cannot migrate from itself");
        }
        String api = sourceApi(source);
        progress = MigrationProgress.started(source.value());
        Thread.ofVirtual().name("migration").start(() -> run(source, api));
        return progress.view();
    }

    /** An ACTIVE follower if there is one (no pause at all), else the leader. */
    private NodeId chooseSource() {
        var v = member.view();
        Optional<NodeId> follower = v.nodes().stream().filter(n -> !n.id().equals(member.self()))
                .filter(n -> n.status() == com.wolfscale.core.NodeStatus.ACTIVE && n.role() != com.wolfscale.core.Role.LEADER)
                .map(com.wolfscale.core.CoreView.NodeInfo::id).findFirst();
        return follower.or(v::leader).orElseThrow(() -> new ApiException(503, "NO_SOURCE",
                "no healthy node to migrate from (no ACTIVE follower and no leader known)"));
    }

    private String sourceApi(NodeId source) {
        Map<String, String> endpoints = member.peerEndpoints().get(source);
        String api = endpoints == null ? null : endpoints.get(Advertisement.API);
        if (api == null) {
            throw new ApiException(404, "UNKNOWN_SOURCE", "no API address known for " + source + " (is it connected, "
                    + "and is its [api] enabled?)");
        }
        return "http://" + api;
    }

    private void run(NodeId source, String api) {
        hooks.migrating(true, "migrating from " + source);
        try {
            writeMarker(source);
            member.pauseFetching(true); // see ReplicationClient#pause; resumed once the position is installed
            var info = new ObjectMapper().readTree(get(api + "/dump/info").body());
            progress = progress.withEstimates(info.path("tables").asInt(), info.path("estimated_bytes").asLong());
            SnapshotFormat.Header header = load(api);
            install(header);
            Files.deleteIfExists(dataDir.resolve(MARKER));
            progress = progress.done(header.position().lsn().value());
            LOG.info("migration from {} done: snapshot at LSN {} loaded; catching up from the leader", source,
                    header.position().lsn());
            hooks.migrating(false, "");
        } catch (Exception e) {
            String why = e instanceof ApiException a ? a.getMessage() : e.toString();
            progress = progress.failed(why);
            LOG.error("migration from {} failed: {}", source, why);
            hooks.migrating(true, "migration from " + source + " failed (" + why + "); run wolfctl migrate again");
        } finally {
            member.pauseFetching(false);
        }
    }

    private SnapshotFormat.Header load(String api) throws Exception {
        HttpResponse<InputStream> resp = get(api + "/dump");
        try (InputStream body = resp.body(); Connection c = admin.open()) {
            List<String> dropped = SnapshotLoader.emptyTarget(c);
            LOG.info("migration: emptied {} database(s) of {} before loading", dropped.size(), member.self());
            return SnapshotLoader.load(body, c, admin::open, INSERTERS, (bytes, statements, tables, table) ->
                    progress = progress.loading(bytes, statements, tables, table));
        }
    }

    /** The position, the repair checkpoint, the WAL restart, the core: the snapshot is this node's state now. */
    private void install(SnapshotFormat.Header header) throws Exception {
        install(header.position());
    }

    /**
     * A new cluster's first leader whose database already holds data: that data becomes the log's base, as
     * if a snapshot at LSN 1 had been installed. The log continues at LSN 2, so a node that would replay it
     * from the start (and so miss the base) is told it needs a snapshot instead — the "joins a cluster with
     * data it does not have" case.
     */
    void installBase() throws Exception {
        List<Gtid> at = admin.binlogPosition();
        install(new com.wolfscale.apply.AppliedPosition(com.wolfscale.common.Epoch.ZERO, com.wolfscale.common.Lsn.of(1),
                Gtid.formatList(at), com.wolfscale.common.Lsn.ZERO));
        LOG.info("the database's existing data is the cluster's base (LSN 1, binlog {}): the other nodes are cloned "
                + "from a snapshot (wolfctl migrate, or auto_migrate)", Gtid.formatList(at));
    }

    private void install(com.wolfscale.apply.AppliedPosition at) throws Exception {
        admin.with(c -> {
            AppliedPositionStore.ensure(c);
            AppliedPositionStore.reset(c, at);
            RepairLedger.ensure(c);
            RepairLedger.writeCheckpoint(c, new RepairLedger.Checkpoint(binlogPosition(c), at.lsn()));
            return null;
        });
        if (holds(member.wal(), at)) {
            // records after the snapshot's position stay: this node may have acknowledged them (they can be
            // committed on its copy), and they are the catch-up the applier starts with
            LOG.info("the WAL already holds the snapshot's position {} (epoch {}): kept, {} record(s) after it",
                    at.lsn(), at.epoch(), member.wal().lastLsn().value() - at.lsn().value());
        } else {
            member.wal().restartAfter(at.lsn(), at.epoch()).get();
        }
        member.loop().logChanged();
        member.loop().submit(new CoreInput.SnapshotInstalled(at.lsn()));
        apply.reload().get();
    }

    /** Whether the log holds the record at the snapshot's position, from the same epoch (the same history). */
    static boolean holds(com.wolfscale.wal.Wal wal, com.wolfscale.apply.AppliedPosition at) {
        return at.lsn().value() > 0 && !at.lsn().isAfter(wal.lastLsn()) && !at.lsn().isBefore(wal.firstLsn())
                && wal.epochAt(at.lsn()).equals(Optional.of(at.epoch()));
    }

    private HttpResponse<InputStream> get(String url) throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).GET();
        token.ifPresent(t -> b.header("Authorization", "Bearer " + t));
        HttpResponse<InputStream> resp = http.send(b.build(), HttpResponse.BodyHandlers.ofInputStream());
        if (resp.statusCode() != 200) {
            String body;
            try (InputStream in = resp.body()) {
                body = new String(in.readNBytes(4096), StandardCharsets.UTF_8);
            }
            throw new ApiException(502, "SOURCE_REFUSED", url + " answered " + resp.statusCode() + ": " + body);
        }
        return resp;
    }

    private void writeMarker(NodeId source) throws IOException {
        Files.createDirectories(dataDir);
        Files.writeString(dataDir.resolve(MARKER), "{\"from\": \"" + source + "\", \"started\": \"" + Instant.now()
                + "\"}", StandardCharsets.UTF_8);
    }

    private static List<Gtid> binlogPosition(Connection c) throws java.sql.SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT @@gtid_binlog_pos")) {
            rs.next();
            return rs.getString(1) == null ? List.of() : Gtid.parseList(rs.getString(1));
        }
    }
}
