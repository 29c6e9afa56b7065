package com.wolfscale.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs packaging/install.sh as a non-system install (--prefix into a temporary directory, --no-systemd)
 * and uses what it installed: the launchers, the generated configuration and the rendered systemd unit.
 */
class InstallScriptIT {

    static final Path INSTALL_SH = LauncherIT.CHECKOUT.resolve("packaging/install.sh");

    @TempDir
    Path dir;

    static LauncherIT.Result run(Path executable, String... args) throws Exception {
        return LauncherIT.run(executable, args);
    }

    @Test
    void installsAWorkingLayoutAndKeepsTheConfigurationWhenRunAgain() throws Exception {
        Path prefix = dir.resolve("opt/wolfscale");
        LauncherIT.Result install = run(INSTALL_SH, "--prefix", prefix.toString(), "--no-systemd");
        assertThat(install.exit()).as(install.output()).isZero();
        assertThat(prefix.resolve("lib/wolfscale.jar")).isRegularFile();

        LauncherIT.Result ws = run(prefix.resolve("bin/wolfscale"), "--help");
        assertThat(ws.exit()).as(ws.output()).isZero();
        assertThat(ws.output()).contains("start", "demo", "init");
        LauncherIT.Result ctl = run(prefix.resolve("bin/wolfctl"), "--help");
        assertThat(ctl.exit()).as(ctl.output()).isZero();
        assertThat(ctl.output()).contains("list");

        Path config = prefix.resolve("etc/wolfscale.toml");
        LauncherIT.Result valid = run(prefix.resolve("bin/wolfscale"), "validate", "-c", config.toString());
        assertThat(valid.exit()).as(valid.output()).isZero();
        String text = Files.readString(config, StandardCharsets.UTF_8);
        assertThat(text).contains("data_dir = \"" + prefix.resolve("data") + "/");

        LauncherIT.Result again = run(INSTALL_SH, "--prefix", prefix.toString(), "--no-systemd");
        assertThat(again.exit()).as(again.output()).isZero();
        assertThat(again.output()).contains("keeping the existing " + config);
        assertThat(Files.readString(config, StandardCharsets.UTF_8)).as("configuration untouched").isEqualTo(text);
    }

    @Test
    void dryRunChangesNothing() throws Exception {
        Path prefix = dir.resolve("dry");
        LauncherIT.Result r = run(INSTALL_SH, "--prefix", prefix.toString(), "--no-systemd", "--dry-run");
        assertThat(r.exit()).as(r.output()).isZero();
        assertThat(r.output()).contains("+ install -m 0644", prefix.resolve("lib/wolfscale.jar").toString(), "dry run");
        assertThat(prefix).doesNotExist();
    }

    @Test
    void theRenderedUnitPassesSystemdVerify() throws Exception {
        boolean available = new ProcessBuilder("sh", "-c", "command -v systemd-analyze").start().waitFor() == 0;
        if (!available) {
            System.out.println("InstallScriptIT: systemd-analyze not installed; the unit is not verified");
        }
        assumeTrue(available, "systemd-analyze not installed (package systemd): unit verification skipped");
        Path prefix = dir.resolve("opt/wolfscale");
        assertThat(run(INSTALL_SH, "--prefix", prefix.toString(), "--no-systemd").exit()).isZero();
        Path unit = prefix.resolve("share/wolfscale.service");
        String text = Files.readString(unit, StandardCharsets.UTF_8);
        assertThat(text).contains("ExecStart=" + prefix.resolve("bin/wolfscale") + " start -c "
                + prefix.resolve("etc/wolfscale.toml"), "KillSignal=SIGTERM", "Restart=on-failure", "User=wolfscale");
        List<String> cmd = new ArrayList<>(List.of("systemd-analyze", "verify", unit.toString()));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(out).isZero();
        assertThat(out).as("systemd-analyze warnings").doesNotContain(unit.getFileName().toString() + ":");
    }
}
