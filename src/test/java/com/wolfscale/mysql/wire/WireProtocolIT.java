package com.wolfscale.mysql.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.wolfscale.mysql.Capabilities;
import com.wolfscale.mysql.Command;
import com.wolfscale.mysql.ServerStatus;
import com.wolfscale.mysql.auth.NativePassword;
import com.wolfscale.mysql.client.Credential;
import com.wolfscale.mysql.client.LoginFailedException;
import com.wolfscale.mysql.client.LoginRequest;
import com.wolfscale.mysql.packet.ErrPacket;
import com.wolfscale.mysql.wire.Results.Result;
import com.wolfscale.mysql.wire.WireClient.Mode;
import com.wolfscale.mysql.wire.WireClient.Response;
import com.wolfscale.sandbox.MariaDbInstance;
import com.wolfscale.testkit.MariaDbServers;
import java.io.IOException;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The codec against a real MariaDB: logins, text queries (multi-statements, stored procedures, errors) with
 * and without CLIENT_DEPRECATE_EOF and in both reading modes. Every response is delimited by the
 * {@link com.wolfscale.mysql.response.ResponseTracker} alone; a marker query after each checks that the
 * connection is still in step.
 */
class WireProtocolIT {

    @RegisterExtension
    static final MariaDbServers DB = MariaDbServers.of(1);

    static final String ALICE_PASSWORD = "s3cret-✓";

    @BeforeAll
    static void schema() throws Exception {
        DB.get(0).execute(
                "CREATE DATABASE wire",
                "CREATE TABLE wire.items (id INT PRIMARY KEY, name VARCHAR(40), price DECIMAL(10,2))",
                "INSERT INTO wire.items VALUES (1,'one',1.10),(2,'two',NULL),(3,'three',3.30),(4,NULL,4.40)",
                "CREATE TABLE wire.log (id INT AUTO_INCREMENT PRIMARY KEY, v VARCHAR(40))",
                "CREATE PROCEDURE wire.two_results() BEGIN SELECT id FROM wire.items ORDER BY id LIMIT 2; "
                        + "SELECT 'b' AS x, 2 AS y; END",
                "CREATE USER 'alice'@'%' IDENTIFIED BY '" + ALICE_PASSWORD + "'",
                "GRANT ALL ON wire.* TO 'alice'@'%'");
    }

    static WireClient connect(Mode mode, long extraCaps, long removedCaps) throws IOException {
        return connect(DB.get(0), mode, extraCaps, removedCaps);
    }

    static WireClient connect(MariaDbInstance m, Mode mode, long extraCaps, long removedCaps) throws IOException {
        long caps = (Capabilities.DEFAULT_CLIENT | extraCaps) & ~removedCaps;
        return WireClient.connect(m.host(), m.port(),
                LoginRequest.of("root", Credential.password("")).withCapabilities(caps), mode);
    }

    @Test
    void logsInWithAPasswordAsTheAccountItself() throws Exception {
        MariaDbInstance m = DB.get(0);
        LoginRequest req = LoginRequest.of("alice", Credential.password(ALICE_PASSWORD)).withDatabase("wire")
                .withAttributes(java.util.Map.of("_client_name", "wolfscale-test"));
        try (WireClient c = WireClient.connect(m.host(), m.port(), req, Mode.RAW)) {
            assertThat(c.login().serverVersion()).startsWith("10.11");
            assertThat(c.login().handshake().serverVersion()).startsWith("5.5.5-");
            assertThat(c.login().handshake().isMariaDb()).isTrue();
            assertThat(c.login().authPlugin()).isEqualTo(NativePassword.PLUGIN);
            assertThat(c.login().connectionId()).isPositive();
            assertThat(single(c, "SELECT CONCAT(CURRENT_USER(), '/', DATABASE(), '/', CONNECTION_ID())"))
                    .isEqualTo("alice@%/wire/" + c.login().connectionId());
        }
    }

    @Test
    void aWrongPasswordGivesTheServersAccessDeniedError() {
        MariaDbInstance m = DB.get(0);
        assertThatThrownBy(() -> WireClient.connect(m.host(), m.port(),
                LoginRequest.of("alice", Credential.password("wrong")), Mode.RAW).close())
                .isInstanceOfSatisfying(LoginFailedException.class, e -> {
                    ErrPacket err = e.error().orElseThrow();
                    assertThat(err.errorCode()).isEqualTo(1045);
                    assertThat(err.sqlState()).isEqualTo("28000");
                    assertThat(err.message()).contains("Access denied for user 'alice'");
                });
    }

    @Test
    void logsInWithSha1OfThePasswordRecoveredFromAClientTokenAsAProxyWould() throws Exception {
        MariaDbInstance m = DB.get(0);
        String stored;
        try (Connection c = m.connect(); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT authentication_string FROM mysql.user WHERE user = 'alice'")) {
            rs.next();
            stored = rs.getString(1);
        }
        byte[] stage2 = NativePassword.parseStoredHash(stored);
        byte[] proxySeed = new com.wolfscale.mysql.auth.AuthSeed(new java.util.Random(7)).next();
        byte[] clientToken = NativePassword.scramble(ALICE_PASSWORD, proxySeed);
        byte[] stage1 = NativePassword.verify(clientToken, proxySeed, stage2).orElseThrow();
        assertThat(NativePassword.verify(NativePassword.scramble("nope", proxySeed), proxySeed, stage2)).isEmpty();

        try (WireClient c = WireClient.connect(m.host(), m.port(),
                LoginRequest.of("alice", Credential.nativeStage1(stage1)), Mode.LOGICAL)) {
            assertThat(single(c, "SELECT CURRENT_USER()")).isEqualTo("alice@%");
        }
    }

    static Stream<Arguments> readingModes() {
        return Stream.of(Arguments.of(Mode.RAW, true), Arguments.of(Mode.RAW, false),
                Arguments.of(Mode.LOGICAL, true), Arguments.of(Mode.LOGICAL, false));
    }

    @ParameterizedTest(name = "{0}, deprecateEof={1}")
    @MethodSource("readingModes")
    void textResultsMultiStatementsProceduresAndErrorsStayInStep(Mode mode, boolean deprecateEof) throws Exception {
        try (WireClient c = connect(mode, Capabilities.CLIENT_MULTI_STATEMENTS,
                deprecateEof ? 0 : Capabilities.CLIENT_DEPRECATE_EOF)) {
            assertThat(Capabilities.has(c.capabilities(), Capabilities.CLIENT_DEPRECATE_EOF)).isEqualTo(deprecateEof);

            Response r = c.query("SELECT id, name, price FROM wire.items ORDER BY id");
            List<Result> results = decode(c, r);
            assertThat(results).hasSize(1);
            assertThat(results.get(0).rows()).containsExactly(List.of("1", "one", "1.10"),
                    java.util.Arrays.asList("2", "two", null), List.of("3", "three", "3.30"),
                    java.util.Arrays.asList("4", null, "4.40"));
            assertThat(r.tracker().summary().rows()).isEqualTo(4);
            assertThat(r.tracker().summary().resultSets()).isEqualTo(1);
            assertInStep(c);

            r = c.query("SELECT id FROM wire.items WHERE id < 0");
            assertThat(decode(c, r).get(0).rows()).isEmpty();
            assertInStep(c);

            r = c.query("SELECT 1 AS one; SELECT 'two', 2; INSERT INTO wire.log (v) VALUES ('m'); SELECT 4");
            results = decode(c, r);
            assertThat(results).extracting(Result::isResultSet).containsExactly(true, true, false, true);
            assertThat(results.get(2).ok().affectedRows()).isEqualTo(1);
            assertThat(results.get(2).ok().lastInsertId()).isPositive();
            assertThat(r.tracker().summary().resultSets()).isEqualTo(3);
            assertThat(ServerStatus.has(r.tracker().summary().statusFlags(), ServerStatus.MORE_RESULTS_EXISTS)).isFalse();
            assertInStep(c);

            r = c.query("CALL wire.two_results()");
            results = decode(c, r);
            assertThat(results).extracting(Result::isResultSet).containsExactly(true, true, false);
            assertThat(results.get(0).rows()).containsExactly(List.of("1"), List.of("2"));
            assertThat(results.get(1).rows()).containsExactly(List.of("b", "2"));
            assertThat(r.tracker().summary().lastOk()).isPresent();
            assertInStep(c);

            r = c.query("SELECT 1; SELECT * FROM wire.no_such_table; SELECT 3");
            results = decode(c, r);
            assertThat(results).hasSize(2);
            ErrPacket err = r.tracker().summary().error().orElseThrow();
            assertThat(err.errorCode()).isEqualTo(1146);
            assertThat(err.sqlState()).isEqualTo("42S02");
            assertThat(err.message()).isEqualTo("Table 'wire.no_such_table' doesn't exist");
            assertInStep(c);

            r = c.query("SELEC oops");
            assertThat(r.tracker().summary().error().orElseThrow().errorCode()).isEqualTo(1064);
            assertThat(r.packets()).hasSize(1);
            assertInStep(c);

            r = c.query("BEGIN");
            assertThat(ServerStatus.has(r.tracker().summary().statusFlags(), ServerStatus.IN_TRANS)).isTrue();
            r = c.query("COMMIT");
            assertThat(ServerStatus.has(r.tracker().summary().statusFlags(), ServerStatus.IN_TRANS)).isFalse();
            assertInStep(c);
        }
    }

    static List<Result> decode(WireClient c, Response r) {
        return Results.decode(r.packets(), c.capabilities(), false);
    }

    /** A marker query: if the previous response was cut short or overran, this one reads the wrong packets. */
    static void assertInStep(WireClient c) throws IOException {
        String marker = "in-step-" + System.nanoTime();
        assertThat(single(c, "SELECT '" + marker + "'")).isEqualTo(marker);
        assertThat(c.available()).as("bytes left after the marker's response").isZero();
    }

    static String single(WireClient c, String sql) throws IOException {
        Response r = c.query(sql);
        assertThat(r.tracker().summary().error()).as("error for %s", sql).isEmpty();
        List<Result> results = Results.decode(r.packets(), c.capabilities(), false);
        assertThat(results).hasSize(1);
        return results.get(0).rows().isEmpty() ? null : results.get(0).rows().get(0).get(0);
    }

    @Test
    void commandsWithOtherResponseShapes() throws Exception {
        try (WireClient c = connect(Mode.RAW, 0, 0)) {
            assertThat(c.command(new byte[] {(byte) Command.COM_PING}).tracker().summary().lastOk()).isPresent();
            Response stats = c.command(new byte[] {(byte) Command.COM_STATISTICS});
            assertThat(new String(stats.packets().get(0))).startsWith("Uptime:");
            Response init = c.command(new com.wolfscale.mysql.packet.ComInitDb("wire").encode());
            assertThat(init.tracker().summary().lastOk()).isPresent();
            Response fields = c.command(new com.wolfscale.mysql.packet.ComFieldList("items", "").encode());
            assertThat(fields.packets()).hasSize(4); // three definitions and the terminator
            assertThat(com.wolfscale.mysql.packet.ColumnDefinition41.decode(fields.packets().get(0), c.capabilities())
                    .column()).isEqualTo("id");
            Response badInit = c.command(new com.wolfscale.mysql.packet.ComInitDb("no_such_db").encode());
            assertThat(badInit.tracker().summary().error().orElseThrow().errorCode()).isEqualTo(1049);
            Response option = c.command(new byte[] {(byte) Command.COM_SET_OPTION, 0, 0}); // multi-statements on
            assertThat(option.tracker().summary().error()).isEmpty();
            Response reset = c.command(new byte[] {(byte) Command.COM_RESET_CONNECTION});
            assertThat(reset.tracker().summary().lastOk()).isPresent();
            assertInStep(c);
        }
    }
}
