package com.wolfscale.node.command;

import com.wolfscale.config.ConfigLocator;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** The {@code -c/--config} option shared by every command that reads the configuration. */
public final class ConfigOption {

    @Option(names = {"-c", "--config"}, paramLabel = "FILE",
            description = "Configuration file (default: $WOLFSCALE_CONFIG, else ./wolfscale.toml, "
                    + "/etc/wolfscale/wolfscale.toml, /opt/wolfscale/wolfscale.toml, /etc/wolfscale/config.toml).")
    Path file;

    public Path resolve() {
        return ConfigLocator.locate(file, System.getenv());
    }
}
