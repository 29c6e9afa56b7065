package com.wolfscale.proxy.session;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class SessionCommandHistoryTest {

    private static byte[] q(String sql) {
        return ("\u0003" + sql).getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void aRepeatedCommandMovesToTheEndInsteadOfGrowingTheHistory() {
        SessionCommandHistory h = new SessionCommandHistory();
        h.add(q("SET autocommit=1"));
        h.add(q("SET @a = 1"));
        h.add(q("SET autocommit=1"));
        assertThat(h.commands()).extracting(b -> new String(b, StandardCharsets.UTF_8).substring(1))
                .containsExactly("SET @a = 1", "SET autocommit=1");
    }

    @Test
    void pastTheLimitTheHistoryIsMarkedOverflowed() {
        SessionCommandHistory h = new SessionCommandHistory();
        for (int i = 0; i <= SessionCommandHistory.MAX_ENTRIES; i++) {
            h.add(q("SET @v" + i + " = 1"));
        }
        assertThat(h.overflowed()).isTrue();
        assertThat(h.commands()).isEmpty();
        h.clear();
        assertThat(h.overflowed()).isFalse();
    }

    @Test
    void negotiationKeepsMariaDbExtensionsOnlyForMariaDbClients() {
        long advertised = com.wolfscale.proxy.ServerIdentity.RELAYABLE;
        long mariadbClient = com.wolfscale.mysql.Capabilities.DEFAULT_CLIENT
                | com.wolfscale.mysql.Capabilities.MARIADB_CLIENT_CACHE_METADATA;
        assertThat(ConnectionPhase.negotiate(mariadbClient, advertised)
                & com.wolfscale.mysql.Capabilities.MARIADB_CLIENT_CACHE_METADATA).isNotZero();
        long mysqlClient = mariadbClient | com.wolfscale.mysql.Capabilities.CLIENT_MYSQL;
        assertThat(ConnectionPhase.negotiate(mysqlClient, advertised) >>> 32).isZero();
        assertThat(ConnectionPhase.negotiate(mysqlClient | com.wolfscale.mysql.Capabilities.CLIENT_COMPRESS, advertised)
                & com.wolfscale.mysql.Capabilities.CLIENT_COMPRESS).as("never compression").isZero();
    }
}
