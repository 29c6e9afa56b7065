package com.wolfscale.proxy.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The conformance scenarios for the two JDBC drivers, MariaDB Connector/J and MySQL Connector/J, each with
 * server-side prepared statements (binary protocol) so both protocols are covered.
 */
class JdbcConformanceIT extends ConformanceSuite {

    enum Driver {
        MARIADB {
            @Override
            String url(Endpoint e) {
                return "jdbc:mariadb://" + e.address() + "/" + e.database() + "?useServerPrepStmts=true"
                        + "&allowLocalInfile=true&allowMultiQueries=true&connectTimeout=5000";
            }
        },
        MYSQL {
            @Override
            String url(Endpoint e) {
                return "jdbc:mysql://" + e.address() + "/" + e.database() + "?sslMode=DISABLED"
                        + "&allowPublicKeyRetrieval=true&useServerPrepStmts=true&allowLoadLocalInfile=true"
                        + "&allowMultiQueries=true&useCursorFetch=true&connectTimeout=5000&cacheServerConfiguration=false";
            }
        };

        abstract String url(Endpoint e);

        Connection connect(Endpoint e) throws SQLException {
            return DriverManager.getConnection(url(e), USER, PASSWORD);
        }
    }

    @ParameterizedTest
    @EnumSource(Driver.class)
    void typesUtf8mb4AndZeroDates(Driver driver) throws Exception {
        assertSameOnBoth(e -> {
            try (Connection c = driver.connect(e)) {
                return new JdbcObservation().run(c,
                        "SET SESSION sql_mode = ''",
                        "CREATE TABLE t (id INT PRIMARY KEY, s VARCHAR(40) CHARACTER SET utf8mb4, d DATETIME(6), "
                                + "dt DATE, tm TIME(3), dec_ DECIMAL(30,10), u BIGINT UNSIGNED, b BIT(12), j JSON, "
                                + "bl BLOB, f DOUBLE, e ENUM('x','y'), y YEAR, ts TIMESTAMP NULL)",
                        "INSERT INTO t VALUES (1, 'emoji 😀 中文 ñ', '0000-00-00 00:00:00', '0000-00-00', '-838:59:59.000',"
                                + " -12345678901234567890.0123456789, 18446744073709551615, b'101010101010',"
                                + " '{\"a\": [1, 2, {\"b\": null}]}', x'00ff10fe', 1.5e300, 'y', 2024, NULL)",
                        "INSERT INTO t (id, s) VALUES (2, NULL)",
                        "SELECT * FROM t ORDER BY id",
                        "SELECT HEX(s), CHAR_LENGTH(s), LENGTH(s) FROM t WHERE id = 1").toString()
                        + preparedSelect(c, "SELECT * FROM t WHERE id >= ? ORDER BY id", 1);
            }
        });
    }

    @ParameterizedTest
    @EnumSource(Driver.class)
    void generatedKeysBatchesWarningsAndErrors(Driver driver) throws Exception {
        assertSameOnBoth(e -> {
            try (Connection c = driver.connect(e)) {
                JdbcObservation o = new JdbcObservation().run(c,
                        "CREATE TABLE k (id INT PRIMARY KEY AUTO_INCREMENT, v VARCHAR(3) NOT NULL UNIQUE)",
                        "INSERT INTO k (v) VALUES ('a'), ('b'), ('c')",
                        "SET SESSION sql_mode = ''",
                        "INSERT INTO k (v) VALUES ('too long')",
                        "SHOW WARNINGS",
                        "SELECT 1/0",
                        "INSERT INTO k (v) VALUES ('a')",
                        "SELEC 1",
                        "SELECT * FROM no_such_table",
                        "SELECT no_such_column FROM k");
                try (Statement s = c.createStatement()) {
                    s.addBatch("INSERT INTO k (v) VALUES ('d')");
                    s.addBatch("UPDATE k SET v = CONCAT(v, '!') WHERE id < 3");
                    s.addBatch("DELETE FROM k WHERE v = 'zz'");
                    o.note("statement batch " + Arrays.toString(s.executeBatch()));
                }
                try (PreparedStatement ps = c.prepareStatement("INSERT INTO k (v) VALUES (?)",
                        Statement.RETURN_GENERATED_KEYS)) {
                    for (String v : new String[] {"e", "f", "g"}) {
                        ps.setString(1, v);
                        ps.addBatch();
                    }
                    o.note("prepared batch " + Arrays.toString(ps.executeBatch()));
                    try (ResultSet keys = ps.getGeneratedKeys()) {
                        o.rows(keys);
                    }
                    ps.setString(1, "a");
                    try {
                        ps.executeUpdate();
                    } catch (SQLException dup) {
                        o.error(dup);
                    }
                }
                return o.run(c, "SELECT * FROM k ORDER BY id", "SELECT LAST_INSERT_ID(), ROW_COUNT()").toString();
            }
        });
    }

    @ParameterizedTest
    @EnumSource(Driver.class)
    void transactionsAndStatusFlags(Driver driver) throws Exception {
        assertSameOnBoth(e -> {
            try (Connection c = driver.connect(e)) {
                JdbcObservation o = new JdbcObservation().run(c, "CREATE TABLE a (id INT PRIMARY KEY, n INT) ENGINE=InnoDB",
                        "INSERT INTO a VALUES (1, 0)");
                c.setAutoCommit(false);
                o.run(c, "UPDATE a SET n = n + 1", "SELECT n FROM a FOR UPDATE");
                c.rollback();
                o.run(c, "SELECT n FROM a");
                o.run(c, "UPDATE a SET n = 10");
                c.commit();
                c.setAutoCommit(true);
                o.run(c, "START TRANSACTION READ ONLY", "SELECT n FROM a", "COMMIT",
                        "BEGIN", "INSERT INTO a VALUES (2, 2)", "SAVEPOINT s1", "INSERT INTO a VALUES (3, 3)",
                        "ROLLBACK TO SAVEPOINT s1", "COMMIT", "SELECT * FROM a ORDER BY id");
                return o.toString();
            }
        });
    }

    @ParameterizedTest
    @EnumSource(Driver.class)
    void storedProceduresAndMultiStatements(Driver driver) throws Exception {
        assertSameOnBoth(e -> {
            try (Connection c = driver.connect(e)) {
                JdbcObservation o = new JdbcObservation().run(c,
                        "CREATE TABLE m (id INT PRIMARY KEY)",
                        "CREATE PROCEDURE two(IN x INT, OUT y INT) BEGIN SELECT x AS first; "
                                + "SELECT x + 1 AS second, 'b' AS other; SET y = x * 2; END",
                        "INSERT INTO m VALUES (1); INSERT INTO m VALUES (2); SELECT * FROM m; UPDATE m SET id = id + 10",
                        "SELECT 1; SELECT * FROM no_table; SELECT 2");
                o.run(c, "CALL two(20, @y)", "SELECT @y");
                try (PreparedStatement ps = c.prepareStatement("CALL two(?, @z)")) {
                    ps.setInt(1, 7);
                    o.results(ps, ps.execute());
                }
                o.run(c, "SELECT @z");
                return o.run(c, "SELECT * FROM m ORDER BY id").toString();
            }
        });
    }

    @ParameterizedTest
    @EnumSource(Driver.class)
    void preparedStatementsNullsBlobsAndCursors(Driver driver) throws Exception {
        assertSameOnBoth(e -> {
            try (Connection c = driver.connect(e)) {
                JdbcObservation o = new JdbcObservation().run(c,
                        "CREATE TABLE p (id INT PRIMARY KEY, s VARCHAR(20), b LONGBLOB, n INT)");
                try (PreparedStatement ps = c.prepareStatement("INSERT INTO p VALUES (?, ?, ?, ?)")) {
                    for (int i = 1; i <= 30; i++) {
                        ps.setInt(1, i);
                        if (i % 3 == 0) {
                            ps.setNull(2, Types.VARCHAR);
                        } else {
                            ps.setString(2, "row " + i);
                        }
                        if (i % 2 == 0) {
                            ps.setBinaryStream(3, new java.io.ByteArrayInputStream(new byte[i * 1000]), i * 1000);
                        } else {
                            ps.setBytes(3, ("bytes" + i).getBytes(StandardCharsets.UTF_8));
                        }
                        if (i % 5 == 0) {
                            ps.setString(4, Integer.toString(i)); // another type for the same parameter
                        } else {
                            ps.setInt(4, i);
                        }
                        o.note("insert " + ps.executeUpdate());
                    }
                }
                try (PreparedStatement ps = c.prepareStatement("SELECT id, s, LENGTH(b), n FROM p WHERE id > ? ORDER BY id")) {
                    ps.setFetchSize(7); // MySQL Connector/J with useCursorFetch: COM_STMT_FETCH
                    ps.setInt(1, 3);
                    try (ResultSet rs = ps.executeQuery()) {
                        o.resultSet(rs);
                    }
                    ps.setInt(1, 25);
                    try (ResultSet rs = ps.executeQuery()) {
                        o.resultSet(rs);
                    }
                }
                try (PreparedStatement ps = c.prepareStatement("SELECT * FROM nope WHERE x = ?")) {
                    o.note("prepared a bad statement");
                } catch (SQLException bad) {
                    o.error(bad);
                }
                return o.toString();
            }
        });
    }

    @ParameterizedTest
    @EnumSource(Driver.class)
    void twentyMebibyteStatementsAndRows(Driver driver) throws Exception {
        String big = "x".repeat(20 << 20);
        assertSameOnBoth(e -> {
            try (Connection c = driver.connect(e)) {
                JdbcObservation o = new JdbcObservation().run(c, "CREATE TABLE big (id INT PRIMARY KEY, v LONGTEXT)",
                        "INSERT INTO big VALUES (1, '" + big + "')",
                        "SET @x = '" + big + "'",
                        "SELECT LENGTH(@x), MD5(@x)",
                        "SELECT id, v FROM big",
                        "SELECT CONCAT(v, 'tail'), id FROM big");
                try (PreparedStatement ps = c.prepareStatement("INSERT INTO big VALUES (?, ?)")) {
                    ps.setInt(1, 2);
                    ps.setString(2, big + "2");
                    o.note("insert " + ps.executeUpdate());
                }
                try (PreparedStatement ps = c.prepareStatement("SELECT v FROM big WHERE id = ?")) {
                    ps.setInt(1, 2);
                    try (ResultSet rs = ps.executeQuery()) {
                        o.resultSet(rs);
                    }
                }
                return o.toString();
            }
        });
    }

    @ParameterizedTest
    @EnumSource(Driver.class)
    void killQueryThroughCancel(Driver driver) throws Exception {
        assertSameOnBoth(e -> {
            try (Connection c = driver.connect(e); Statement s = c.createStatement()) {
                CompletableFuture<String> outcome = CompletableFuture.supplyAsync(() -> {
                    try (ResultSet rs = s.executeQuery("SELECT SLEEP(20)")) {
                        rs.next();
                        return "sleep returned " + rs.getInt(1);
                    } catch (SQLException ex) {
                        // MySQL Connector/J reports its own cancel (code 0) when its cancel thread marked the
                        // statement before the server's 1317 arrived, else the 1317: a race in the driver
                        boolean cancelled = ex.getErrorCode() == 1317
                                || ex.getClass().getSimpleName().equals("MySQLStatementCancelledException");
                        return cancelled ? "cancelled (1317 or the driver's own)" : "error " + ex.getErrorCode()
                                + " " + ex.getSQLState();
                    }
                });
                Thread.sleep(700);
                s.cancel(); // the driver connects again and sends KILL QUERY <connection id from the greeting>
                String result = outcome.get(10, TimeUnit.SECONDS);
                return result + "\n" + new JdbcObservation().run(c, "SELECT 'still usable'");
            }
        });
    }

    @ParameterizedTest
    @EnumSource(Driver.class)
    void loadDataLocalInfile(Driver driver) throws Exception {
        Path file = Files.createTempFile("infile", ".csv");
        StringBuilder csv = new StringBuilder();
        for (int i = 0; i < 5000; i++) {
            csv.append(i).append(",name ").append(i).append(" ü\n");
        }
        Files.writeString(file, csv);
        try {
            assertSameOnBoth(e -> {
                try (Connection c = driver.connect(e)) {
                    return new JdbcObservation().run(c, "CREATE TABLE l (id INT PRIMARY KEY, name VARCHAR(40))",
                            "LOAD DATA LOCAL INFILE '" + file + "' INTO TABLE l FIELDS TERMINATED BY ','",
                            "SELECT COUNT(*), SUM(id), MAX(name) FROM l",
                            "LOAD DATA LOCAL INFILE '/no/such/file' INTO TABLE l").toString();
                }
            });
        } finally {
            Files.delete(file);
        }
    }

    @ParameterizedTest
    @EnumSource(Driver.class)
    void metadataAndSessionCommands(Driver driver) throws Exception {
        String observed = assertSameOnBoth(e -> {
            try (Connection c = driver.connect(e)) {
                JdbcObservation o = new JdbcObservation().run(c, "CREATE TABLE md (id INT PRIMARY KEY, v VARCHAR(5))",
                        "SET NAMES utf8mb4", "SET @u = 'user var'", "SELECT @u, @@session.sql_mode IS NOT NULL",
                        "USE information_schema", "SELECT DATABASE()", "USE " + e.database(), "SELECT DATABASE()");
                try (ResultSet rs = c.getMetaData().getColumns(e.database(), null, "md", null)) {
                    o.note("getColumns:");
                    o.rows(rs);
                }
                c.setCatalog("mysql");
                o.run(c, "SELECT DATABASE()");
                return o.toString();
            }
        });
        assertThat(observed).contains("user var");
    }

    private static String preparedSelect(Connection c, String sql, int param) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setInt(1, param);
            try (ResultSet rs = ps.executeQuery()) {
                return new JdbcObservation().resultSet(rs).toString();
            }
        }
    }
}
