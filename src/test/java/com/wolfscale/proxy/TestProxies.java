package com.wolfscale.proxy;

import com.wolfscale.config.HostPort;
import com.wolfscale.config.Secret;
import com.wolfscale.sandbox.MariaDbInstance;
import java.io.IOException;

/** Starting proxies in tests: on a free loopback port, reading accounts as the sandbox's root. */
public final class TestProxies {

    private TestProxies() {
    }

    public static ProxyConfig config() {
        return ProxyConfig.plain(new HostPort("127.0.0.1", freePort()), new ProxyConfig.AccountReader("root", new Secret("")));
    }

    static int freePort() {
        try {
            return com.wolfscale.sandbox.LoopbackPorts.next();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    public static ProxyServer start(ProxyCluster cluster) throws IOException {
        return ProxyServer.start(config(), cluster);
    }

    public static ProxyServer start(ProxyConfig config, ProxyCluster cluster) throws IOException {
        return ProxyServer.start(config, cluster);
    }

    /** A proxy in front of one server that leads alone. */
    public static ProxyServer leaderOf(MariaDbInstance db) throws IOException {
        return start(TestCluster.leader(hostPort(db)));
    }

    public static HostPort hostPort(MariaDbInstance db) {
        return new HostPort(db.host(), db.port());
    }

    public static String jdbc(ProxyServer proxy, String database) {
        return "jdbc:mariadb://" + proxy.address() + "/" + database;
    }
}
