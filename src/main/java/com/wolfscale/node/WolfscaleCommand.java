package com.wolfscale.node;

import com.wolfscale.node.command.DemoCommand;
import com.wolfscale.node.command.InfoCommand;
import com.wolfscale.node.command.InitCommand;
import com.wolfscale.node.command.StartCommand;
import com.wolfscale.node.command.ValidateCommand;
import com.wolfscale.node.command.WalCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/** {@code wolfscale}: the node binary. Each sub-command is its own class. */
@Command(name = "wolfscale", mixinStandardHelpOptions = true, versionProvider = Version.class,
        description = "WolfScale: high-availability replication layer for MariaDB.",
        subcommands = {StartCommand.class, ValidateCommand.class, InfoCommand.class, InitCommand.class, WalCommand.class,
                DemoCommand.class, CommandLine.HelpCommand.class})
public final class WolfscaleCommand implements Runnable {

    @Option(names = {"-l", "--log-level"}, scope = ScopeType.INHERIT,
            description = "Log level: trace, debug, info, warn, error, off (overrides [logging] level).")
    void logLevel(String level) {
        LogSetup.setLevel(level);
        System.setProperty("wolfscale.logLevel", level); // a command that applies [logging] keeps -l on top
    }

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
        return new CommandLine(new WolfscaleCommand()).setCaseInsensitiveEnumValuesAllowed(true);
    }
}
