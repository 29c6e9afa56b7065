package com.wolfscale.proxy.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The conformance scenario for a non-JVM client: Node's {@code mysql2} (which does not negotiate
 * CLIENT_DEPRECATE_EOF), with {@code query()} (text protocol, multi-statements) and {@code execute()}
 * (binary protocol), COM_CHANGE_USER and COM_PING. mysql2 is installed with npm, at a pinned version, into
 * {@code target/node-mysql2}; without node and npm the test fails and says what to install.
 */
class NodeMysql2ConformanceIT extends ConformanceSuite {

    static final String MYSQL2_VERSION = "3.24.6";
    private static final Path MODULES = Path.of("target", "node-mysql2");
    private static Path script;

    @BeforeAll
    static void installMysql2() throws Exception {
        for (String tool : List.of("node", "npm")) {
            String found = CliConformanceIT.run(List.of("sh", "-c", "command -v " + tool + " || echo missing"), null, null);
            assertThat(found).as(tool + " is needed for this test: install Node.js 18+ and npm (apt-get install nodejs npm)")
                    .doesNotContain("missing");
        }
        Path installed = MODULES.resolve("node_modules/mysql2/package.json");
        if (!Files.exists(installed) || !Files.readString(installed).contains("\"version\": \"" + MYSQL2_VERSION + "\"")) {
            Files.createDirectories(MODULES);
            String out = CliConformanceIT.run(List.of("npm", "install", "--prefix", MODULES.toString(), "--no-audit",
                    "--no-fund", "--no-save", "mysql2@" + MYSQL2_VERSION), null, null);
            assertThat(Files.exists(installed)).as("npm install mysql2@" + MYSQL2_VERSION + ":\n" + out).isTrue();
        }
        script = Files.createTempFile("mysql2", ".js");
        try (var in = NodeMysql2ConformanceIT.class.getResourceAsStream("/proxy/mysql2-conformance.js")) {
            Files.write(script, in.readAllBytes());
        }
    }

    @Test
    void queryExecuteChangeUserAndPing() throws Exception {
        String observed = assertSameOnBoth(e -> node(e));
        assertThat(observed).contains("\"step\":\"execute-again\"").contains("emoji 😀").contains("\"len\":20971520")
                .doesNotContain("fatal");
    }

    private static String node(Endpoint e) throws IOException, InterruptedException {
        String out = CliConformanceIT.run(List.of("env", "NODE_PATH=" + MODULES.resolve("node_modules").toAbsolutePath(),
                "node", script.toString(), e.host(), Integer.toString(e.port()), USER, PASSWORD, e.database()), null, null);
        return out;
    }
}
