package com.wolfscale.proxy.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * sysbench (MariaDB Connector/C, prepared statements) as a conformance client: one thread and a fixed number
 * of events make {@code oltp_read_write}'s statement mix fixed, so the run directly and the run through the
 * proxy must report the same query counts and row counts and no errors or reconnects. (Table contents are
 * not compared: sysbench's random strings differ between runs even with {@code --rand-seed}, as two direct
 * runs show.)
 */
class SysbenchConformanceIT extends ConformanceSuite {

    private static final Pattern STATS = Pattern.compile(
            "(read|write|other|total|transactions|queries|ignored errors|reconnects):\\s+(\\d+)");

    @Test
    void deterministicReadWriteRunWithPreparedStatements() throws Exception {
        String observed = assertSameOnBoth(e -> {
            StringBuilder out = new StringBuilder();
            out.append(stats(sysbench(e, "prepare")));
            out.append(stats(sysbench(e, "run")));
            try (Connection c = DB.get(0).connect(); Statement s = c.createStatement();
                 ResultSet rs = s.executeQuery("SELECT (SELECT COUNT(*) FROM " + e.database() + ".sbtest1), "
                         + "(SELECT COUNT(*) FROM " + e.database() + ".sbtest2)")) {
                rs.next();
                out.append("rows ").append(rs.getLong(1)).append(' ').append(rs.getLong(2)).append('\n');
            }
            return out.toString();
        });
        assertThat(observed).contains("ignored errors 0").contains("reconnects 0").contains("transactions 300");
    }

    private static String sysbench(Endpoint e, String command) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("sysbench", "oltp_read_write", "--db-driver=mysql",
                "--mysql-host=" + e.host(), "--mysql-port=" + e.port(), "--mysql-user=" + USER,
                "--mysql-password=" + PASSWORD, "--mysql-db=" + e.database(), "--tables=2", "--table-size=500",
                "--threads=1", "--rand-seed=7", "--db-ps-mode=auto", "--events=300", "--time=0", command));
        String out = CliConformanceIT.run(cmd, null, null);
        assertThat(out).as("sysbench " + command + " via " + e.name()).contains("exit 0");
        return out;
    }

    private static String stats(String sysbenchOutput) {
        StringBuilder sb = new StringBuilder();
        Matcher m = STATS.matcher(sysbenchOutput);
        while (m.find()) {
            sb.append(m.group(1)).append(' ').append(m.group(2)).append('\n');
        }
        return sb.toString();
    }
}
