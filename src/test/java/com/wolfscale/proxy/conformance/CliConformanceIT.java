package com.wolfscale.proxy.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The conformance scenarios for the {@code mariadb} command-line client (MariaDB Connector/C, which does not
 * use CLIENT_DEPRECATE_EOF, so the classic EOF path is covered) and for restoring a {@code mariadb-dump} file
 * through the proxy and dumping it back through the proxy.
 */
class CliConformanceIT extends ConformanceSuite {

    private static final String SCRIPT = """
            SET SESSION sql_mode = '';
            CREATE TABLE t (id INT PRIMARY KEY AUTO_INCREMENT, s VARCHAR(40) CHARACTER SET utf8mb4, d DATETIME, x BLOB);
            INSERT INTO t (s, d, x) VALUES ('emoji 😀 中文', '0000-00-00 00:00:00', x'00ff'), (NULL, '2024-02-29 12:00:00', NULL);
            SELECT * FROM t;
            SELECT LAST_INSERT_ID(), ROW_COUNT();
            INSERT INTO t (s) VALUES (REPEAT('y', 50));
            SELECT 1; SELECT 2 AS two;
            SELECT * FROM missing;
            DELIMITER //
            CREATE PROCEDURE twice() BEGIN SELECT 'first' AS r; SELECT 'second' AS r, 2 AS n; END//
            DELIMITER ;
            CALL twice();
            LOAD DATA LOCAL INFILE '@FILE@' INTO TABLE t FIELDS TERMINATED BY ',' (id, s);
            SELECT COUNT(*), SUM(id) FROM t;
            BEGIN; UPDATE t SET s = 'changed' WHERE id = 1; ROLLBACK;
            SELECT s FROM t WHERE id = 1;
            SHOW WARNINGS;
            SELECT @@autocommit, DATABASE();
            """;

    @Test
    void scriptWithResultsWarningsErrorsProceduresAndLocalInfile() throws Exception {
        Path file = Files.createTempFile("cli", ".csv");
        Files.writeString(file, "100,from file\n101,also ü\n");
        try {
            String observed = assertSameOnBoth(e -> mariadb(e, e.database(), SCRIPT.replace("@FILE@", file.toString())));
            assertThat(observed).contains("emoji 😀 中文").contains("second").contains("ERROR 1146 (42S02)");
        } finally {
            Files.delete(file);
        }
    }

    @Test
    void dumpRestoredThroughTheProxyAndDumpedBack() throws Exception {
        DB.get(0).execute("CREATE DATABASE IF NOT EXISTS dump_source",
                "CREATE TABLE dump_source.items (id INT PRIMARY KEY, name VARCHAR(50) CHARACTER SET utf8mb4, "
                        + "price DECIMAL(10,2), made DATETIME, data LONGBLOB, INDEX (name))",
                "INSERT INTO dump_source.items SELECT seq, CONCAT('item ', seq, ' ✓'), seq * 1.25, "
                        + "'2024-01-01 00:00:00' + INTERVAL seq MINUTE, REPEAT(CHAR(seq % 256), seq * 10) "
                        + "FROM dump_source.seq_1_to_3000",
                "CREATE TABLE dump_source.log (n BIGINT AUTO_INCREMENT PRIMARY KEY, item INT)",
                "CREATE TRIGGER dump_source.after_item AFTER INSERT ON dump_source.items FOR EACH ROW "
                        + "INSERT INTO dump_source.log (item) VALUES (NEW.id)",
                "CREATE VIEW dump_source.cheap AS SELECT id, name FROM dump_source.items WHERE price < 10");
        Path dump = Files.createTempFile("dump", ".sql");
        try {
            run(List.of("mariadb-dump", "--skip-ssl", "-h", "127.0.0.1", "-P", Integer.toString(DB.get(0).port()),
                    "-u", USER, "-p" + PASSWORD, "--skip-dump-date", "--routines", "--triggers", "dump_source"),
                    null, dump);
            assertThat(Files.size(dump)).isGreaterThan(100_000);
            String observed = assertSameOnBoth(e -> mariadb(e, e.database(), dump)
                    + mariadb(e, e.database(), "CHECKSUM TABLE items, log; SELECT COUNT(*) FROM cheap;")
                    + dumpOf(e));
            assertThat(observed).contains("CREATE TABLE `items`").contains("INSERT INTO `items` VALUES");
        } finally {
            Files.delete(dump);
        }
    }

    private static String dumpOf(Endpoint e) throws IOException, InterruptedException {
        Path out = Files.createTempFile("redump", ".sql");
        try {
            run(List.of("mariadb-dump", "--skip-ssl", "-h", e.host(), "-P", Integer.toString(e.port()), "-u", USER,
                    "-p" + PASSWORD, "--skip-dump-date", "--routines", "--triggers", e.database()), null, out);
            return new String(Files.readAllBytes(out), StandardCharsets.UTF_8).replaceAll("-- Host: [^\n]*", "-- Host: <host>");
        } finally {
            Files.delete(out);
        }
    }

    static String mariadb(Endpoint e, String database, String script) throws IOException, InterruptedException {
        Path file = Files.createTempFile("script", ".sql");
        try {
            Files.writeString(file, script);
            return mariadb(e, database, file);
        } finally {
            Files.delete(file);
        }
    }

    static String mariadb(Endpoint e, String database, Path script) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of("mariadb", "--skip-ssl", "--batch", "--force", "--show-warnings",
                "--local-infile=1", "--default-character-set=utf8mb4", "-h", e.host(), "-P",
                Integer.toString(e.port()), "-u", USER, "-p" + PASSWORD, database));
        return run(cmd, script, null);
    }

    /** Runs a command with {@code stdin}, returns stdout and stderr (or writes stdout to {@code out}). */
    static String run(List<String> command, Path input, Path out) throws IOException, InterruptedException {
        Path err = Files.createTempFile("cmd", ".err");
        Path stdout = out != null ? out : Files.createTempFile("cmd", ".out");
        try {
            ProcessBuilder.Redirect in = input == null ? ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))
                    : ProcessBuilder.Redirect.from(input.toFile());
            Process p = new ProcessBuilder(command).redirectInput(in).redirectOutput(stdout.toFile())
                    .redirectError(err.toFile()).start();
            if (!p.waitFor(120, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new AssertionError(command.get(0) + " did not finish within 120 s");
            }
            String errors = new String(Files.readAllBytes(err), StandardCharsets.UTF_8);
            return (out != null ? "" : new String(Files.readAllBytes(stdout), StandardCharsets.UTF_8)) + errors
                    + "exit " + p.exitValue() + "\n";
        } finally {
            Files.delete(err);
            if (out == null) {
                Files.delete(stdout);
            }
        }
    }
}
