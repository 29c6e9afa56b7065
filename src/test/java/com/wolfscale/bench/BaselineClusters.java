package com.wolfscale.bench;

import static com.wolfscale.bench.ClusterBenchmark.*;
import static com.wolfscale.bench.Sysbench.*;

import com.wolfscale.sandbox.MariaDbInstance;
import com.wolfscale.sandbox.MariaDbOptions;
import com.wolfscale.testkit.MariaDbServers;
import com.wolfscale.testkit.TestCluster;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * bench/cluster's baselines on the same machine and with the same durable settings: MariaDB semi-sync
 * (AFTER_SYNC, 1 primary + 2 replicas) and a 3-node Galera cluster (galera-sandbox).
 */
final class BaselineClusters {

    private BaselineClusters() {
    }

    static void semisync(Settings s, Map<String, Object> json) throws Exception {
        say("semisync: starting 3 MariaDB servers (1 primary + 2 replicas, AFTER_SYNC, same settings as the nodes')");
        List<String> settings = new ArrayList<>(TestCluster.NODE_DB_SETTINGS);
        settings.add("log_slave_updates=ON"); // a replica that may be promoted keeps its binlog, as a node does
        List<MariaDbInstance> dbs = MariaDbServers.sandbox().start(3,
                MariaDbOptions.defaults().withSettings(settings.toArray(String[]::new)));
        Runnable destroy = once(() -> dbs.forEach(MariaDbServers.sandbox()::destroy));
        CLEANUPS.add(destroy);
        try {
            MariaDbInstance primary = dbs.get(0);
            primary.execute("SET SESSION sql_log_bin = 0",
                    "CREATE USER 'repl'@'127.0.0.1' IDENTIFIED BY 'repl'",
                    "GRANT REPLICATION SLAVE ON *.* TO 'repl'@'127.0.0.1'",
                    "SET GLOBAL read_only = OFF", "SET GLOBAL rpl_semi_sync_master_enabled = ON");
            for (MariaDbInstance r : dbs.subList(1, 3)) {
                r.execute("SET GLOBAL rpl_semi_sync_slave_enabled = ON",
                        "CHANGE MASTER TO MASTER_HOST='127.0.0.1', MASTER_PORT=" + primary.port()
                                + ", MASTER_USER='repl', MASTER_PASSWORD='repl', MASTER_USE_GTID=slave_pos,"
                                + " MASTER_CONNECT_RETRY=1", "START SLAVE");
            }
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (Long.parseLong(single(primary, "SELECT VARIABLE_VALUE FROM information_schema.GLOBAL_STATUS"
                    + " WHERE VARIABLE_NAME = 'RPL_SEMI_SYNC_MASTER_CLIENTS'")) < 2) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("the 2 replicas did not register as semi-sync clients");
                }
                Thread.sleep(100);
            }
            primary.execute("CREATE USER '" + SB_USER + "'@'%' IDENTIFIED BY '" + SB_PASSWORD + "'",
                    "GRANT " + TestCluster.APP_PRIVILEGES + " ON *.* TO '" + SB_USER + "'@'%'",
                    "CREATE DATABASE " + SB_DB);
            sysbench(s, "oltp_read_write", primary.port(), SB_USER, SB_PASSWORD, "prepare", "semisync");
            warmUp(s, primary.port(), "semisync");
            waitReplicas(primary, dbs.subList(1, 3));
            Run wo = sysbench(s, "oltp_write_only", primary.port(), SB_USER, SB_PASSWORD, "run", "semisync");
            double behindWo = waitReplicas(primary, dbs.subList(1, 3));
            report("semisync", "oltp_write_only", wo, String.format(Locale.ROOT, "replicas behind at end %.3f s",
                    behindWo));
            Run rw = sysbench(s, "oltp_read_write", primary.port(), SB_USER, SB_PASSWORD, "run", "semisync");
            double behindRw = waitReplicas(primary, dbs.subList(1, 3));
            report("semisync", "oltp_read_write", rw, String.format(Locale.ROOT, "replicas behind at end %.3f s",
                    behindRw));
            String noTx = single(primary, "SELECT VARIABLE_VALUE FROM information_schema.GLOBAL_STATUS"
                    + " WHERE VARIABLE_NAME = 'RPL_SEMI_SYNC_MASTER_NO_TX'");
            String yesTx = single(primary, "SELECT VARIABLE_VALUE FROM information_schema.GLOBAL_STATUS"
                    + " WHERE VARIABLE_NAME = 'RPL_SEMI_SYNC_MASTER_YES_TX'");
            say("semisync: %s transactions acknowledged by a replica, %s committed without (async fallback)", yesTx,
                    noTx);
            json.put("semisync_write_only_tps", round(wo.tps(), 1));
            json.put("semisync_read_write_tps", round(rw.tps(), 1));
            json.put("semisync_behind_at_end_s", round(Math.max(behindWo, behindRw), 3));
            json.put("semisync_no_ack_tx", Long.parseLong(noTx));
        } finally {
            destroy.run();
            CLEANUPS.remove(destroy);
        }
    }

    /** Seconds until both replicas executed the primary's gtid_binlog_pos as read now. */
    static double waitReplicas(MariaDbInstance primary, List<MariaDbInstance> replicas) throws SQLException {
        long t0 = System.nanoTime();
        String pos = single(primary, "SELECT @@gtid_binlog_pos");
        for (MariaDbInstance r : replicas) {
            if (!"0".equals(single(r, "SELECT MASTER_GTID_WAIT('" + pos + "', 300)"))) {
                throw new IllegalStateException(r + " did not reach " + pos + " within 300 s");
            }
        }
        return (System.nanoTime() - t0) / 1e9;
    }

    // ------------------------------------------------------------------------------------------ Galera

    static void galera(Settings s, Map<String, Object> json) throws Exception {
        Path provider = Path.of("/usr/lib/galera/libgalera_smm.so");
        if (!Files.exists(provider)) {
            json.put("galera_error", "galera-4 is not installed (" + provider + " missing); run "
                    + "install-mariadb-tools --with-galera");
            say("galera: skipped, %s", json.get("galera_error"));
            return;
        }
        if (!Files.isExecutable(s.galeraTool())) {
            json.put("galera_error", "galera-sandbox not found at " + s.galeraTool());
            say("galera: skipped, %s", json.get("galera_error"));
            return;
        }
        Path dir = s.work().resolve("galera");
        int base = galeraBasePort();
        Runnable destroy = once(() -> {
            try {
                tool(s, List.of("destroy", dir.toString()), Duration.ofSeconds(120), s.logs().resolve("galera-sandbox.log"));
            } catch (Exception e) {
                say("galera: destroy failed: %s", e.getMessage());
            }
        });
        CLEANUPS.add(destroy);
        try {
            say("galera: starting 3 Galera nodes (galera-sandbox, rsync SST) on ports %d-%d", base, base + 2);
            tool(s, List.of("start", dir.toString(), "3", Integer.toString(base)), Duration.ofSeconds(600),
                    s.logs().resolve("galera-sandbox.log"));
            String url = "jdbc:mariadb://127.0.0.1:" + base + "/?connectTimeout=5000";
            try (Connection c = DriverManager.getConnection(url, "root", ""); Statement st = c.createStatement()) {
                st.execute("CREATE USER '" + SB_USER + "'@'%' IDENTIFIED BY '" + SB_PASSWORD + "'");
                st.execute("GRANT " + TestCluster.APP_PRIVILEGES + " ON *.* TO '" + SB_USER + "'@'%'");
                st.execute("CREATE DATABASE " + SB_DB);
                try (ResultSet rs = st.executeQuery("SELECT @@sync_binlog, @@innodb_flush_log_at_trx_commit,"
                        + " (SELECT VARIABLE_VALUE FROM information_schema.GLOBAL_STATUS"
                        + " WHERE VARIABLE_NAME = 'WSREP_CLUSTER_SIZE')")) {
                    rs.next();
                    say("galera: sync_binlog=%s innodb_flush_log_at_trx_commit=%s cluster size %s", rs.getString(1),
                            rs.getString(2), rs.getString(3));
                }
            }
            sysbench(s, "oltp_read_write", base, SB_USER, SB_PASSWORD, "prepare", "galera");
            warmUp(s, base, "galera");
            Run wo = sysbench(s, "oltp_write_only", base, SB_USER, SB_PASSWORD, "run", "galera");
            report("galera", "oltp_write_only", wo, "");
            Run rw = sysbench(s, "oltp_read_write", base, SB_USER, SB_PASSWORD, "run", "galera");
            report("galera", "oltp_read_write", rw, "");
            json.put("galera_write_only_tps", round(wo.tps(), 1));
            json.put("galera_read_write_tps", round(rw.tps(), 1));
            try (Connection c = DriverManager.getConnection(url, "root", ""); Statement st = c.createStatement();
                 ResultSet rs = st.executeQuery("SHOW STATUS WHERE Variable_name IN ('wsrep_flow_control_paused',"
                         + " 'wsrep_local_cert_failures', 'wsrep_local_bf_aborts')")) {
                StringBuilder sb = new StringBuilder();
                while (rs.next()) {
                    sb.append(rs.getString(1)).append('=').append(rs.getString(2)).append(' ');
                }
                say("galera: %s", sb.toString().trim());
            }
        } finally {
            destroy.run();
            CLEANUPS.remove(destroy);
        }
    }

    static void tool(Settings s, List<String> args, Duration timeout, Path log) throws Exception {
        List<String> cmd = new ArrayList<>();
        cmd.add(s.galeraTool().toString());
        cmd.addAll(args);
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        // the same durable settings as the other systems (Galera deployments often relax them; not here)
        pb.environment().put("GALERA_SANDBOX_CNF", String.join("\n", "sync_binlog=1", "innodb_flush_log_at_trx_commit=1",
                "binlog_row_image=FULL", "max_connections=500"));
        Process p = pb.start();
        Runnable stop = p::destroyForcibly;
        CLEANUPS.add(stop);
        try {
            if (!p.waitFor(timeout.toSeconds(), TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IOException("galera-sandbox " + args.get(0) + " took more than " + timeout);
            }
        } finally {
            CLEANUPS.remove(stop);
        }
        if (p.exitValue() != 0) {
            List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
            throw new IOException("galera-sandbox " + args.get(0) + " failed (exit " + p.exitValue() + "): "
                    + String.join(" | ", lines.subList(Math.max(0, lines.size() - 6), lines.size())));
        }
    }

    /** A base port P with P..P+2 (SQL) and P+1000..P+1022 (group communication, IST, SST) free. */
    static int galeraBasePort() throws IOException {
        for (int attempt = 0; attempt < 200; attempt++) {
            int base = 20_000 + ThreadLocalRandom.current().nextInt(20_000);
            List<Integer> ports = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                ports.add(base + i);
                for (int j = 0; j < 3; j++) {
                    ports.add(base + 1000 + 10 * i + j);
                }
            }
            if (ports.stream().allMatch(BaselineClusters::free)) {
                return base;
            }
        }
        throw new IOException("no free port range for Galera");
    }

    static boolean free(int port) {
        try (ServerSocket s = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
