package com.wolfscale.cli;

import com.wolfscale.config.WolfscaleConfig;
import com.wolfscale.requirements.MariaDbRequirements;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.LocalDate;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.zip.CRC32;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code wolfctl tune-mariadb}: writes a {@code [mariadbd]} snippet with what WolfScale needs (the same
 * list the node checks at start), safe semi-sync and fencing settings, durable commits, and a buffer pool
 * sized from memory. Unlike the original it never relaxes durability ({@code innodb_flush_log_at_trx_commit=2},
 * {@code sync_binlog=0}) and never restarts MariaDB itself: restarting a leader's database is a failover,
 * which the operator should choose the moment of.
 */
@Command(name = "tune-mariadb", mixinStandardHelpOptions = true,
        description = "Write a MariaDB config snippet with the settings a WolfScale node needs.")
final class TuneMariaDbCommand implements Callable<Integer> {

    static final Path DEFAULT_OUTPUT = Path.of("/etc/mysql/mariadb.conf.d/99-wolfscale.cnf");

    @Option(names = {"-o", "--output"}, paramLabel = "FILE", description = "Where to write (default " +
            "/etc/mysql/mariadb.conf.d/99-wolfscale.cnf).")
    Path output;

    @Option(names = "--dry-run", description = "Print the snippet instead of writing it.")
    boolean dryRun;

    @Option(names = "--server-id", paramLabel = "N", description = "This server's unique server_id (default: "
            + "derived from the config's node id).")
    Long serverId;

    @Option(names = "--memory-mb", paramLabel = "MB", description = "Memory to size the buffer pool from "
            + "(default: this machine's, from /proc/meminfo); the pool gets half.")
    Long memoryMb;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws CliFailure, IOException {
        Optional<WolfscaleConfig> config = Wolfctl.root(spec).loadConfig();
        long id = serverId != null ? serverId : config.map(TuneMariaDbCommand::derivedServerId).orElseThrow(() ->
                new CliFailure("give --server-id N (unique in the cluster, not [binlog] server_id), or -c with the "
                        + "node's config to derive one from its node id"));
        long replicaId = config.map(c -> c.binlog().serverId()).orElse(1001L);
        if (id == replicaId || id < 1 || id > 4_294_967_295L) {
            throw new CliFailure("server_id " + id + " is not usable: it must be 1-4294967295 and differ from "
                    + "[binlog] server_id " + replicaId + " (the id WolfScale reads the binlog with)");
        }
        String snippet = render(id, bufferPoolMb(memoryMb != null ? memoryMb : totalMemoryMb()));
        PrintWriter out = spec.commandLine().getOut();
        if (dryRun) {
            out.print(snippet);
            return 0;
        }
        Path target = output != null ? output : DEFAULT_OUTPUT;
        Path tmp = target.resolveSibling(target.getFileName() + ".tmp");
        try {
            Files.writeString(tmp, snippet, StandardCharsets.UTF_8);
            Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new CliFailure("cannot write " + target + ": " + e.getMessage() + " (run as root, or use --output "
                    + "FILE / --dry-run)");
        }
        out.println("wrote " + target + "; restart MariaDB to apply it (on the leader that is a failover: "
                + "wolfctl demote first)");
        return 0;
    }

    static String render(long serverId, long bufferPoolMb) {
        StringBuilder sb = new StringBuilder();
        sb.append("# MariaDB settings for a WolfScale node, written by wolfctl tune-mariadb on ").append(LocalDate.now())
                .append(".\n# The 99- prefix makes it load after the distribution's defaults.\n[mariadbd]\n");
        sb.append("# --- required: the node refuses to start without them (docs/replication.md) ---\n");
        sb.append("server_id = ").append(serverId).append('\n');
        MariaDbRequirements.SETTINGS.forEach(s -> sb.append(s.myCnfLine()).append('\n'));
        sb.append("# --- semi-sync (WolfScale enables it while this node leads), fencing, replay, durability ---\n");
        MariaDbRequirements.RECOMMENDED.forEach(s -> sb.append(s.myCnfLine()).append('\n'));
        sb.append("# --- sizing ---\n");
        sb.append("innodb_buffer_pool_size = ").append(bufferPoolMb).append("M\n");
        sb.append("max_connections = 500\n");
        return sb.toString();
    }

    /** Half the memory (the WolfScale node and the OS share the host), at least 128 MiB, in 128 MiB steps. */
    static long bufferPoolMb(long totalMb) {
        return Math.max(128, totalMb / 2 / 128 * 128);
    }

    /** A stable id from the node id, in 1..2^31-1, different from [binlog] server_id. */
    static long derivedServerId(WolfscaleConfig c) {
        CRC32 crc = new CRC32();
        crc.update(c.node().id().getBytes(StandardCharsets.UTF_8));
        long id = (crc.getValue() % 2_147_483_646L) + 1;
        return id == c.binlog().serverId() ? id + 1 : id;
    }

    private static long totalMemoryMb() throws CliFailure {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/meminfo"))) {
                if (line.startsWith("MemTotal:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024;
                }
            }
        } catch (IOException | NumberFormatException e) {
            // reported below
        }
        throw new CliFailure("cannot read MemTotal from /proc/meminfo: give --memory-mb");
    }
}
