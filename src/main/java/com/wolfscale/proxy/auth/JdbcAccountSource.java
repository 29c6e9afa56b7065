package com.wolfscale.proxy.auth;

import com.wolfscale.config.HostPort;
import com.wolfscale.config.Secret;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads accounts from a MariaDB's {@code mysql.user} view (over {@code mysql.global_priv} since 10.4) with
 * WolfScale's own account. One short connection per load: refreshes are rare and rate-limited.
 */
public final class JdbcAccountSource implements AccountCache.Source {

    private static final String QUERY = "SELECT User, Host, plugin, authentication_string FROM mysql.user"
            + " WHERE is_role = 'N'";

    private final HostPort database;
    private final String user;
    private final Secret password;

    public JdbcAccountSource(HostPort database, String user, Secret password) {
        this.database = database;
        this.user = user;
        this.password = password;
    }

    @Override
    public List<Account> load() throws Exception {
        String url = "jdbc:mariadb://" + database + "/?connectTimeout=5000&socketTimeout=10000";
        try (Connection c = DriverManager.getConnection(url, user, password.value());
             Statement s = c.createStatement();
             ResultSet rs = s.executeQuery(QUERY)) {
            List<Account> out = new ArrayList<>();
            while (rs.next()) {
                out.add(new Account(rs.getString(1), rs.getString(2), nullToEmpty(rs.getString(3)),
                        nullToEmpty(rs.getString(4))));
            }
            return out;
        }
    }

    private static String nullToEmpty(String s) {
        return s == null ? "" : s;
    }
}
