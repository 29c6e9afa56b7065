package com.wolfscale.capture;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Checks that a node's MariaDB can be captured and applied to, and lists every setting to change (with
 * how) in one message, instead of failing on the first.
 */
public final class ServerRequirements {

    /** Global privileges WolfScale's account needs (or ALL PRIVILEGES / SUPER). */
    static final List<String> PRIVILEGES = List.of("REPLICATION SLAVE", "BINLOG MONITOR", "BINLOG ADMIN",
            "BINLOG REPLAY", "READ_ONLY ADMIN", "REPLICATION MASTER ADMIN", "CONNECTION ADMIN", "SELECT", "INSERT",
            "UPDATE", "DELETE", "CREATE", "DROP", "ALTER");

    private ServerRequirements() {
    }

    /** @return the problems; empty when the server is ready */
    public static List<String> check(Connection c, long replicaServerId) throws SQLException {
        Map<String, String> v = variables(c);
        List<String> problems = new ArrayList<>();
        require(problems, v, "log_bin", "ON", "log_bin = <path> (e.g. log_bin = /var/lib/mysql/binlog), restart MariaDB");
        require(problems, v, "binlog_format", "ROW", "binlog_format = ROW");
        require(problems, v, "binlog_row_image", "FULL", "binlog_row_image = FULL");
        require(problems, v, "binlog_row_metadata", "FULL", "binlog_row_metadata = FULL");
        require(problems, v, "gtid_strict_mode", "ON", "gtid_strict_mode = ON");
        String serverId = v.getOrDefault("server_id", "0");
        if (serverId.equals("0") || serverId.equals(Long.toString(replicaServerId))) {
            problems.add("server_id is " + serverId + ": set a unique server_id (not 0 and not [binlog] server_id "
                    + replicaServerId + ", which WolfScale uses to read the binlog)");
        }
        List<String> missing = missingPrivileges(c);
        if (!missing.isEmpty()) {
            problems.add("the WolfScale account lacks " + String.join(", ", missing) + ": GRANT "
                    + String.join(", ", missing) + " ON *.* TO <wolfscale user> (or run wolfctl tune-mariadb)");
        }
        return problems;
    }

    /** The problems as one message an operator can act on. */
    public static String describe(String server, List<String> problems) {
        return "MariaDB at " + server + " is not ready for WolfScale; change in [mariadbd] (my.cnf):\n  - "
                + String.join("\n  - ", problems);
    }

    private static void require(List<String> problems, Map<String, String> v, String name, String want, String fix) {
        String have = v.getOrDefault(name, "(not set)");
        if (!have.equalsIgnoreCase(want) && !(want.equals("ON") && have.equals("1"))) {
            problems.add(name + " is " + have + ", must be " + want + ": set " + fix);
        }
    }

    private static Map<String, String> variables(Connection c) throws SQLException {
        Map<String, String> v = new HashMap<>();
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(
                "SHOW GLOBAL VARIABLES WHERE Variable_name IN ('log_bin','binlog_format','binlog_row_image',"
                        + "'binlog_row_metadata','gtid_strict_mode','server_id')")) {
            while (rs.next()) {
                v.put(rs.getString(1).toLowerCase(Locale.ROOT), rs.getString(2));
            }
        }
        return v;
    }

    private static List<String> missingPrivileges(Connection c) throws SQLException {
        StringBuilder grants = new StringBuilder();
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SHOW GRANTS")) {
            while (rs.next()) {
                String g = rs.getString(1).toUpperCase(Locale.ROOT);
                if (g.contains(" ON *.* ")) {
                    grants.append(g).append('\n');
                }
            }
        }
        String all = grants.toString();
        if (all.contains("ALL PRIVILEGES ON *.*")) {
            return List.of();
        }
        List<String> missing = new ArrayList<>();
        for (String p : PRIVILEGES) {
            if (!all.contains(p) && !(all.contains("SUPER") && p.endsWith("ADMIN"))) {
                missing.add(p);
            }
        }
        return missing;
    }
}
