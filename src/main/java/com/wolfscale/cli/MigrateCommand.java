package com.wolfscale.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code wolfctl migrate --from NODE}: the node the endpoint points at replaces its data by a snapshot of
 * NODE and catches up from the log; progress is shown until it is done.
 */
@Command(name = "migrate", mixinStandardHelpOptions = true,
        description = {"Replace the data of the node the endpoint points at (it must not be the leader) by a "
                + "consistent snapshot of another node, then catch up from the log. Its databases are emptied first.",
                "Progress (bytes, tables, ETA) is printed every second until it is done; an interrupted migration "
                        + "can simply be run again."})
final class MigrateCommand implements Callable<Integer> {

    @Option(names = "--from", paramLabel = "NODE",
            description = "The node to copy (default: an ACTIVE follower, else the leader).")
    String from;

    @Option(names = "--no-wait", description = "Start it and return; follow it with GET /admin/migrate.")
    boolean noWait;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws CliFailure, InterruptedException {
        Wolfctl root = Wolfctl.root(spec);
        PrintWriter out = spec.commandLine().getOut();
        JsonNode state = root.client().post("/admin/migrate", from == null ? Map.of() : Map.of("from", from));
        if (noWait) {
            print(root, out, state);
            return 0;
        }
        while (state.path("state").asText().equals("RUNNING")) {
            if (!root.json) {
                print(root, out, state);
            }
            Thread.sleep(1000);
            state = root.client().get("/admin/migrate");
        }
        print(root, out, state);
        return state.path("state").asText().equals("DONE") ? 0 : 1;
    }

    private static void print(Wolfctl root, PrintWriter out, JsonNode s) {
        if (root.json) {
            out.println(s.toString());
        } else if (s.path("state").asText().equals("RUNNING")) {
            long eta = s.path("eta_seconds").asLong(-1);
            out.printf("migrating from %s: %,d bytes, %d/%d tables%s%s%n", s.path("from").asText(),
                    s.path("bytes").asLong(), s.path("tables_loaded").asInt(), s.path("tables_total").asInt(),
                    s.path("current_table").isTextual() ? ", at " + s.path("current_table").asText() : "",
                    eta >= 0 ? ", about " + eta + " s left" : "");
        } else if (s.path("state").asText().equals("DONE")) {
            out.printf("migration from %s done: snapshot at LSN %d loaded (%,d bytes, %d tables); the node now "
                    + "catches up from the leader%n", s.path("from").asText(), s.path("lsn").asLong(),
                    s.path("bytes").asLong(), s.path("tables_loaded").asInt());
        } else {
            out.printf("migration %s%s%n", s.path("state").asText(),
                    s.path("error").isTextual() ? ": " + s.path("error").asText() : "");
        }
        out.flush();
    }
}
