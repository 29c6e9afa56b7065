package com.wolfscale.mysql.wire;

import static org.assertj.core.api.Assertions.assertThat;

import com.wolfscale.mysql.Capabilities;
import com.wolfscale.mysql.ColumnType;
import com.wolfscale.mysql.Command;
import com.wolfscale.mysql.PayloadWriter;
import com.wolfscale.mysql.ServerStatus;
import com.wolfscale.mysql.auth.NativePassword;
import com.wolfscale.mysql.packet.ComChangeUser;
import com.wolfscale.mysql.packet.ComStmtClose;
import com.wolfscale.mysql.packet.ComStmtExecute;
import com.wolfscale.mysql.packet.ComStmtFetch;
import com.wolfscale.mysql.packet.ComStmtPrepare;
import com.wolfscale.mysql.packet.ComStmtPrepareOk;
import com.wolfscale.mysql.packet.OkPacket;
import com.wolfscale.mysql.wire.Results.Result;
import com.wolfscale.mysql.wire.WireClient.Mode;
import com.wolfscale.mysql.wire.WireClient.Response;
import com.wolfscale.testkit.MariaDbServers;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Prepared statements, payloads of 16 MiB and more, LOCAL INFILE, session tracking and COM_CHANGE_USER
 * against a real MariaDB, each response delimited by the tracker alone.
 */
class WireStatementsIT {

    @RegisterExtension
    static final MariaDbServers DB = MariaDbServers.of(1);

    @BeforeAll
    static void schema() throws Exception {
        DB.get(0).execute(
                "CREATE DATABASE wire",
                "CREATE TABLE wire.items (id INT PRIMARY KEY, name VARCHAR(40))",
                "INSERT INTO wire.items VALUES (1,'one'),(2,'two'),(3,'three'),(4,NULL),(5,'five')",
                "CREATE TABLE wire.log (id INT AUTO_INCREMENT PRIMARY KEY, v VARCHAR(40))",
                "CREATE TABLE wire.csv (a INT, b VARCHAR(20))",
                "CREATE PROCEDURE wire.two_results() BEGIN SELECT 1 AS a; SELECT 2 AS b; END",
                "CREATE USER 'bob'@'%' IDENTIFIED BY 'bob-pw'", "GRANT SELECT ON wire.* TO 'bob'@'%'");
    }

    private static WireClient connect(boolean deprecateEof, long extra) throws Exception {
        return WireProtocolIT.connect(DB.get(0), Mode.RAW, extra, deprecateEof ? 0 : Capabilities.CLIENT_DEPRECATE_EOF);
    }

    @ParameterizedTest(name = "deprecateEof={0}")
    @ValueSource(booleans = {true, false})
    void preparedStatementsWithParametersNullsCursorsAndLastPreparedId(boolean deprecateEof) throws Exception {
        try (WireClient c = connect(deprecateEof, 0)) {
            Response prep = c.command(new ComStmtPrepare(
                    "SELECT id, name, ? AS p, ? AS q FROM wire.items WHERE id >= ? ORDER BY id").encode());
            ComStmtPrepareOk ok = prep.tracker().summary().prepareOk().orElseThrow();
            assertThat(ok.paramCount()).isEqualTo(3);
            assertThat(ok.columnCount()).isEqualTo(4);
            assertThat(prep.packets()).hasSize(1 + 3 + 4 + (deprecateEof ? 0 : 2));

            byte[] types = {(byte) ColumnType.VAR_STRING, 0, (byte) ColumnType.LONGLONG, 0,
                (byte) ColumnType.LONGLONG, 0};
            byte[] values = new PayloadWriter().lenencString("hello").u64(3).toByteArray();
            ComStmtExecute exec = new ComStmtExecute(ok.statementId(), 0, 1, 3, new byte[] {0b010}, types, values);
            List<Result> rows = binary(c, c.command(exec.encode()));
            assertThat(rows.get(0).rows()).containsExactly(Arrays.asList("3", "three", "hello", null),
                    Arrays.asList("4", null, "hello", null), Arrays.asList("5", "five", "hello", null));

            // types are remembered by the server: a second execution may omit them
            byte[] values2 = new PayloadWriter().lenencString("again").u64(5).toByteArray();
            ComStmtExecute noTypes = new ComStmtExecute(ok.statementId(), 0, 1, 3, new byte[] {0b010}, null, values2);
            assertThat(binary(c, c.command(noTypes.encode())).get(0).rows())
                    .containsExactly(Arrays.asList("5", "five", "again", null));

            // 0xFFFFFFFF, the statement prepared last on this connection: MariaDB 10.11 refuses it without
            // types (1835 malformed packet), so a relay must splice the remembered ones back in
            byte[] lastPrepared = noTypes.withStatementId(ComStmtExecute.LAST_PREPARED).encode();
            assertThat(c.command(lastPrepared).tracker().summary().error().orElseThrow().errorCode()).isEqualTo(1835);
            byte[] spliced = ComStmtExecute.withTypes(lastPrepared, 3, types);
            assertThat(binary(c, c.command(spliced)).get(0).rows()).hasSize(1);
            byte[] renamed = noTypes.encode();
            ComStmtExecute.rewriteStatementId(renamed, ComStmtExecute.LAST_PREPARED);
            assertThat(ComStmtExecute.statementIdOf(ComStmtExecute.withTypes(renamed, 3, types)))
                    .isEqualTo(ComStmtExecute.LAST_PREPARED);

            // a cursor: the execute response ends after the definitions; rows come with COM_STMT_FETCH
            ComStmtExecute cursor = new ComStmtExecute(ok.statementId(), ComStmtExecute.CURSOR_TYPE_READ_ONLY, 1, 3,
                    new byte[] {0b010}, null, new PayloadWriter().lenencString("c").u64(1).toByteArray());
            Response opened = c.command(cursor.encode());
            assertThat(ServerStatus.has(opened.tracker().summary().statusFlags(), ServerStatus.CURSOR_EXISTS)).isTrue();
            assertThat(opened.tracker().summary().rows()).isZero();
            long fetched = 0;
            int status = opened.tracker().summary().statusFlags();
            while (!ServerStatus.has(status, ServerStatus.LAST_ROW_SENT)) {
                Response f = c.command(new ComStmtFetch(ok.statementId(), 2).encode());
                assertThat(f.tracker().summary().error()).isEmpty();
                fetched += f.tracker().summary().rows();
                status = f.tracker().summary().statusFlags();
            }
            assertThat(fetched).isEqualTo(5);

            assertThat(c.command(new byte[] {(byte) Command.COM_STMT_RESET, (byte) ok.statementId(), 0, 0, 0})
                    .tracker().summary().lastOk()).isPresent();
            byte[] longData = new PayloadWriter().u8(Command.COM_STMT_SEND_LONG_DATA).u32(ok.statementId()).u16(0)
                    .string("long").toByteArray();
            c.send(longData); // no response
            c.send(new ComStmtClose(ok.statementId()).encode()); // no response
            Response closed = c.command(exec.encode());
            assertThat(closed.tracker().summary().error().orElseThrow().errorCode()).isEqualTo(1243);
            WireProtocolIT.assertInStep(c);

            Response bad = c.command(new ComStmtPrepare("SELECT FROM WHERE").encode());
            assertThat(bad.tracker().summary().error().orElseThrow().errorCode()).isEqualTo(1064);
            Response none = c.command(new ComStmtPrepare("DO 1").encode());
            assertThat(none.packets()).hasSize(1);

            Response call = c.command(new ComStmtPrepare("CALL wire.two_results()").encode());
            long callId = call.tracker().summary().prepareOk().orElseThrow().statementId();
            Response results = c.command(new ComStmtExecute(callId, 0, 1, 0, new byte[0], null, new byte[0]).encode());
            assertThat(results.tracker().summary().resultSets()).isEqualTo(2);
            assertThat(results.tracker().summary().lastOk()).isPresent();
            WireProtocolIT.assertInStep(c);
        }
    }

    private static List<Result> binary(WireClient c, Response r) {
        assertThat(r.tracker().summary().error()).isEmpty();
        return Results.decode(r.packets(), c.capabilities(), true);
    }

    @ParameterizedTest(name = "deprecateEof={0}")
    @ValueSource(booleans = {true, false})
    void rowsOf16MiBAndMoreIncludingOneStartingWith0xFE(boolean deprecateEof) throws Exception {
        try (WireClient c = connect(deprecateEof, 0)) {
            // exactly 0xFFFFFF payload bytes: 4-byte lenenc prefix + 16777211 bytes, then an empty packet
            Response exact = c.query("SELECT REPEAT('a', 16777211)");
            byte[] row = exact.packets().get(exact.packets().size() - 2);
            assertThat(row.length).isEqualTo(0xFFFFFF);
            assertThat(exact.tracker().summary().rows()).isEqualTo(1);
            // 2^24 bytes: the row's length prefix is 0xFE, like an EOF/OK header
            Response big = c.query("SELECT REPEAT('b', 16777216), 'tail'");
            List<Result> results = Results.decode(big.packets(), c.capabilities(), false);
            byte[] bigRow = big.packets().get(big.packets().size() - 2);
            assertThat(bigRow[0] & 0xFF).isEqualTo(0xFE);
            assertThat(results.get(0).rows().get(0).get(0)).hasSize(16777216);
            assertThat(results.get(0).rows().get(0).get(1)).isEqualTo("tail");
            assertThat(big.tracker().summary().rows()).isEqualTo(1);
            WireProtocolIT.assertInStep(c);

            // a 20 MiB command: split by the writer into 0xFFFFFF pieces
            String value = "x".repeat(20 * 1024 * 1024);
            Response set = c.query("SET @x = '" + value + "'");
            assertThat(set.tracker().summary().error()).isEmpty();
            assertThat(WireProtocolIT.single(c, "SELECT LENGTH(@x)")).isEqualTo(Integer.toString(value.length()));
        }
    }

    @ParameterizedTest(name = "deprecateEof={0}")
    @ValueSource(booleans = {true, false})
    void localInfileRequestIsAnsweredAndTheFinalOkFollows(boolean deprecateEof) throws Exception {
        try (WireClient c = connect(deprecateEof, Capabilities.CLIENT_LOCAL_FILES | Capabilities.CLIENT_MULTI_STATEMENTS)) {
            StringBuilder csv = new StringBuilder();
            for (int i = 0; i < 5000; i++) {
                csv.append(i).append(",row-").append(i).append('\n');
            }
            c.setInfileContent(csv.toString().getBytes(StandardCharsets.UTF_8), 7000);
            Response r = c.query("LOAD DATA LOCAL INFILE 'rows.csv' INTO TABLE wire.csv FIELDS TERMINATED BY ','; "
                    + "SELECT COUNT(*) FROM wire.csv");
            assertThat(r.tracker().summary().infileName()).contains("rows.csv");
            assertThat(r.tracker().summary().oks().get(0).affectedRows()).isEqualTo(5000);
            List<Result> results = Results.decode(r.packets().subList(2, r.packets().size()), c.capabilities(), false);
            assertThat(results.get(0).rows().get(0).get(0)).isEqualTo("5000");
            WireProtocolIT.assertInStep(c);
            c.query("TRUNCATE wire.csv");
        }
    }

    @ParameterizedTest(name = "deprecateEof={0}")
    @ValueSource(booleans = {true, false})
    void sessionTrackingReportsLastGtidAndSchema(boolean deprecateEof) throws Exception {
        try (WireClient c = connect(deprecateEof, 0)) {
            Response set = c.query("SET SESSION session_track_system_variables = 'last_gtid'");
            assertThat(set.tracker().summary().error()).isEmpty();
            OkPacket insert = c.query("INSERT INTO wire.log (v) VALUES ('tracked')").tracker().summary().lastOk().orElseThrow();
            assertThat(ServerStatus.has(insert.statusFlags(), ServerStatus.SESSION_STATE_CHANGED)).isTrue();
            String gtid = insert.lastGtid().orElseThrow();
            assertThat(gtid).matches("0-\\d+-\\d+");
            assertThat(WireProtocolIT.single(c, "SELECT @@last_gtid")).isEqualTo(gtid);
            assertThat(insert.lastInsertId()).isPositive();
            OkPacket use = c.command(new com.wolfscale.mysql.packet.ComInitDb("wire").encode()).tracker().summary().lastOk()
                    .orElseThrow();
            assertThat(use.schema()).contains("wire");
        }
    }

    @ParameterizedTest(name = "deprecateEof={0}")
    @ValueSource(booleans = {true, false})
    void changeUserReauthenticatesAndFollowsAnAuthSwitch(boolean deprecateEof) throws Exception {
        try (WireClient c = connect(deprecateEof, 0)) {
            c.setChangeUserPassword("bob-pw");
            byte[] seed = c.login().handshake().seed();
            ComChangeUser change = new ComChangeUser("bob", NativePassword.scramble("bob-pw", seed), "wire",
                    45, NativePassword.PLUGIN, Map.of());
            Response r = c.command(change.encode(c.capabilities()));
            assertThat(r.tracker().summary().error()).isEmpty();
            assertThat(r.packets().get(0)[0] & 0xFF).as("MariaDB answers with an auth switch").isEqualTo(0xFE);
            assertThat(WireProtocolIT.single(c, "SELECT CURRENT_USER()")).isEqualTo("bob@%");
            c.setChangeUserPassword("nope");
            ComChangeUser wrong = new ComChangeUser("bob", NativePassword.scramble("nope", seed), "", 45,
                    NativePassword.PLUGIN, Map.of());
            assertThat(c.command(wrong.encode(c.capabilities())).tracker().summary().error().orElseThrow().errorCode())
                    .isEqualTo(1045);
        }
    }
}
