package com.wolfscale.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import com.wolfscale.testkit.MariaDbServers;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Smoke test of the real-MariaDB fixture: servers start with the settings WolfScale relies on. */
class MariaDbSandboxIT {

    @RegisterExtension
    static final MariaDbServers DB = MariaDbServers.of(3);

    @Test
    void createsInsertsReadsBackAndAdvancesTheBinlog() throws Exception {
        MariaDbInstance m = DB.get(0);
        try (Connection c = m.connect(); Statement s = c.createStatement()) {
            String before = single(s, "SELECT @@gtid_binlog_pos");
            s.execute("CREATE DATABASE smoke");
            s.execute("CREATE TABLE smoke.t (id INT PRIMARY KEY, v VARCHAR(20)) ENGINE=InnoDB");
            s.execute("INSERT INTO smoke.t VALUES (1, 'one'), (2, 'två 🐺')");
            try (ResultSet rs = s.executeQuery("SELECT v FROM smoke.t ORDER BY id")) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getString(1)).isEqualTo("one");
                assertThat(rs.next()).isTrue();
                assertThat(rs.getString(1)).isEqualTo("två 🐺");
            }
            try (ResultSet rs = s.executeQuery("SHOW MASTER STATUS")) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getString("File")).startsWith("binlog.");
                assertThat(rs.getLong("Position")).isGreaterThan(4);
            }
            assertThat(single(s, "SELECT @@gtid_binlog_pos")).isNotEqualTo(before).startsWith("0-" + m.serverId() + "-");
        }
    }

    @Test
    void serversHaveTheSettingsWolfScaleNeedsAndUniqueIds() throws Exception {
        Set<String> ids = new HashSet<>();
        Set<Integer> ports = new HashSet<>();
        for (MariaDbInstance m : DB.all()) {
            try (Connection c = m.connect(); Statement s = c.createStatement()) {
                assertThat(single(s, "SELECT @@log_bin")).isEqualTo("1");
                assertThat(single(s, "SELECT @@binlog_format")).isEqualTo("ROW");
                assertThat(single(s, "SELECT @@binlog_row_image")).isEqualTo("FULL");
                assertThat(single(s, "SELECT @@binlog_row_metadata")).isEqualTo("FULL");
                assertThat(single(s, "SELECT @@gtid_strict_mode")).isEqualTo("1");
                s.execute("SET GLOBAL rpl_semi_sync_master_enabled = ON");
                assertThat(single(s, "SELECT @@rpl_semi_sync_master_enabled")).isEqualTo("1");
                s.execute("SET GLOBAL rpl_semi_sync_master_enabled = OFF");
                ids.add(single(s, "SELECT @@server_id"));
            }
            ports.add(m.port());
        }
        assertThat(ids).hasSize(3);
        assertThat(ports).hasSize(3);
    }

    @Test
    void killedServerRestartsWithItsData() throws Exception {
        MariaDbInstance m = DB.get(1);
        m.execute("CREATE DATABASE IF NOT EXISTS keep", "CREATE TABLE keep.t (id INT PRIMARY KEY)",
                "INSERT INTO keep.t VALUES (42)");
        m.kill();
        assertThat(m.isRunning()).isFalse();
        m.start();
        try (Connection c = m.connect(); Statement s = c.createStatement()) {
            assertThat(single(s, "SELECT id FROM keep.t")).isEqualTo("42");
        }
    }

    @Test
    void leftoversOfADeadOwnerAreReclaimed() throws Exception {
        MariaDbSandbox sandbox = MariaDbServers.sandbox();
        MariaDbInstance orphan = sandbox.create(MariaDbOptions.defaults());
        orphan.start();
        long pid = orphan.pid().orElseThrow();
        // pretend the owning JVM died: an owner that cannot be alive
        java.nio.file.Files.writeString(orphan.dir().resolve("owner"), "999999999 never");
        MariaDbSandbox.reclaimLeftovers(sandbox.root());
        assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)).isFalse();
        assertThat(orphan.dir()).doesNotExist();
    }

    private static String single(Statement s, String sql) throws Exception {
        try (ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getString(1);
        }
    }
}
