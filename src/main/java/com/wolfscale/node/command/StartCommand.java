package com.wolfscale.node.command;

import com.wolfscale.config.ConfigException;
import com.wolfscale.config.ConfigLoader;
import com.wolfscale.config.LoadedConfig;
import com.wolfscale.node.LogSetup;
import com.wolfscale.node.NodeRuntime;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code wolfscale start}: run this node until SIGTERM/SIGINT. */
@Command(name = "start", mixinStandardHelpOptions = true,
        description = "Run this node (WAL, cluster, capture/apply, fencing) until stopped with SIGTERM; a leader "
                + "hands leadership to a caught-up follower before it exits.")
public final class StartCommand implements Callable<Integer> {

    /** How long a stopping leader waits for its successor to take over; systemd's TimeoutStopSec covers it. */
    static final Duration HANDOVER_WAIT = Duration.ofSeconds(3);

    @Mixin
    ConfigOption config;

    @Option(names = "--bootstrap", description = "Start a NEW cluster with this node as its first leader "
            + "(refused if this node or its peers already form a cluster).")
    boolean bootstrap;

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        LoadedConfig loaded;
        try {
            loaded = ConfigLoader.load(config.resolve());
        } catch (ConfigException e) {
            return ValidateCommand.report(e, spec.commandLine().getErr());
        }
        LogSetup.apply(loaded.config().logging(), Optional.ofNullable(System.getProperty("wolfscale.logLevel")));
        NodeRuntime node;
        try {
            node = NodeRuntime.start(loaded.config(), bootstrap || loaded.config().cluster().bootstrap());
        } catch (IllegalStateException | IllegalArgumentException e) {
            spec.commandLine().getErr().println("wolfscale start: " + e.getMessage());
            return 1;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            node.stop(HANDOVER_WAIT);
            stopped.countDown();
        }, "shutdown"));
        stopped.await();
        return 0;
    }
}
