package com.wolfscale.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.wolfscale.api.model.AdminRequests;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code wolfctl promote [NODE]}: a real switchover, waited for until NODE leads. */
@Command(name = "promote", mixinStandardHelpOptions = true,
        description = "Hand leadership to NODE (default: the node the endpoint points at) and wait until it leads.")
final class PromoteCommand implements Callable<Integer> {

    @Parameters(arity = "0..1", paramLabel = "NODE", description = "Node id to lead.")
    String node;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws CliFailure {
        Wolfctl root = Wolfctl.root(spec);
        JsonNode answer = root.client().post("/admin/promote", new AdminRequests.Promote(node));
        return AdminOutput.print(root, spec.commandLine().getOut(), answer);
    }
}
