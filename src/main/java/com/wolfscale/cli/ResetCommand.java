package com.wolfscale.cli;

import com.wolfscale.api.model.ClusterView;
import com.wolfscale.api.model.NodeState;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code wolfctl reset [--force]}: asks every node's API (not the cluster port, the original's mistake)
 * to reset its local replication state. Each node refuses what it cannot do safely and says why; the
 * command prints every answer and exits 1 if any node refused.
 */
@Command(name = "reset", mixinStandardHelpOptions = true,
        description = "Ask every node to reset its local WAL and state; each refuses where that is unsafe.")
final class ResetCommand implements Callable<Integer> {

    @Option(names = "--force", description = "Do not ask to type RESET.")
    boolean force;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        Wolfctl root = Wolfctl.root(spec);
        PrintWriter out = spec.commandLine().getOut();
        ClusterView cluster = root.client().get("/cluster", ClusterView.class);
        out.println("This asks every node to DELETE its local WAL and replication state:");
        cluster.nodes().forEach(n -> out.println("  " + n.id() + "  " + (n.apiAddress() == null ? "(no API)" : n.apiAddress())));
        if (!force) {
            out.print("Type RESET to continue: ");
            out.flush();
            String line = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
            if (!"RESET".equals(line == null ? null : line.trim())) {
                out.println("Not confirmed; nothing was sent.");
                return 1;
            }
        }
        int refused = 0;
        for (NodeState n : cluster.nodes()) {
            if (n.apiAddress() == null) {
                out.println(n.id() + ": not asked: it advertises no API");
                refused++;
                continue;
            }
            try {
                out.println(n.id() + ": " + root.clientFor(n.apiAddress()).post("/admin/reset", null).path("message").asText());
            } catch (CliFailure e) {
                out.println(n.id() + ": REFUSED: " + e.getMessage());
                refused++;
            }
        }
        return refused == 0 ? 0 : 1;
    }
}
