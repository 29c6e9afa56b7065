package com.wolfscale.bench;

import com.wolfscale.sandbox.MariaDbInstance;
import com.wolfscale.testkit.HttpCalls;
import com.wolfscale.testkit.NodeProcess;
import com.wolfscale.testkit.TestCluster;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Issue #6: how fast {@code wolfctl migrate} clones a node, against {@code mariadb-dump | mariadb} between
 * the same two servers in the same run, and how long the leader's commits stall meanwhile.
 * <ol>
 * <li>A 3-node cluster runs nodes a and b (node c's MariaDB is up and empty). {@code sysbench prepare}
 *     loads {@code tables × rows} through the leader, so the data arrives on b through WolfScale.</li>
 * <li>Baseline: {@code mariadb-dump --single-transaction sbtest | mariadb} from a's server into c's
 *     (binary log off on c, as the migration loader does), timed; then the copy is dropped.</li>
 * <li>Physical, for the record: {@code mariadb-backup --backup --stream | mbstream -x} plus
 *     {@code --prepare} of a's server into a directory — it ends with files, not a running server.</li>
 * <li>WolfScale: node c starts and {@code POST /admin/migrate {"from": "node-b"}} (a follower, what
 *     migrate picks by default: nothing pauses) runs until DONE while a writer commits on the leader every
 *     5 ms; {@code max_leader_pause_ms} is its slowest commit. Then again from the leader itself, which holds
 *     commits for the snapshot's start ({@code max_leader_pause_ms_leader_source}).</li>
 * </ol>
 * MB/s = the source's InnoDB size of {@code sbtest} (data + indexes) / wall time, the same numerator for
 * every method. Prints one JSON object as its last line.
 */
public final class MigrateBenchmark {

    public static void main(String[] args) throws Exception {
        int tables = args.length > 0 ? Integer.parseInt(args[0]) : 4;
        int rows = args.length > 1 ? Integer.parseInt(args[1]) : 1_000_000;
        TestCluster cluster = TestCluster.of(3).startingOnly(2);
        try {
            cluster.start();
            NodeProcess a = cluster.awaitLeader(Duration.ofSeconds(60));
            NodeProcess c = cluster.node('c');
            long t0 = System.nanoTime();
            prepare(a, tables, rows);
            cluster.awaitConvergedOn(List.of(a, cluster.node('b')), "sbtest", Duration.ofMinutes(30));
            double mb = sizeMb(a.db());
            System.out.printf("dataset: %d tables x %,d rows = %.0f MB (data + indexes), loaded and replicated in %.0f s%n",
                    tables, rows, mb, seconds(t0));

            double pipeS = dumpPipe(a.db(), c.db());
            System.out.printf("mariadb-dump | mariadb: %.1f s, %.1f MB/s%n", pipeS, mb / pipeS);
            double physicalS = physical(a.db());
            System.out.printf("mariadb-backup stream + prepare (files only, no server): %.1f s, %.1f MB/s%n", physicalS,
                    mb / physicalS);

            c.start();
            c.awaitApi(Duration.ofSeconds(60));
            Migration fromFollower = migrateUnderLoad(a, c, "node-b");
            System.out.printf("wolfctl migrate from a follower (the default source): %.1f s, %.1f MB/s; slowest leader "
                    + "commit meanwhile %d ms%n", fromFollower.seconds, mb / fromFollower.seconds, fromFollower.pauseMs);
            cluster.awaitConverged("sbtest", Duration.ofMinutes(30));
            Migration fromLeader = migrateUnderLoad(a, c, "node-a");
            System.out.printf("wolfctl migrate from the leader (FLUSH TABLES WITH READ LOCK for the snapshot's start): "
                    + "%.1f s, %.1f MB/s; slowest leader commit meanwhile %d ms%n", fromLeader.seconds,
                    mb / fromLeader.seconds, fromLeader.pauseMs);
            cluster.awaitConverged("sbtest", Duration.ofMinutes(30));
            System.out.println("node c converged with a and b (CHECKSUM TABLE)");
            System.out.printf("{\"dataset_mb\": %.0f, \"migrate_mb_per_s\": %.2f, \"dump_pipe_mb_per_s\": %.2f, "
                            + "\"ratio_vs_dump_pipe\": %.2f, \"physical_backup_mb_per_s\": %.2f, "
                            + "\"max_leader_pause_ms\": %d, \"migrate_from_leader_mb_per_s\": %.2f, "
                            + "\"max_leader_pause_ms_leader_source\": %d, \"migrate_s\": %.1f, \"dump_pipe_s\": %.1f}%n",
                    mb, mb / fromFollower.seconds, mb / pipeS, pipeS / fromFollower.seconds, mb / physicalS,
                    fromFollower.pauseMs, mb / fromLeader.seconds, fromLeader.pauseMs, fromFollower.seconds, pipeS);
        } finally {
            cluster.close("MigrateBenchmark");
        }
    }

    record Migration(double seconds, long pauseMs) { }

    /** Migrates {@code target} from {@code from} while a writer commits on the leader every 5 ms. */
    static Migration migrateUnderLoad(NodeProcess leader, NodeProcess target, String from) throws Exception {
        AtomicBoolean stop = new AtomicBoolean();
        AtomicLong slowest = new AtomicLong();
        Thread writer = Thread.ofPlatform().start(() -> write(leader, stop, slowest));
        try {
            Thread.sleep(300);
            slowest.set(0);
            double s = migrate(target, from);
            return new Migration(s, slowest.get() / 1_000_000);
        } finally {
            stop.set(true);
            writer.join(60_000);
        }
    }

    static void prepare(NodeProcess leader, int tables, int rows) throws Exception {
        TestCluster.appExecute(leader, "CREATE DATABASE sbtest");
        run(List.of("sysbench", "oltp_read_write", "--db-driver=mysql", "--mysql-host=127.0.0.1",
                "--mysql-port=" + leader.db().port(), "--mysql-user=app", "--mysql-password=app", "--mysql-db=sbtest",
                "--tables=" + tables, "--table-size=" + rows, "--threads=" + Math.min(tables, 4), "prepare"), null);
    }

    static double dumpPipe(MariaDbInstance from, MariaDbInstance to) throws Exception {
        long t0 = System.nanoTime();
        run(List.of("bash", "-o", "pipefail", "-c", "mariadb-dump -h127.0.0.1 -P" + from.port() + " -uroot "
                + "--single-transaction --quick --databases sbtest | mariadb -h127.0.0.1 -P" + to.port() + " -uroot "
                + "--init-command='SET SESSION sql_log_bin=0'"), null);
        double s = seconds(t0);
        to.execute("SET SESSION sql_log_bin = 0", "DROP DATABASE sbtest");
        return s;
    }

    static double physical(MariaDbInstance from) throws Exception {
        Path target = Files.createTempDirectory(from.dir(), "physical");
        try {
            long t0 = System.nanoTime();
            run(List.of("bash", "-o", "pipefail", "-c", "mariadb-backup --backup --stream=xbstream --host=127.0.0.1 --port="
                    + from.port() + " --user=root --datadir=" + from.dataDir() + " --target-dir=" + target
                    + " 2>" + target + "/backup.log | mbstream -x -C " + target), null);
            run(List.of("mariadb-backup", "--prepare", "--target-dir=" + target.toString()), null);
            return seconds(t0);
        } finally {
            run(List.of("rm", "-rf", target.toString()), null);
        }
    }

    static double migrate(NodeProcess target, String from) throws Exception {
        long t0 = System.nanoTime();
        HttpCalls.Answer started = HttpCalls.post(target.apiUrl() + "/admin/migrate", "{\"from\": \"" + from + "\"}",
                TestCluster.API_TOKEN);
        if (started.status() / 100 != 2) {
            throw new IllegalStateException("POST /admin/migrate refused: " + started);
        }
        while (true) {
            HttpCalls.Answer a = HttpCalls.get(target.apiUrl() + "/admin/migrate");
            String state = a.json().path("state").asText();
            if ("DONE".equals(state)) {
                return seconds(t0);
            }
            if ("FAILED".equals(state)) {
                throw new IllegalStateException("the migration failed: " + a + "\n" + target.logTail(40));
            }
            Thread.sleep(200);
        }
    }

    private static void write(NodeProcess leader, AtomicBoolean stop, AtomicLong slowest) {
        try (Connection c = TestCluster.app(leader); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE IF NOT EXISTS sbtest.beat (k BIGINT PRIMARY KEY)");
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO sbtest.beat VALUES (?)")) {
                for (long k = System.nanoTime(); !stop.get(); k++) { // unique across runs
                    ps.setLong(1, k);
                    long t0 = System.nanoTime();
                    ps.executeUpdate();
                    slowest.accumulateAndGet(System.nanoTime() - t0, Math::max);
                    Thread.sleep(5);
                }
            }
        } catch (SQLException | InterruptedException e) {
            throw new IllegalStateException("the writer on the leader failed: " + e, e);
        }
    }

    static double sizeMb(MariaDbInstance db) throws SQLException {
        try (Connection c = db.connect(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(
                "SELECT SUM(data_length + index_length) FROM information_schema.TABLES WHERE table_schema = 'sbtest'")) {
            rs.next();
            return rs.getLong(1) / 1048576.0;
        }
    }

    static void run(List<String> command, Path dir) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
        if (dir != null) {
            pb.directory(dir.toFile());
        }
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes());
        if (p.waitFor() != 0) {
            throw new IllegalStateException(String.join(" ", command) + " failed (exit " + p.exitValue() + "):\n" + out);
        }
    }

    private static double seconds(long t0) {
        return (System.nanoTime() - t0) / 1e9;
    }
}
