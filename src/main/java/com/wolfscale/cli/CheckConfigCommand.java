package com.wolfscale.cli;

import com.wolfscale.config.ConfigException;
import com.wolfscale.config.ConfigLoader;
import com.wolfscale.config.ConfigLocator;
import com.wolfscale.config.ConfigProblem;
import com.wolfscale.config.LoadedConfig;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code wolfctl check-config}: the same checks as {@code wolfscale validate}, with the original's flags. */
@Command(name = "check-config", mixinStandardHelpOptions = true,
        description = "Check a configuration file; exit 1 when it has errors.")
public final class CheckConfigCommand implements Callable<Integer> {

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    private java.io.PrintWriter out() {
        return spec.commandLine().getOut();
    }

    private java.io.PrintWriter err() {
        return spec.commandLine().getErr();
    }

    @Option(names = {"-f", "--file"}, paramLabel = "FILE",
            description = "Configuration file (default: -c, else the same search as wolfscale).")
    Path file;

    @Override
    public Integer call() {
        Wolfctl root = Wolfctl.root(spec);
        Path path = ConfigLocator.locate(file != null ? file : root.config, root.environment());
        try {
            LoadedConfig loaded = ConfigLoader.load(path);
            loaded.warnings().forEach(w -> out().println(w.format(path.toString())));
            out().println(path + ": OK");
            return 0;
        } catch (ConfigException e) {
            for (ConfigProblem p : e.problems()) {
                err().println(p.format(e.source()));
            }
            return 1;
        }
    }
}
