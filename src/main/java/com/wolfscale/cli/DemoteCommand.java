package com.wolfscale.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code wolfctl demote}: the leader hands over to the expected successor. */
@Command(name = "demote", mixinStandardHelpOptions = true,
        description = "The node the endpoint points at, if it leads, hands over to the expected successor.")
final class DemoteCommand implements Callable<Integer> {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws CliFailure {
        Wolfctl root = Wolfctl.root(spec);
        return AdminOutput.print(root, spec.commandLine().getOut(), root.client().post("/admin/demote", null));
    }
}
