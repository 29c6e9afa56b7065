package com.wolfscale.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import com.wolfscale.testkit.MariaDbServers;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class ProxySmokeIT {

    @RegisterExtension
    static final MariaDbServers DB = MariaDbServers.of(1);

    @Test
    void basics() throws Exception {
        DB.get(0).execute("CREATE DATABASE IF NOT EXISTS smoke", "CREATE USER IF NOT EXISTS app@'%' IDENTIFIED BY 'pw'",
                "GRANT ALL ON *.* TO app@'%'");
        try (ProxyServer proxy = TestProxies.leaderOf(DB.get(0));
             Connection c = DriverManager.getConnection(TestProxies.jdbc(proxy, "smoke"), "app", "pw");
             Statement s = c.createStatement()) {
            s.execute("CREATE TABLE t (id INT PRIMARY KEY AUTO_INCREMENT, v VARCHAR(20))");
            s.executeUpdate("INSERT INTO t (v) VALUES ('a'), ('b')", Statement.RETURN_GENERATED_KEYS);
            try (ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM t")) {
                rs.next();
                assertThat(rs.getInt(1)).isEqualTo(2);
            }
            try (PreparedStatement ps = c.prepareStatement("SELECT v FROM t WHERE id = ?")) {
                ps.setInt(1, 2);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    assertThat(rs.getString(1)).isEqualTo("b");
                }
            }
        }
    }
}
