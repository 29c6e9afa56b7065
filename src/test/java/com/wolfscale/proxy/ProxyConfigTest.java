package com.wolfscale.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import com.wolfscale.config.CausalReads;
import com.wolfscale.config.ConfigLoader;
import com.wolfscale.config.WolfscaleConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ProxyConfigTest {

    @Test
    void builtFromTheProxyAndDatabaseSections() throws Exception {
        String toml = Files.readString(Path.of("src/test/resources/config/original-example.toml"))
                + "\n[proxy]\nbind_address = \"127.0.0.1:9007\"\ncausal_reads = \"global\"\ncausal_wait_ms = 75\n"
                + "failover_wait_ms = 3000\nmax_connections = 77\n";
        WolfscaleConfig config = ConfigLoader.parse(toml, "test", Map.of()).config();
        ProxyConfig proxy = ProxyConfig.from(config.proxy(), config.database());
        assertThat(proxy.bindAddress().port()).isEqualTo(9007);
        assertThat(proxy.causalReads()).isEqualTo(CausalReads.GLOBAL);
        assertThat(proxy.timeouts().causalWait()).isEqualTo(Duration.ofMillis(75));
        assertThat(proxy.timeouts().failoverWait()).isEqualTo(Duration.ofSeconds(3));
        assertThat(proxy.timeouts().idle()).isEqualTo(Duration.ofHours(8));
        assertThat(proxy.maxConnections()).isEqualTo(77);
        assertThat(proxy.tls()).isEmpty();
        assertThat(proxy.accountReader().user()).isEqualTo("wolfscale");
        assertThat(proxy.accountReader().password().toString()).doesNotContain("secure");
    }

    @Test
    void noLeaderRoutesAreOneRouteWhateverTheirReason() {
        assertThat(new LeaderRoute.NoLeader("election")).isEqualTo(new LeaderRoute.NoLeader("no quorum"));
        assertThat(new LeaderRoute.NoLeader("x")).isNotEqualTo(
                new LeaderRoute.RemoteLeader(new com.wolfscale.config.HostPort("h", 1)));
    }
}
