package com.wolfscale.node.command;

import com.wolfscale.config.ConfigException;
import com.wolfscale.config.ConfigLoader;
import com.wolfscale.config.ConfigProblem;
import com.wolfscale.config.LoadedConfig;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code wolfscale validate}: report every problem of a config file at once; exit 1 if any is an error. */
@Command(name = "validate", mixinStandardHelpOptions = true,
        description = "Check a configuration file and report every problem with its key and line.")
public final class ValidateCommand implements Callable<Integer> {

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
        Path file = config.resolve();
        try {
            LoadedConfig loaded = ConfigLoader.load(file);
            for (ConfigProblem warning : loaded.warnings()) {
                out().println(warning.format(file.toString()));
            }
            out().println(file + ": valid (node " + loaded.config().node().id() + ", "
                    + loaded.config().cluster().configuredSize() + " configured node(s), mode "
                    + loaded.config().cluster().mode().name().toLowerCase(java.util.Locale.ROOT) + ")");
            return 0;
        } catch (ConfigException e) {
            return report(e, err());
        }
    }

    static int report(ConfigException e, java.io.PrintWriter err) {
        for (ConfigProblem p : e.problems()) {
            err.println(p.format(e.source()));
        }
        err.println(e.source() + ": " + e.errors().size() + " error(s)");
        return 1;
    }
}
