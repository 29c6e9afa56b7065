package com.wolfscale.requirements;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What WolfScale requires of a MariaDB server, as pure rules over values a caller has read: the node
 * checks its own server at start ({@code capture.ServerRequirements}), {@code wolfctl binlog-setup} checks
 * any server, and {@code wolfctl tune-mariadb} writes the same settings into a config snippet. One list, so
 * the check and the generated configuration cannot disagree.
 */
public final class MariaDbRequirements {

    /** A global variable that must have one value, and the my.cnf line that gives it. */
    public record Setting(String name, String value, String myCnfLine) { }

    /** The binlog settings capture needs (the server_id rule is separate: it depends on the replica id). */
    public static final List<Setting> SETTINGS = List.of(
            new Setting("log_bin", "ON", "log_bin = wolfscale-bin"),
            new Setting("binlog_format", "ROW", "binlog_format = ROW"),
            new Setting("binlog_row_image", "FULL", "binlog_row_image = FULL"),
            new Setting("binlog_row_metadata", "FULL", "binlog_row_metadata = FULL"),
            new Setting("gtid_strict_mode", "ON", "gtid_strict_mode = ON"));

    /**
     * Settings a node's MariaDB should also have (docs/replication.md): semi-sync waits AFTER_SYNC, never
     * times out and never falls back to asynchronous (the node switches it on only while it leads); the
     * server starts fenced (the node opens the leader); ROW binlogs make function creation safe; replayed
     * statements fit; and commits are durable — never {@code innodb_flush_log_at_trx_commit=2} or
     * {@code sync_binlog=0}, which lose acknowledged transactions when the host crashes.
     */
    public static final List<Setting> RECOMMENDED = List.of(
            new Setting("log_slave_updates", "ON", "log_slave_updates = ON"),
            new Setting("rpl_semi_sync_master_enabled", "OFF", "rpl_semi_sync_master_enabled = OFF"),
            new Setting("rpl_semi_sync_master_wait_point", "AFTER_SYNC", "rpl_semi_sync_master_wait_point = AFTER_SYNC"),
            new Setting("rpl_semi_sync_master_timeout", "1000000000000", "rpl_semi_sync_master_timeout = 1000000000000"),
            new Setting("rpl_semi_sync_master_wait_no_slave", "ON", "rpl_semi_sync_master_wait_no_slave = ON"),
            new Setting("read_only", "ON", "read_only = ON"),
            new Setting("log_bin_trust_function_creators", "ON", "log_bin_trust_function_creators = ON"),
            new Setting("max_allowed_packet", "268435456", "max_allowed_packet = 256M"),
            new Setting("sync_binlog", "1", "sync_binlog = 1"),
            new Setting("innodb_flush_log_at_trx_commit", "1", "innodb_flush_log_at_trx_commit = 1"));

    /** The query whose two columns (name, value) {@link #problems} reads. */
    public static final String VARIABLES_QUERY = "SHOW GLOBAL VARIABLES WHERE Variable_name IN ('log_bin','binlog_format',"
            + "'binlog_row_image','binlog_row_metadata','gtid_strict_mode','server_id')";

    /** Global privileges WolfScale's account needs (or ALL PRIVILEGES; SUPER covers the *ADMIN ones). */
    public static final List<String> PRIVILEGES = List.of("REPLICATION SLAVE", "BINLOG MONITOR", "BINLOG ADMIN",
            "BINLOG REPLAY", "READ_ONLY ADMIN", "REPLICATION MASTER ADMIN", "CONNECTION ADMIN", "SELECT", "INSERT",
            "UPDATE", "DELETE", "CREATE", "DROP", "ALTER");

    private MariaDbRequirements() {
    }

    /**
     * @param variables       global variables by lower-case name (from {@link #VARIABLES_QUERY})
     * @param grants          the lines of {@code SHOW GRANTS} for the account
     * @param replicaServerId the server_id WolfScale reads the binlog with ({@code [binlog] server_id})
     * @return every problem, each with how to fix it; empty when the server is ready
     */
    public static List<String> problems(Map<String, String> variables, List<String> grants, long replicaServerId) {
        List<String> problems = new ArrayList<>();
        for (Setting s : SETTINGS) {
            String have = variables.getOrDefault(s.name(), "(not set)");
            if (!have.equalsIgnoreCase(s.value()) && !(s.value().equals("ON") && have.equals("1"))) {
                String fix = s.name().equals("log_bin")
                        ? "log_bin = <path> (e.g. log_bin = /var/lib/mysql/binlog), restart MariaDB" : s.myCnfLine();
                problems.add(s.name() + " is " + have + ", must be " + s.value() + ": set " + fix);
            }
        }
        String serverId = variables.getOrDefault("server_id", "0");
        if (serverId.equals("0") || serverId.equals(Long.toString(replicaServerId))) {
            problems.add("server_id is " + serverId + ": set a unique server_id (not 0 and not [binlog] server_id "
                    + replicaServerId + ", which WolfScale uses to read the binlog)");
        }
        List<String> missing = missingPrivileges(grants);
        if (!missing.isEmpty()) {
            problems.add("the WolfScale account lacks " + String.join(", ", missing) + ": GRANT "
                    + String.join(", ", missing) + " ON *.* TO <wolfscale user>");
        }
        return problems;
    }

    /** The problems as one message an operator can act on. */
    public static String describe(String server, List<String> problems) {
        return "MariaDB at " + server + " is not ready for WolfScale; change in [mariadbd] (my.cnf):\n  - "
                + String.join("\n  - ", problems);
    }

    static List<String> missingPrivileges(List<String> grants) {
        StringBuilder global = new StringBuilder();
        for (String line : grants) {
            String g = line.toUpperCase(Locale.ROOT);
            if (g.contains(" ON *.* ")) {
                global.append(g).append('\n');
            }
        }
        String all = global.toString();
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
