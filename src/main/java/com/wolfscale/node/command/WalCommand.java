package com.wolfscale.node.command;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code wolfscale wal}: offline tools for a node's write-ahead log. */
@Command(name = "wal", mixinStandardHelpOptions = true, description = "Offline tools for the write-ahead log.",
        subcommands = {WalVerifyCommand.class, CommandLine.HelpCommand.class})
public final class WalCommand implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
