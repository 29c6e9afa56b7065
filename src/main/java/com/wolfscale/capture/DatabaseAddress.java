package com.wolfscale.capture;

import com.wolfscale.common.DeadlineSocketFactory;
import com.wolfscale.config.DatabaseSection;

/** Where a MariaDB is and how WolfScale logs in to it. The password is never printed. */
public record DatabaseAddress(String host, int port, String user, String password) {

    public static DatabaseAddress of(DatabaseSection db) {
        return new DatabaseAddress(db.host(), db.port(), db.user(), db.password().value());
    }

    /**
     * A JDBC URL for MariaDB Connector/J (credentials passed separately). The connect timeout is enforced by
     * {@link DeadlineSocketFactory}, which keeps the socket blocking (one system call per read).
     */
    public String jdbcUrl() {
        return "jdbc:mariadb://" + host + ":" + port + "/?connectTimeout=5000&socketTimeout=0&socketFactory="
                + DeadlineSocketFactory.class.getName();
    }

    @Override
    public String toString() {
        return user + "@" + host + ":" + port;
    }
}
