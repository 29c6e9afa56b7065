package com.wolfscale.proxy.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import com.wolfscale.config.HostPort;
import com.wolfscale.proxy.ProxyServer;
import com.wolfscale.proxy.TestProxies;
import com.wolfscale.sandbox.MariaDbOptions;
import com.wolfscale.testkit.MariaDbServers;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The proxy conformance suite: every scenario runs twice with the same client — directly against MariaDB
 * and through a proxy in front of that same MariaDB — each time in a fresh database, and the two
 * observations (results, column metadata, warnings, status flags, generated keys, batch counts, error codes
 * and SQLSTATEs, as each client exposes them) must be identical once the database names are replaced by
 * {@code <db>}. Subclasses add the scenarios of one client family.
 */
abstract class ConformanceSuite {

    static final String USER = "app";
    static final String PASSWORD = "app-Pw-1";

    @RegisterExtension
    static final MariaDbServers DB = MariaDbServers.of(1, MariaDbOptions.defaults()
            .withSettings("local_infile=ON", "max_allowed_packet=64M"));

    private static final AtomicInteger DATABASES = new AtomicInteger();
    static ProxyServer proxy;

    /** Where a scenario connects: the database is created empty for it. */
    record Endpoint(String name, HostPort address, String database) {
        String host() {
            return address.host();
        }

        int port() {
            return address.port();
        }
    }

    /** Runs against one endpoint and describes everything the client saw, as text. */
    @FunctionalInterface
    interface Scenario {
        String observe(Endpoint endpoint) throws Exception;
    }

    @BeforeAll
    static void startProxy() throws Exception {
        DB.get(0).execute("CREATE USER IF NOT EXISTS " + USER + "@'%' IDENTIFIED BY '" + PASSWORD + "'",
                "GRANT ALL ON *.* TO " + USER + "@'%' WITH GRANT OPTION");
        proxy = TestProxies.leaderOf(DB.get(0));
    }

    @AfterAll
    static void stopProxy() {
        if (proxy != null) {
            proxy.close();
        }
    }

    static Endpoint direct(String database) {
        return new Endpoint("direct", TestProxies.hostPort(DB.get(0)), database);
    }

    static Endpoint proxied(String database) {
        return new Endpoint("proxy", proxy.address(), database);
    }

    /** The database name (also hex-encoded) becomes {@code <db>}; connection ids differ by design. */
    static String normalize(String observation, String database) {
        return observation.replace(database, "<db>")
                .replace(java.util.HexFormat.of().formatHex(database.getBytes(java.nio.charset.StandardCharsets.UTF_8)),
                        "<db-hex>")
                .replaceAll("\\(conn=\\d+\\)", "(conn=N)");
    }

    /** Runs the scenario directly and through the proxy and asserts the observations are identical. */
    static String assertSameOnBoth(Scenario scenario) throws Exception {
        int n = DATABASES.incrementAndGet();
        String directDb = "conf_d" + n;
        String proxyDb = "conf_p" + n;
        DB.get(0).execute("CREATE DATABASE " + directDb, "CREATE DATABASE " + proxyDb);
        String expected = normalize(scenario.observe(direct(directDb)), directDb);
        String actual = normalize(scenario.observe(proxied(proxyDb)), proxyDb);
        assertThat(expected).as("the scenario observed something").isNotBlank();
        assertThat(actual).as("through the proxy (direct observation first)").isEqualTo(expected);
        return actual;
    }
}
