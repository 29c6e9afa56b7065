package com.wolfscale.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.wolfscale.sandbox.MariaDbInstance;
import com.wolfscale.sandbox.MariaDbOptions;
import com.wolfscale.testkit.MariaDbServers;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * {@code wolfctl tune-mariadb} and {@code binlog-setup} against a real server: the snippet is loaded by a
 * real mariadbd (which then has every setting it promises), and binlog-setup accepts that server and
 * rejects it once a requirement is broken.
 */
class WolfctlMariaDbIT {

    @Test
    void tunedServerHasTheSettingsAndBinlogSetupChecksIt() throws Exception {
        Run tune = wolfctl("tune-mariadb", "--dry-run", "--server-id", "77", "--memory-mb", "256");
        assertThat(tune.exit()).as(tune.err()).isZero();
        assertThat(tune.out()).contains("[mariadbd]", "sync_binlog = 1", "innodb_flush_log_at_trx_commit = 1")
                .doesNotContain("innodb_flush_log_at_trx_commit = 2", "sync_binlog = 0");
        String[] settings = Arrays.stream(tune.out().split("\n")).map(String::strip)
                .filter(l -> !l.isEmpty() && !l.startsWith("#") && !l.startsWith("[")).toArray(String[]::new);
        MariaDbInstance db = MariaDbServers.sandbox().start(1, MariaDbOptions.defaults().withSettings(settings)).get(0);
        try {
            Map<String, String> expected = Map.of("server_id", "77", "binlog_format", "ROW", "binlog_row_image", "FULL",
                    "binlog_row_metadata", "FULL", "gtid_strict_mode", "1", "log_slave_updates", "1",
                    "rpl_semi_sync_master_wait_point", "AFTER_SYNC", "sync_binlog", "1",
                    "innodb_flush_log_at_trx_commit", "1", "read_only", "1");
            try (Connection c = db.connect(); Statement s = c.createStatement()) {
                for (var e : expected.entrySet()) {
                    try (ResultSet rs = s.executeQuery("SELECT @@global." + e.getKey())) {
                        rs.next();
                        assertThat(rs.getString(1)).as(e.getKey()).isEqualTo(e.getValue());
                    }
                }
            }
            String port = Integer.toString(db.port());
            Run ok = wolfctl("binlog-setup", "--host", "127.0.0.1", "--port", port, "--user", "root", "--password=");
            assertThat(ok.exit()).as(ok.out() + ok.err()).isZero();
            assertThat(ok.out()).contains("is ready for WolfScale", "[binlog]", "server_id = 1001",
                    "start_file = \"wolfscale-bin.0", "start_position = ", "not built in this version");

            db.execute("CREATE USER 'limited'@'127.0.0.1' IDENTIFIED BY 'pw'", "GRANT SELECT ON *.* TO 'limited'@'127.0.0.1'",
                    "SET GLOBAL binlog_format = 'MIXED'");
            Run bad = wolfctl("binlog-setup", "--host", "127.0.0.1", "--port", port, "--user", "limited",
                    "--password=pw", "--server-id", "77");
            assertThat(bad.exit()).isEqualTo(1);
            assertThat(bad.out()).contains("binlog_format is MIXED, must be ROW", "lacks REPLICATION SLAVE",
                    "server_id is 77");
        } finally {
            MariaDbServers.sandbox().destroy(db);
        }
    }

    @Test
    void tuneMariadbRefusesAServerIdItCannotUse() {
        assertThat(wolfctl("tune-mariadb", "--dry-run", "--server-id", "1001").exit()).isEqualTo(1);
        assertThat(wolfctl("tune-mariadb", "--dry-run").err()).contains("--server-id");
    }

    record Run(int exit, String out, String err) { }

    static Run wolfctl(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cl = Wolfctl.commandLine(new Wolfctl(Map.of()));
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        return new Run(cl.execute(args), out.toString(), err.toString());
    }
}
