package com.wolfscale.mysql.wire;

import static org.assertj.core.api.Assertions.assertThat;

import com.wolfscale.mysql.Capabilities;
import com.wolfscale.mysql.ColumnType;
import com.wolfscale.mysql.binlog.BinlogEvent;
import com.wolfscale.mysql.binlog.BinlogStatement;
import com.wolfscale.mysql.binlog.ChecksumAlgorithm;
import com.wolfscale.mysql.binlog.CompressedEvents;
import com.wolfscale.mysql.binlog.EventType;
import com.wolfscale.mysql.binlog.FormatDescriptionEvent;
import com.wolfscale.mysql.binlog.Gtid;
import com.wolfscale.mysql.binlog.GtidEvent;
import com.wolfscale.mysql.binlog.GtidListEvent;
import com.wolfscale.mysql.binlog.QueryEvent;
import com.wolfscale.mysql.binlog.RotateEvent;
import com.wolfscale.mysql.binlog.XidEvent;
import com.wolfscale.mysql.binlog.rows.RowChange;
import com.wolfscale.mysql.binlog.rows.RowImageScanner;
import com.wolfscale.mysql.binlog.rows.RowValues;
import com.wolfscale.mysql.binlog.rows.RowsEvent;
import com.wolfscale.mysql.binlog.rows.RowsEventInverter;
import com.wolfscale.mysql.binlog.rows.TableMapEvent;
import com.wolfscale.mysql.client.Credential;
import com.wolfscale.mysql.client.LoginRequest;
import com.wolfscale.mysql.packet.OkPacket;
import com.wolfscale.mysql.replication.BinlogStream;
import com.wolfscale.mysql.replication.ComBinlogDump;
import com.wolfscale.mysql.replication.DumpRequest;
import com.wolfscale.mysql.replication.EventPacket;
import com.wolfscale.mysql.wire.BinlogWorkload.Step;
import com.wolfscale.mysql.wire.WireClient.Mode;
import com.wolfscale.mysql.wire.WireClient.Response;
import com.wolfscale.sandbox.MariaDbInstance;
import com.wolfscale.testkit.MariaDbServers;
import java.io.IOException;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Reads a real MariaDB's binlog as a GTID replica after a workload covering every column type, and checks
 * that every event parses and verifies, that the row scanner finds as many rows as the server reported
 * affected, and — the strongest check — that replaying the raw events transaction by transaction on a
 * second server with {@code BINLOG '...'} makes every table identical ({@code CHECKSUM TABLE}), and replaying
 * the inverted events newest first walks the second server back through every earlier state.
 */
class BinlogReplayIT {

    @RegisterExtension
    static final MariaDbServers DB = MariaDbServers.of(2);

    /** One source transaction as read from the dump. */
    record Txn(GtidEvent gtid, List<BinlogEvent> events) {
        boolean isDml() {
            return events.stream().anyMatch(e -> EventType.isRows(e.type()));
        }
    }

    /** What the source said about a transaction when it committed. */
    record Committed(long affectedRows, boolean dml) {
    }

    @Test
    void capturesReplaysAndInvertsEveryTransaction() throws Exception {
        MariaDbInstance source = DB.get(0);
        MariaDbInstance target = DB.get(1);
        String start = queryString(source, "SELECT @@gtid_binlog_pos");
        Map<String, Committed> committed = new LinkedHashMap<>();
        String phaseBoundary = runWorkload(source, committed);

        List<BinlogEvent> all = new ArrayList<>();
        FormatDescriptionEvent fde = dump(source, Gtid.parseList(start), all);
        List<Txn> txns = group(all);
        assertThat(all).as("compressed events (log_bin_compress)").anyMatch(e -> EventType.isCompressed(e.type()));
        assertThat(txns).extracting(t -> t.gtid().gtid().toString()).containsExactlyElementsOf(committed.keySet());

        Map<Long, Map<String, Object>> typesRows = new HashMap<>();
        for (Txn t : txns) {
            checkTransaction(t, fde, committed.get(t.gtid().gtid().toString()), typesRows);
        }
        checkDecodedValues(typesRows);

        long boundary = Gtid.parse(phaseBoundary).sequence();
        try (WireClient replay = WireProtocolIT.connect(target, Mode.RAW, 0, 0)) {
            ok(replay.query("SET SESSION sql_log_bin = 0"));
            ok(replay.query(BinlogStatement.of(List.of(formatDescriptionEvent(all)))));
            List<Map<String, Long>> before = new ArrayList<>();
            List<Txn> phase2 = new ArrayList<>();
            for (Txn t : txns) {
                if (t.gtid().gtid().sequence() > boundary) {
                    before.add(checksums(target));
                    phase2.add(t);
                }
                apply(replay, decompressed(replayEvents(t, fde), fde)); // BINLOG refuses compressed events (1730)
            }
            assertThat(checksums(target)).as("target after replay").isEqualTo(checksums(source));

            for (int i = phase2.size() - 1; i >= 0; i--) {
                Txn t = phase2.get(i);
                List<BinlogEvent> inverse = RowsEventInverter.invertTransaction(decompressed(t.events(), fde), fde);
                inverse.forEach(BinlogEvent::verifyChecksum);
                apply(replay, inverse);
                assertThat(checksums(target)).as("target after undoing %s", t.gtid().gtid()).isEqualTo(before.get(i));
            }
        }
    }

    /** Runs the workload with session tracking on, recording each transaction's GTID and affected rows. */
    private static String runWorkload(MariaDbInstance source, Map<String, Committed> committed) throws IOException {
        try (WireClient c = WireProtocolIT.connect(source, Mode.LOGICAL, 0, 0)) {
            ok(c.query("SET SESSION session_track_system_variables = 'last_gtid'"));
            ok(c.query("SET SESSION sql_mode = ''"));
            for (Step s : BinlogWorkload.ddlAndSeed()) {
                run(c, s, committed);
            }
            String boundary = queryString(c, "SELECT @@gtid_binlog_pos");
            List<Step> dml = BinlogWorkload.dml();
            for (int i = 0; i < dml.size(); i++) {
                ok(c.query("SET GLOBAL log_bin_compress = " + (BinlogWorkload.compressed(i) ? "ON" : "OFF")));
                run(c, dml.get(i), committed);
            }
            ok(c.query("SET GLOBAL log_bin_compress = OFF"));
            return boundary;
        }
    }

    private static void run(WireClient c, Step step, Map<String, Committed> committed) throws IOException {
        long affected = 0;
        OkPacket last = null;
        for (String sql : step.statements()) {
            last = ok(c.query(sql));
            affected += last.affectedRows();
        }
        String gtid = last.lastGtid().orElseThrow(() -> new AssertionError("no last_gtid for " + step));
        boolean ddl = step.statements().get(0).matches("(?is)(CREATE|DROP|ALTER).*");
        committed.put(gtid, new Committed(affected, !ddl));
    }

    /** Dumps from {@code start} to the end (non-blocking), verifying every checksum. */
    private static FormatDescriptionEvent dump(MariaDbInstance source, List<Gtid> start, List<BinlogEvent> out)
            throws IOException {
        DumpRequest request = new DumpRequest(4242, start, Duration.ofSeconds(1), false,
                ComBinlogDump.BINLOG_DUMP_NON_BLOCK);
        try (WireClient c = WireProtocolIT.connect(source, Mode.RAW, 0, 0)) {
            for (String sql : request.setupStatements()) {
                ok(c.query(sql));
            }
            ok(c.command(request.registerSlave().encode()));
            c.send(request.binlogDump().encode());
            BinlogStream stream = new BinlogStream(c.reader(), 64 << 20, ChecksumAlgorithm.CRC32, false, true);
            boolean sawRotate = false;
            for (Optional<EventPacket> p = stream.next(); p.isPresent(); p = stream.next()) {
                BinlogEvent e = p.get().event();
                assertThat(e.checksummed()).isTrue();
                assertThat(e.checksumMatches()).isTrue();
                if (e.type() == EventType.ROTATE) {
                    assertThat(RotateEvent.decode(e).nextFile()).startsWith("binlog.");
                    sawRotate = true;
                } else if (e.type() == EventType.GTID_LIST) {
                    assertThat(GtidListEvent.decode(e).gtids()).isNotNull();
                }
                out.add(e);
            }
            assertThat(sawRotate).isTrue();
            assertThat(stream.currentFile()).startsWith("binlog.");
            assertThat(stream.formatDescription().checksumAlgorithm()).isEqualTo(ChecksumAlgorithm.CRC32);
            assertThat(stream.formatDescription().serverVersion()).contains("MariaDB");
            return stream.formatDescription();
        }
    }

    private static List<Txn> group(List<BinlogEvent> events) {
        List<Txn> out = new ArrayList<>();
        GtidEvent gtid = null;
        List<BinlogEvent> current = null;
        for (BinlogEvent e : events) {
            if (e.type() == EventType.GTID) {
                gtid = GtidEvent.decode(e);
                current = new ArrayList<>();
                continue;
            }
            if (current == null) {
                continue;
            }
            current.add(e);
            boolean end = e.type() == EventType.XID || (gtid.isStandalone() && e.type() == EventType.QUERY);
            if (end) {
                out.add(new Txn(gtid, current));
                current = null;
            }
        }
        return out;
    }

    private static void checkTransaction(Txn t, FormatDescriptionEvent fde, Committed committed,
            Map<Long, Map<String, Object>> typesRows) {
        Map<Long, TableMapEvent> maps = new HashMap<>();
        long rows = 0;
        for (BinlogEvent raw : t.events()) {
            BinlogEvent e = CompressedEvents.decompress(raw, fde);
            switch (e.type()) {
                case EventType.QUERY -> {
                    QueryEvent q = QueryEvent.decode(e, fde);
                    assertThat(q.statusVariables().unparsed()).as("unparsed status variables").isEmpty();
                    assertThat(q.statusVariables().charsets()).isPresent();
                    assertThat(q.statusVariables().sqlMode()).isPresent();
                }
                case EventType.TABLE_MAP -> {
                    TableMapEvent map = TableMapEvent.decode(e, fde);
                    checkTableMap(map);
                    maps.put(map.tableId(), map);
                }
                case EventType.XID -> assertThat(XidEvent.decode(e).xid()).isPositive();
                default -> {
                    if (EventType.isRows(e.type())) {
                        RowsEvent r = RowsEvent.decode(e, fde);
                        List<RowChange> changes = RowImageScanner.scan(r, maps.get(r.tableId()));
                        rows += changes.size();
                        collectInserted(r, changes, maps.get(r.tableId()), typesRows);
                    }
                }
            }
        }
        if (committed.dml()) {
            assertThat(t.gtid().isTransactional()).isTrue();
            assertThat(rows).as("rows in %s", t.gtid().gtid()).isEqualTo(committed.affectedRows());
        } else {
            assertThat(t.gtid().isStandalone()).isTrue();
            assertThat(t.gtid().isDdl()).isTrue();
        }
    }

    /** Decodes every image (every column type goes through {@link RowValues}); keeps bl.types inserts by id. */
    private static void collectInserted(RowsEvent r, List<RowChange> changes, TableMapEvent map,
            Map<Long, Map<String, Object>> typesRows) {
        List<String> names = map.columnNames().orElseThrow();
        for (RowChange c : changes) {
            if (c.before() != null) {
                RowValues.decode(r, c.before(), false, map);
            }
            if (c.after() != null) {
                List<Object> values = RowValues.decode(r, c.after(), true, map);
                if (map.table().equals("types") && r.kind() == RowsEvent.Kind.WRITE) {
                    Map<String, Object> byName = new HashMap<>();
                    for (int i = 0; i < names.size(); i++) {
                        byName.put(names.get(i), values.get(i));
                    }
                    typesRows.put((Long) values.get(0), byName);
                }
            }
        }
    }

    private static void checkDecodedValues(Map<Long, Map<String, Object>> typesRows) {
        Map<String, Object> extremes = typesRows.get(3L);
        assertThat(extremes.get("t")).isEqualTo(-128L);
        assertThat(extremes.get("ut")).isEqualTo(255L);
        assertThat(extremes.get("bi")).isEqualTo(Long.MIN_VALUE);
        assertThat(Long.toUnsignedString((Long) extremes.get("ubi"))).isEqualTo("18446744073709551615");
        assertThat(extremes.get("i")).isEqualTo((long) Integer.MIN_VALUE);
        assertThat(extremes.get("ui")).isEqualTo(4294967295L);
        assertThat(extremes.get("yr")).isEqualTo(1901L);
        Map<String, Object> first = typesRows.get(1L);
        assertThat(new String((byte[]) first.get("vc"), java.nio.charset.StandardCharsets.UTF_8)).isEqualTo("varchar 🐺🚀");
        assertThat(new String((byte[]) first.get("chl"), java.nio.charset.StandardCharsets.UTF_8)).isEqualTo("é".repeat(255));
        assertThat(first.get("md")).isEqualTo(-70000L);
        assertThat(typesRows.get(2L).get("vc")).isNull();
    }

    /** Optional metadata (binlog_row_metadata=FULL) must line up with the columns as we count them. */
    private static void checkTableMap(TableMapEvent map) {
        List<String> names = map.columnNames().orElseThrow();
        assertThat(names).hasSize(map.columnCount());
        assertThat(map.primaryKey().stream().map(k -> names.get(k.column())).toList())
                .isEqualTo(map.table().equals("nopk") ? List.of() : List.of("id"));
        for (int c = 0; c < map.columnCount(); c++) {
            if (map.isCharacter(c) || map.isEnumOrSet(c)) {
                assertThat(map.collation(c)).as("collation of %s", names.get(c)).isPresent();
            }
        }
        if (map.table().equals("types")) {
            int ubi = names.indexOf("ubi");
            assertThat(map.isUnsigned(ubi)).isTrue();
            assertThat(map.isUnsigned(names.indexOf("bi"))).isFalse();
            assertThat(map.collation(names.indexOf("vcs")).getAsInt()).isEqualTo(8); // latin1_swedish_ci
            assertThat(map.collation(names.indexOf("vc")).getAsInt()).isEqualTo(45);
            assertThat(map.collation(names.indexOf("lb")).getAsInt()).isEqualTo(63);
            assertThat(map.enumOrSetValues(names.indexOf("en")).orElseThrow()).containsExactly("a", "b", "c");
            assertThat(map.enumOrSetValues(names.indexOf("stl")).orElseThrow()).hasSize(20);
            assertThat(map.realType(names.indexOf("enl"))).isEqualTo(ColumnType.ENUM);
            assertThat(map.realType(names.indexOf("st"))).isEqualTo(ColumnType.SET);
            assertThat(map.realType(names.indexOf("chl"))).isEqualTo(ColumnType.STRING);
            assertThat(map.optional().geometryTypes()).containsExactly(0, 1, 2);
        }
    }

    /** The events to replay: table maps and rows events (DML), or the DDL's QUERY event. */
    private static List<BinlogEvent> replayEvents(Txn t, FormatDescriptionEvent fde) {
        List<BinlogEvent> out = new ArrayList<>();
        for (BinlogEvent e : t.events()) {
            if (e.type() == EventType.TABLE_MAP || EventType.isRows(e.type())) {
                out.add(e);
            } else if ((e.type() == EventType.QUERY || e.type() == EventType.QUERY_COMPRESSED) && !t.isDml()) {
                out.add(e);
            }
        }
        return out;
    }

    private static List<BinlogEvent> decompressed(List<BinlogEvent> events, FormatDescriptionEvent fde) {
        return events.stream().map(e -> CompressedEvents.decompress(e, fde)).toList();
    }

    private static void apply(WireClient c, List<BinlogEvent> events) throws IOException {
        boolean dml = events.stream().anyMatch(e -> EventType.isRows(e.type()));
        if (dml) {
            ok(c.query("START TRANSACTION"));
        }
        ok(c.query(BinlogStatement.of(events)));
        if (dml) {
            ok(c.query("COMMIT"));
        }
    }

    private static BinlogEvent formatDescriptionEvent(List<BinlogEvent> events) {
        return events.stream().filter(e -> e.type() == EventType.FORMAT_DESCRIPTION).findFirst().orElseThrow();
    }

    private static Map<String, Long> checksums(MariaDbInstance m) throws Exception {
        Map<String, Long> out = new LinkedHashMap<>();
        try (Connection c = m.connect(); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("CHECKSUM TABLE " + String.join(", ", BinlogWorkload.TABLES) + " EXTENDED")) {
            while (rs.next()) {
                out.put(rs.getString(1), rs.getLong(2));
            }
        }
        return out;
    }

    private static OkPacket ok(Response r) {
        assertThat(r.tracker().summary().error()).as("error").isEmpty();
        return r.tracker().summary().lastOk().orElseThrow();
    }

    private static String queryString(WireClient c, String sql) throws IOException {
        return WireProtocolIT.single(c, sql);
    }

    private static String queryString(MariaDbInstance m, String sql) throws Exception {
        try (Connection c = m.connect(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getString(1);
        }
    }

    static long caps() {
        return Capabilities.DEFAULT_CLIENT;
    }

    static LoginRequest root() {
        return LoginRequest.of("root", Credential.password(""));
    }
}
