package com.wolfscale.demo;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * What {@code wolfscale demo} was asked for.
 *
 * @param nodes       how many nodes (each with its own MariaDB)
 * @param basePort    first of the consecutive ports the nodes listen on (3 per node), or free ports if empty
 * @param dir         where the data lives and stays after exit; empty: a temporary directory, deleted on exit
 * @param interactive read commands (kill, start, ...) from standard input
 * @param duration    stop by itself after this long; empty: run until quit, Ctrl+C or SIGTERM
 */
public record DemoOptions(int nodes, OptionalInt basePort, Optional<Path> dir, boolean interactive,
                          Optional<Duration> duration) {

    public static final int MAX_NODES = 9;

    public DemoOptions {
        if (nodes < 1 || nodes > MAX_NODES) {
            throw new IllegalArgumentException("--nodes must be between 1 and " + MAX_NODES + ", not " + nodes);
        }
        if (basePort.isPresent() && (basePort.getAsInt() < 1024 || basePort.getAsInt() + 3 * nodes > 65535)) {
            throw new IllegalArgumentException("--base-port " + basePort.getAsInt() + " must leave room for "
                    + 3 * nodes + " ports between 1024 and 65535");
        }
        if (!interactive && duration.isEmpty()) {
            throw new IllegalArgumentException("--no-interactive needs --duration SECONDS (otherwise nothing would "
                    + "ever stop the demo but a signal)");
        }
    }
}
