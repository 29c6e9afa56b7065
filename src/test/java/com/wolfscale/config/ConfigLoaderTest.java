package com.wolfscale.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ConfigLoaderTest {

    static String resource(String name) throws IOException {
        try (InputStream in = ConfigLoaderTest.class.getResourceAsStream("/config/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    static LoadedConfig load(String text) throws ConfigException {
        return ConfigLoader.parse(text, "test.toml", Map.of());
    }

    static ConfigException failure(String text) {
        try {
            load(text);
        } catch (ConfigException e) {
            return e;
        }
        throw new AssertionError("expected the config to be rejected:\n" + text);
    }

    private static final String MINIMAL = """
            [node]
            id = "n1"
            bind_address = "127.0.0.1:7654"
            [database]
            host = "127.0.0.1"
            user = "wolfscale"
            password = "pw"
            """;

    @ParameterizedTest
    @ValueSource(strings = {"original-example.toml", "original-init.toml", "original-installer.toml",
            "original-installer-v1.toml"})
    void theOriginalsTemplatesLoad(String name) throws Exception {
        LoadedConfig loaded = load(resource(name));
        assertThat(loaded.config().node().id()).isNotBlank();
        assertThat(loaded.warnings()).noneMatch(ConfigProblem::isError);
    }

    @Test
    void theOriginalsValuesTakeEffect() throws Exception {
        WolfscaleConfig c = load(resource("original-init.toml")).config();
        assertThat(c.cluster().heartbeatInterval()).isEqualTo(Duration.ofMillis(500));
        assertThat(c.cluster().electionTimeout()).isEqualTo(Duration.ofMillis(2000));
        assertThat(c.cluster().electionTimeoutMin()).isEqualTo(Duration.ofMillis(1000));
        assertThat(c.cluster().electionTimeoutMax()).isEqualTo(Duration.ofMillis(1500));
        assertThat(c.wal().flushInterval()).isEqualTo(Duration.ofMillis(100));
        assertThat(c.wal().retentionHours()).isEqualTo(168);
        assertThat(c.database().database()).contains("myapp");
        assertThat(c.cluster().peers()).containsExactly(
                new PeerAddress(java.util.Optional.of("node-1"), new HostPort("10.0.0.1", 7654)),
                new PeerAddress(java.util.Optional.empty(), new HostPort("10.0.0.3", 7654)));
        assertThat(c.proxy().bindAddress()).isEqualTo(new HostPort("0.0.0.0", 8007));
        assertThat(c.replication().mode()).isEqualTo(ReplicationMode.PROXY);
    }

    @Test
    void threeDifferentMistakesAreAllReportedWithKeyAndLine() throws Exception {
        ConfigException e = failure(resource("three-mistakes.toml"));
        List<ConfigProblem> errors = e.errors();
        assertThat(errors).extracting(ConfigProblem::keyPath)
                .containsExactly("node.id", "database.port", "cluster.heartbeat_intervl_ms");
        assertThat(errors).extracting(ConfigProblem::line).containsExactly(2, 7, 12);
        assertThat(errors.get(0).message()).contains("not a valid node id");
        assertThat(errors.get(1).message()).contains("expected a whole number").contains("\"3306\"");
        assertThat(errors.get(2).message()).contains("unknown key").contains("did you mean heartbeat_interval_ms?");
        assertThat(e.getMessage()).contains("test.toml:12: error: cluster.heartbeat_intervl_ms");
    }

    @Test
    void missingRequiredKeysAreNamed() {
        ConfigException e = failure("[node]\nid = \"a\"\n");
        assertThat(e.errors()).extracting(ConfigProblem::keyPath)
                .contains("node.bind_address", "database.host", "database.user", "database.password");
    }

    @Test
    void aKeyInTheWrongSectionIsPointedToItsSection() {
        ConfigException e = failure(MINIMAL + "[cluster]\nretention_hours = 24\n");
        assertThat(e.errors()).singleElement().satisfies(p -> {
            assertThat(p.keyPath()).isEqualTo("cluster.retention_hours");
            assertThat(p.message()).contains("belongs in [wal]");
        });
    }

    @Test
    void unknownSectionsAndTopLevelKeysAreErrors() {
        ConfigException e = failure(MINIMAL + "[clustr]\npeers = []\n");
        assertThat(e.errors()).singleElement().satisfies(p ->
                assertThat(p.message()).contains("unknown section").contains("did you mean [cluster]?"));
        ConfigException top = failure("debug = true\n" + MINIMAL);
        assertThat(top.errors()).singleElement().satisfies(p -> assertThat(p.keyPath()).isEqualTo("debug"));
    }

    @Test
    void rangeEnumAndAddressProblems() {
        ConfigException e = failure(MINIMAL + """
                [cluster]
                mode = "quorom"
                peers = ["10.0.0.2", "10.0.0.3:7654", "10.0.0.3:7654"]
                heartbeat_interval_ms = 400
                election_timeout_ms = 500
                [api]
                bind_address = "8080"
                [wal]
                segment_size_mb = 0
                """);
        assertThat(e.errors()).extracting(ConfigProblem::keyPath).containsExactlyInAnyOrder(
                "cluster.mode", "cluster.peers", "cluster.peers", "cluster.heartbeat_interval_ms",
                "api.bind_address", "wal.segment_size_mb");
        assertThat(e.getMessage()).contains("use one of \"quorum\", \"available\"");
    }

    @Test
    void invalidTomlReportsTheLine() {
        ConfigException e = failure("[node]\nid = \"a\"\nbind_address = \n");
        assertThat(e.errors()).singleElement().satisfies(p -> {
            assertThat(p.line()).isEqualTo(3);
            assertThat(p.message()).startsWith("not valid TOML");
        });
    }

    @Test
    void secretsComeFromTheEnvironmentAndAreNeverRendered() throws Exception {
        String text = MINIMAL.replace("password = \"pw\"\n", "") + "[cluster]\npeers = [\"10.0.0.2:7654\"]\n";
        LoadedConfig loaded = ConfigLoader.parse(text, "t.toml", Map.of(
                "WOLFSCALE_DATABASE_PASSWORD", "from-env-pw",
                "WOLFSCALE_CLUSTER_SECRET", "0123456789abcdef-cluster",
                "WOLFSCALE_API_TOKEN", "token-from-env"));
        assertThat(loaded.config().database().password().value()).isEqualTo("from-env-pw");
        assertThat(loaded.config().cluster().secret()).map(Secret::value).contains("0123456789abcdef-cluster");
        assertThat(loaded.config().api().token()).map(Secret::value).contains("token-from-env");
        String info = EffectiveConfigRenderer.render(loaded);
        assertThat(info).doesNotContain("from-env-pw", "0123456789abcdef-cluster", "token-from-env")
                .contains("password = \"********\"  # from the environment")
                .contains("heartbeat_interval_ms = 100  # default");
    }

    @Test
    void aShortClusterSecretIsRejected() {
        ConfigException e = failure(MINIMAL + "[cluster]\nsecret = \"short\"\n");
        assertThat(e.errors()).singleElement().satisfies(p -> assertThat(p.keyPath()).isEqualTo("cluster.secret"));
        assertThat(e.getMessage()).doesNotContain("\"short\"");
    }

    @Test
    void multiNodeWithoutSecretOrTokenWarns() throws Exception {
        LoadedConfig loaded = load(MINIMAL + "[cluster]\npeers = [\"10.0.0.2:7654\"]\n");
        assertThat(loaded.warnings()).extracting(ConfigProblem::keyPath).contains("cluster.secret", "api.token");
    }

    @Test
    void sslRequiresReadableFilesAndSslRequiredNeedsSsl() {
        ConfigException e = failure(MINIMAL + "[proxy]\nssl_enabled = true\nssl_cert = \"/nonexistent/c.pem\"\n");
        assertThat(e.errors()).extracting(ConfigProblem::keyPath).containsExactly("proxy.ssl_cert", "proxy.ssl_key");
        ConfigException required = failure(MINIMAL + "[proxy]\nssl_required = true\n");
        assertThat(required.errors()).extracting(ConfigProblem::keyPath).containsExactly("proxy.ssl_required");
    }

    @Test
    void minQuorumMustBeAMajority() {
        ConfigException e = failure(MINIMAL + "[cluster]\npeers = [\"a:1\", \"b:1\"]\nmin_quorum = 1\n");
        assertThat(e.errors()).singleElement().satisfies(p -> assertThat(p.message()).contains("between 2 and 3"));
    }

    @Test
    void ownIdAmongPeersIsAnError() {
        ConfigException e = failure(MINIMAL + "[cluster]\npeers = [\"n1@10.0.0.9:7654\"]\n");
        assertThat(e.errors()).singleElement().satisfies(p -> assertThat(p.message()).contains("own id"));
    }

    @Test
    void theInitTemplateValidatesWithoutWarningsAboutSecrets() throws Exception {
        SecureRandom random = new SecureRandom();
        String text = ConfigTemplate.render("node-7", ConfigTemplate.generateSecret(random),
                ConfigTemplate.generateSecret(random));
        LoadedConfig loaded = load(text);
        assertThat(loaded.config().node().id()).isEqualTo("node-7");
        assertThat(loaded.config().cluster().secret()).isPresent();
        assertThat(loaded.config().api().token()).isPresent();
        assertThat(loaded.warnings()).isEmpty();
        assertThat(ConfigTemplate.generateSecret(random)).hasSize(43).isNotEqualTo(ConfigTemplate.generateSecret(random));
    }

    @Test
    void theTemplateRefusesAnInvalidId() {
        assertThatThrownBy(() -> ConfigTemplate.render("bad id", "s", "t")).hasMessageContaining("invalid node id");
    }

    @Test
    void defaultsAreFilledIn() throws Exception {
        WolfscaleConfig c = load(MINIMAL).config();
        assertThat(c.database().port()).isEqualTo(3306);
        assertThat(c.api().bindAddress()).isEqualTo(new HostPort("0.0.0.0", 8080));
        assertThat(c.cluster().mode()).isEqualTo(ClusterMode.QUORUM);
        assertThat(c.cluster().failback()).isTrue();
        assertThat(c.replication().durability()).isEqualTo(Durability.QUORUM);
        assertThat(c.proxy().causalReads()).isEqualTo(CausalReads.SESSION);
        assertThat(c.wal().fsync()).isTrue();
        assertThat(c.cluster().electionTimeoutMin()).isEqualTo(c.cluster().electionTimeout());
    }
}
