package com.wolfscale.demo;

import java.io.PrintStream;
import java.util.Optional;

/**
 * The demo's interactive commands, one per line: fail and restore nodes and their databases the way
 * production fails (SIGKILL of the process, a stopped MariaDB), and quit.
 */
final class DemoConsole {

    static final String HELP = """
            commands:  kill X      SIGKILL node X's wolfscale process (X = a, b, c ... or node-a ...)
                       start X     start node X's wolfscale process again (with its data)
                       stop-db X   stop node X's MariaDB (clean shutdown)
                       start-db X  start node X's MariaDB again
                       status      print the status now
                       quit        stop everything%s
            """;

    private final DemoCluster cluster;
    private final StatusBoard board;
    private final PrintStream out;

    DemoConsole(DemoCluster cluster, StatusBoard board, PrintStream out) {
        this.cluster = cluster;
        this.board = board;
        this.out = out;
    }

    static String help(boolean temporary) {
        return HELP.formatted(temporary ? " and delete the temporary directory" : " (the data stays)");
    }

    /** Carries out one command line; false when it was {@code quit}. */
    boolean execute(String line) {
        String[] words = line.trim().split("\\s+");
        if (words[0].isEmpty()) {
            return true;
        }
        String verb = words[0].toLowerCase(java.util.Locale.ROOT);
        try {
            switch (verb) {
                case "quit", "exit" -> {
                    return false;
                }
                case "status" -> out.print(board.render());
                case "help", "?" -> out.print(help(cluster.temporary()));
                case "kill", "start", "stop-db", "start-db" -> onNode(verb, words);
                default -> out.println("unknown command '" + verb + "'; type help");
            }
        } catch (Exception e) {
            out.println(verb + " failed: " + e.getMessage());
        }
        return true;
    }

    private void onNode(String verb, String[] words) throws Exception {
        if (words.length != 2) {
            out.println("usage: " + verb + " a|b|c (the node's letter or id)");
            return;
        }
        Optional<DemoNode> found = cluster.node(words[1]);
        if (found.isEmpty()) {
            out.println("no node '" + words[1] + "': the nodes are " + cluster.nodes().stream()
                    .map(n -> String.valueOf(n.letter())).toList());
            return;
        }
        DemoNode n = found.get();
        switch (verb) {
            case "kill" -> {
                Optional<Long> pid = n.pid();
                n.kill();
                out.println(pid.map(p -> "killed " + n.id() + " (SIGKILL to pid " + p + "); its MariaDB keeps running")
                        .orElse(n.id() + " is not running"));
            }
            case "start" -> {
                n.start();
                out.println("started " + n.id() + " (pid " + n.pid().map(String::valueOf).orElse("?") + "), log "
                        + n.log());
            }
            case "stop-db" -> {
                n.db().stop();
                out.println("stopped the MariaDB of " + n.id() + "; its node reports the database unhealthy");
            }
            default -> {
                n.db().start();
                out.println("started the MariaDB of " + n.id() + " again on port " + n.db().port());
            }
        }
    }
}
