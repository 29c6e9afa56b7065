package com.wolfscale.node;

import static org.assertj.core.api.Assertions.assertThat;

import com.wolfscale.cli.Wolfctl;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class WolfscaleCommandTest {

    @TempDir
    Path dir;

    record Run(int exit, String out, String err) { }

    static Run run(CommandLine cli, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        int exit = cli.execute(args);
        return new Run(exit, out.toString(), err.toString());
    }

    private Path copy(String resource) throws IOException {
        Path target = dir.resolve(resource);
        try (InputStream in = getClass().getResourceAsStream("/config/" + resource)) {
            Files.copy(in, target);
        }
        return target;
    }

    @Test
    void validateAcceptsTheOriginalsExample() throws Exception {
        Run r = run(WolfscaleCommand.commandLine(), "validate", "-c", copy("original-example.toml").toString());
        assertThat(r.exit()).isZero();
        assertThat(r.out()).contains("valid (node node-1");
    }

    @Test
    void validateRejectsThreeMistakesNamingAll() throws Exception {
        Path file = copy("three-mistakes.toml");
        Run r = run(WolfscaleCommand.commandLine(), "validate", "-c", file.toString());
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.err()).contains(file + ":2: error: node.id")
                .contains(file + ":7: error: database.port")
                .contains(file + ":12: error: cluster.heartbeat_intervl_ms")
                .contains("3 error(s)");
    }

    @Test
    void initWritesAPrivateConfigThatValidatesAndRefusesToOverwrite() throws Exception {
        Path file = dir.resolve("sub/wolfscale.toml");
        Run init = run(WolfscaleCommand.commandLine(), "init", "-o", file.toString(), "--node-id", "db-3");
        assertThat(init.exit()).isZero();
        assertThat(Files.getPosixFilePermissions(file)).isEqualTo(PosixFilePermissions.fromString("rw-------"));
        assertThat(run(WolfscaleCommand.commandLine(), "validate", "-c", file.toString()).exit()).isZero();
        assertThat(run(WolfscaleCommand.commandLine(), "init", "-o", file.toString()).exit()).isEqualTo(1);
        assertThat(run(WolfscaleCommand.commandLine(), "init", "-o", file.toString(), "--force").exit()).isZero();
    }

    @Test
    void infoMasksSecrets() throws Exception {
        Path file = dir.resolve("w.toml");
        run(WolfscaleCommand.commandLine(), "init", "-o", file.toString(), "--node-id", "n1");
        String secret = Files.readAllLines(file).stream().filter(l -> l.startsWith("secret = ")).findFirst().orElseThrow();
        Run info = run(WolfscaleCommand.commandLine(), "info", "-c", file.toString());
        assertThat(info.exit()).isZero();
        assertThat(info.out()).contains("[cluster]").contains("secret = \"********\"")
                .doesNotContain(secret.substring("secret = ".length()));
    }

    @Test
    void helpAndUsageErrors() {
        Run help = run(WolfscaleCommand.commandLine(), "--help");
        assertThat(help.out()).as(help.toString()).contains("validate", "info", "init");
        assertThat(run(WolfscaleCommand.commandLine(), "validate", "--help").out()).contains("--config");
        assertThat(run(WolfscaleCommand.commandLine(), "-l", "warn", "validate", "--help").exit()).isZero();
        assertThat(run(WolfscaleCommand.commandLine(), "no-such-command").exit()).isEqualTo(2);
        assertThat(run(Wolfctl.commandLine(), "--help").out()).contains("check-config");
    }

    @Test
    void wolfctlCheckConfigExitCodes() throws Exception {
        assertThat(run(Wolfctl.commandLine(), "check-config", "-f", copy("original-installer.toml").toString()).exit()).isZero();
        assertThat(run(Wolfctl.commandLine(), "check-config", "-f", copy("three-mistakes.toml").toString()).exit()).isEqualTo(1);
    }
}
