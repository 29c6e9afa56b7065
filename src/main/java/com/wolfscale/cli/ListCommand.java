package com.wolfscale.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.wolfscale.api.OriginalNames;
import com.wolfscale.api.model.ClusterView;
import com.wolfscale.api.model.NodeState;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code wolfctl list servers}: every node with status, role, address and lag, and the expected successor. */
@Command(name = "list", mixinStandardHelpOptions = true, description = "List cluster objects.",
        subcommands = ListCommand.Servers.class)
final class ListCommand implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "say what to list: wolfctl list servers");
    }

    @Command(name = "servers", mixinStandardHelpOptions = true,
            description = "Every node: ID | STATUS | ROLE | ADDRESS | LAG, and who would lead if the leader failed.")
    static final class Servers implements Callable<Integer> {

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() throws CliFailure {
            Wolfctl root = Wolfctl.root(spec);
            JsonNode json = root.client().get("/cluster");
            PrintWriter out = spec.commandLine().getOut();
            if (root.json) {
                Wolfctl.printJson(out, json);
                return 0;
            }
            ClusterView c = ApiClient.convert(json, ClusterView.class);
            var s = c.summary();
            out.println("Total: " + s.totalNodes() + " nodes | Active: " + s.activeNodes() + " | Leader: "
                    + (s.leaderId() == null ? "NONE" : s.leaderId()) + " | Commit LSN: " + s.commitLsn());
            List<String[]> rows = new ArrayList<>();
            rows.add(new String[] {"ID", "STATUS", "ROLE", "ADDRESS", "LAG"});
            for (NodeState n : c.nodes()) {
                rows.add(new String[] {n.id(), OriginalNames.upper(n.status()), OriginalNames.upper(n.role()),
                        n.address() != null ? n.address() : n.apiAddress() != null ? n.apiAddress() : "?", lag(n)});
            }
            Table.print(out, rows);
            out.println("Expected successor: " + (s.expectedSuccessor() == null ? "NONE (no other node can lead now)"
                    : s.expectedSuccessor()) + "   (as seen by " + s.answeredBy() + ")");
            return 0;
        }

        private static String lag(NodeState n) {
            if (n.replicationLag() == 0) {
                return "0";
            }
            return n.replicationLag() + " rec / " + n.lagMs() + " ms";
        }
    }
}
