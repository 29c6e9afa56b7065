package com.wolfscale.node.command;

import com.wolfscale.config.ConfigException;
import com.wolfscale.config.ConfigLoader;
import com.wolfscale.config.EffectiveConfigRenderer;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code wolfscale info}: the effective configuration, defaults included, secrets masked. */
@Command(name = "info", mixinStandardHelpOptions = true,
        description = "Show the effective configuration (defaults included, secrets masked).")
public final class InfoCommand implements Callable<Integer> {

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    private java.io.PrintWriter out() {
        return spec.commandLine().getOut();
    }

    private java.io.PrintWriter err() {
        return spec.commandLine().getErr();
    }

    @Mixin
    ConfigOption config;

    @Override
    public Integer call() {
        try {
            out().print(EffectiveConfigRenderer.render(ConfigLoader.load(config.resolve())));
            return 0;
        } catch (ConfigException e) {
            return ValidateCommand.report(e, err());
        }
    }
}
