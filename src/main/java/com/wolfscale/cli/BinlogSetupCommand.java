package com.wolfscale.cli;

import com.wolfscale.config.WolfscaleConfig;
import com.wolfscale.requirements.MariaDbRequirements;
import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code wolfctl binlog-setup}: connects to a MariaDB server (JDBC: the password never appears in a
 * process list, unlike the original's {@code mysql -p}), checks its binlog settings and the account's
 * privileges with the same rules the node applies at start ({@link MariaDbRequirements}), and prints the
 * {@code [replication]}/{@code [binlog]} sections with the server's current position.
 */
@Command(name = "binlog-setup", mixinStandardHelpOptions = true,
        description = "Check a MariaDB server's binlog settings and privileges; print the [binlog] section.")
final class BinlogSetupCommand implements Callable<Integer> {

    @Option(names = "--host", description = "Server host (default: [database] host, else 127.0.0.1).")
    String host;

    @Option(names = "--port", description = "Server port (default: [database] port, else 3306).")
    Integer port;

    @Option(names = "--user", description = "Account (default: [database] user).")
    String user;

    @Option(names = "--password", arity = "0..1", interactive = true, description = "Password; without a value "
            + "it is asked for (default: [database] password or WOLFSCALE_DATABASE_PASSWORD).")
    char[] password;

    @Option(names = "--server-id", paramLabel = "N", description = "server_id WolfScale will read the binlog "
            + "with (default: [binlog] server_id, else 1001).")
    Long replicaServerId;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws CliFailure {
        Optional<WolfscaleConfig> cfg = Wolfctl.root(spec).loadConfig();
        String h = host != null ? host : cfg.map(c -> c.database().host()).orElse("127.0.0.1");
        int p = port != null ? port : cfg.map(c -> c.database().port()).orElse(3306);
        String u = user != null ? user : cfg.map(c -> c.database().user()).orElseThrow(() ->
                new CliFailure("give --user (or -c with a config that has [database] user)"));
        String pw = password != null ? new String(password) : cfg.map(c -> c.database().password().value())
                .orElse(Optional.ofNullable(Wolfctl.root(spec).environment().get("WOLFSCALE_DATABASE_PASSWORD")).orElse(""));
        long replicaId = replicaServerId != null ? replicaServerId : cfg.map(c -> c.binlog().serverId()).orElse(1001L);
        String where = u + "@" + h + ":" + p;
        try (Connection c = DriverManager.getConnection("jdbc:mariadb://" + h + ":" + p + "/?connectTimeout=5000", u, pw)) {
            return report(c, where, replicaId, spec.commandLine().getOut());
        } catch (SQLException e) {
            throw new CliFailure("cannot check MariaDB at " + where + ": " + e.getMessage());
        }
    }

    private static int report(Connection c, String where, long replicaId, PrintWriter out) throws SQLException {
        Map<String, String> vars = new HashMap<>();
        for (String[] row : rows(c, MariaDbRequirements.VARIABLES_QUERY)) {
            vars.put(row[0].toLowerCase(Locale.ROOT), row[1]);
        }
        List<String> grants = new ArrayList<>();
        rows(c, "SHOW GRANTS").forEach(r -> grants.add(r[0]));
        List<String> problems = MariaDbRequirements.problems(vars, grants, replicaId);
        if (!problems.isEmpty()) {
            out.println(MariaDbRequirements.describe(where, problems));
            out.println("(wolfctl tune-mariadb writes these settings)");
        } else {
            out.println("MariaDB at " + where + " is ready for WolfScale (binlog settings and privileges checked).");
        }
        List<String[]> master = rows(c, "SHOW MASTER STATUS");
        if (master.isEmpty()) {
            out.println("The binary log is off, so there is no position to start from.");
            return 1;
        }
        List<String[]> gtid = rows(c, "SELECT @@gtid_binlog_pos");
        out.println();
        out.println("# add to wolfscale.toml: the id under which the node reads this server's binlog");
        out.println("[binlog]");
        out.println("server_id = " + replicaId);
        out.println("# binlog mode (following this server as an external primary) is not built in this version;");
        out.println("# its starting point would be:  [replication] mode = \"binlog\"  start_file = \""
                + master.get(0)[0] + "\"  start_position = " + master.get(0)[1]);
        out.println("# GTID position at this point: " + (gtid.isEmpty() || gtid.get(0)[0] == null ? "" : gtid.get(0)[0]));
        return problems.isEmpty() ? 0 : 1;
    }

    private static List<String[]> rows(Connection c, String sql) throws SQLException {
        List<String[]> out = new ArrayList<>();
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            int n = rs.getMetaData().getColumnCount();
            while (rs.next()) {
                String[] row = new String[n];
                for (int i = 0; i < n; i++) {
                    row[i] = rs.getString(i + 1);
                }
                out.add(row);
            }
        }
        return out;
    }
}
