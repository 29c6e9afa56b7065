package com.wolfscale.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code wolfctl}: the operator's CLI. Exit codes: 0 ok, 1 the cluster (or the config) said no, 2 usage.
 */
@Command(name = "wolfctl", mixinStandardHelpOptions = true, versionProvider = WolfctlVersion.class,
        description = "Manage and observe a WolfScale cluster.",
        subcommands = {CheckConfigCommand.class, CommandLine.HelpCommand.class})
public final class Wolfctl implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    public static CommandLine commandLine() {
        return new CommandLine(new Wolfctl());
    }
}
