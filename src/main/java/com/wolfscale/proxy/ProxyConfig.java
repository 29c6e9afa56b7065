package com.wolfscale.proxy;

import com.wolfscale.config.CausalReads;
import com.wolfscale.config.DatabaseSection;
import com.wolfscale.config.HostPort;
import com.wolfscale.config.ProxySection;
import com.wolfscale.config.Secret;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * How one node's proxy runs: built by the node from {@code [proxy]} and {@code [database]}
 * ({@link #from}), or directly by tests.
 *
 * @param bindAddress    where clients connect (port 8007 by default)
 * @param tls            certificate and key for TLS via SSLRequest, and whether clients must use it;
 *                       empty when {@code ssl_enabled = false}
 * @param causalReads    what a local read must see ({@code none}, {@code session}, {@code global})
 * @param timeouts       how long the proxy waits, for what
 * @param maxConnections client connections accepted at once; the next gets MariaDB's error 1040
 * @param accountReader  WolfScale's own account on the local MariaDB, used only to read account hashes from
 *                       {@code mysql.user}, never to run a client's statement
 */
public record ProxyConfig(HostPort bindAddress, Optional<Tls> tls, CausalReads causalReads, Timeouts timeouts,
        int maxConnections, AccountReader accountReader) {

    /**
     * @param certificate PEM certificate chain, leaf first
     * @param privateKey  PEM private key (PKCS#8 {@code PRIVATE KEY} or PKCS#1 {@code RSA PRIVATE KEY})
     * @param required    refuse clients that do not switch to TLS (MariaDB's {@code require_secure_transport})
     */
    public record Tls(Path certificate, Path privateKey, boolean required) {
    }

    /**
     * @param handshake   a client must finish logging in within this time
     * @param idle        a client silent between commands for this long is disconnected (MariaDB's
     *                    {@code wait_timeout})
     * @param causalWait  how long a read waits for the local database to catch up before going to the leader
     * @param failoverWait how long a leader-bound statement waits for a new leader during an election
     */
    public record Timeouts(Duration handshake, Duration idle, Duration causalWait, Duration failoverWait) {

        public static final Duration DEFAULT_HANDSHAKE = Duration.ofSeconds(10);
        public static final Duration DEFAULT_IDLE = Duration.ofHours(8);
    }

    /** @param user account with SELECT on {@code mysql.global_priv} (or {@code mysql.user}) */
    public record AccountReader(String user, Secret password) {
    }

    public ProxyConfig {
        if (maxConnections < 1) {
            throw new IllegalArgumentException("max_connections must be at least 1, not " + maxConnections);
        }
    }

    /** The proxy settings of a validated configuration. */
    public static ProxyConfig from(ProxySection proxy, DatabaseSection database) {
        Optional<Tls> tls = proxy.sslEnabled()
                ? Optional.of(new Tls(proxy.sslCert().orElseThrow(), proxy.sslKey().orElseThrow(), proxy.sslRequired()))
                : Optional.empty();
        Timeouts timeouts = new Timeouts(Timeouts.DEFAULT_HANDSHAKE, Timeouts.DEFAULT_IDLE, proxy.causalWait(),
                proxy.failoverWait());
        return new ProxyConfig(proxy.bindAddress(), tls, proxy.causalReads(), timeouts, proxy.maxConnections(),
                new AccountReader(database.user(), database.password()));
    }

    /** Test and embedding convenience: no TLS, session causality, default timeouts. */
    public static ProxyConfig plain(HostPort bind, AccountReader reader) {
        return new ProxyConfig(bind, Optional.empty(), CausalReads.SESSION,
                new Timeouts(Timeouts.DEFAULT_HANDSHAKE, Timeouts.DEFAULT_IDLE, Duration.ofMillis(50),
                        Duration.ofSeconds(10)), 1000, reader);
    }

    public ProxyConfig withCausalReads(CausalReads mode, Duration wait) {
        return new ProxyConfig(bindAddress, tls, mode,
                new Timeouts(timeouts.handshake(), timeouts.idle(), wait, timeouts.failoverWait()), maxConnections,
                accountReader);
    }

    public ProxyConfig withTimeouts(Timeouts t) {
        return new ProxyConfig(bindAddress, tls, causalReads, t, maxConnections, accountReader);
    }

    public ProxyConfig withMaxConnections(int max) {
        return new ProxyConfig(bindAddress, tls, causalReads, timeouts, max, accountReader);
    }

    public ProxyConfig withTls(Tls settings) {
        return new ProxyConfig(bindAddress, Optional.of(settings), causalReads, timeouts, maxConnections, accountReader);
    }
}
