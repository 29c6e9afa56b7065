package com.wolfscale.node;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Runs bin/wolfscale and bin/wolfctl as an operator would: from the checkout and from an installed layout. */
class LauncherIT {

    static final Path CHECKOUT = Path.of("").toAbsolutePath();

    @TempDir
    Path dir;

    record Result(int exit, String output) { }

    static Result run(Path executable, String... args) throws Exception {
        List<String> cmd = new ArrayList<>();
        cmd.add(executable.toString());
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
        return new Result(p.exitValue(), out);
    }

    private Path fixture(String name) throws IOException {
        Path target = dir.resolve(name);
        try (InputStream in = getClass().getResourceAsStream("/config/" + name)) {
            Files.copy(in, target);
        }
        return target;
    }

    @Test
    void helpWorksForBothTools() throws Exception {
        Result ws = run(CHECKOUT.resolve("bin/wolfscale"), "--help");
        assertThat(ws.exit()).isZero();
        assertThat(ws.output()).contains("validate", "info", "init");
        Result ctl = run(CHECKOUT.resolve("bin/wolfctl"), "--help");
        assertThat(ctl.exit()).isZero();
        assertThat(ctl.output()).contains("check-config");
    }

    @Test
    void validateAcceptsTheOriginalsConfigsAndRejectsMistakes() throws Exception {
        for (String name : List.of("original-example.toml", "original-init.toml", "original-installer.toml",
                "original-installer-v1.toml")) {
            Result r = run(CHECKOUT.resolve("bin/wolfscale"), "validate", "-c", fixture(name).toString());
            assertThat(r.exit()).as(name + ": " + r.output()).isZero();
        }
        Result bad = run(CHECKOUT.resolve("bin/wolfscale"), "validate", "-c", fixture("three-mistakes.toml").toString());
        assertThat(bad.exit()).isEqualTo(1);
        assertThat(bad.output()).contains("node.id", "database.port", "cluster.heartbeat_intervl_ms", "3 error(s)");
    }

    @Test
    void initOutputValidates() throws Exception {
        Path config = dir.resolve("wolfscale.toml");
        assertThat(run(CHECKOUT.resolve("bin/wolfscale"), "init", "-o", config.toString(), "--node-id", "n1").exit())
                .isZero();
        Result r = run(CHECKOUT.resolve("bin/wolfscale"), "validate", "-c", config.toString());
        assertThat(r.exit()).as(r.output()).isZero();
    }

    @Test
    void worksFromAnInstalledLayout() throws Exception {
        Path prefix = dir.resolve("opt/wolfscale");
        Files.createDirectories(prefix.resolve("bin"));
        Files.createDirectories(prefix.resolve("lib"));
        for (String f : List.of("wolfscale", "wolfctl", "launcher.sh")) {
            Files.copy(CHECKOUT.resolve("bin").resolve(f), prefix.resolve("bin").resolve(f));
        }
        Files.copy(CHECKOUT.resolve("target/wolfscale.jar"), prefix.resolve("lib/wolfscale.jar"));
        // a symlink in /usr/local/bin style must resolve to the installed prefix
        Path link = dir.resolve("wolfctl-link");
        Files.createSymbolicLink(link, prefix.resolve("bin/wolfctl"));
        assertThat(run(prefix.resolve("bin/wolfscale"), "--version").output()).contains("WolfScale");
        assertThat(run(link, "--version").output()).contains("wolfctl");
    }
}
