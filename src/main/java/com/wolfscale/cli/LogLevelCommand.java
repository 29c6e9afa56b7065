package com.wolfscale.cli;

import com.wolfscale.api.model.AdminRequests;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code wolfctl log-level LEVEL}: changes the node's log level at run time (no restart, not persisted). */
@Command(name = "log-level", mixinStandardHelpOptions = true,
        description = "Set the log level of the node the endpoint points at, at run time (not saved).")
final class LogLevelCommand implements Callable<Integer> {

    /** The levels [logging] accepts. */
    enum Level { trace, debug, info, warn, error, off }

    @Parameters(paramLabel = "LEVEL", description = "One of: ${COMPLETION-CANDIDATES}.")
    Level level;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws CliFailure {
        Wolfctl root = Wolfctl.root(spec);
        return AdminOutput.print(root, spec.commandLine().getOut(),
                root.client().post("/admin/log-level", new AdminRequests.LogLevel(level.name())));
    }
}
