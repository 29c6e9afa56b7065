package com.wolfscale.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.wolfscale.api.ApiJson;
import com.wolfscale.config.ApiSection;
import com.wolfscale.config.ConfigException;
import com.wolfscale.config.ConfigLoader;
import com.wolfscale.config.ConfigLocator;
import com.wolfscale.config.Secret;
import com.wolfscale.config.WolfscaleConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/**
 * {@code wolfctl}: the operator's CLI, over the HTTP API of one node. Exit codes: 0 ok, 1 the cluster (or
 * the config) said no or could not be reached, 2 usage. The options below work before or after the
 * sub-command ({@code wolfctl -c /etc/wolfscale/wolfscale.toml list servers}).
 */
@Command(name = "wolfctl", mixinStandardHelpOptions = true, versionProvider = WolfctlVersion.class,
        description = "Manage and observe a WolfScale cluster.",
        subcommands = {ListCommand.class, StatusCommand.class, StatsCommand.class, PromoteCommand.class,
                DemoteCommand.class, ResetCommand.class, MigrateCommand.class, LogLevelCommand.class, CheckConfigCommand.class,
                TuneMariaDbCommand.class, BinlogSetupCommand.class, CommandLine.HelpCommand.class})
public final class Wolfctl implements Runnable {

    @Option(names = {"-c", "--config"}, scope = ScopeType.INHERIT, paramLabel = "FILE",
            description = "Configuration file: where the API listens and its token (default: $WOLFSCALE_CONFIG, "
                    + "./wolfscale.toml, /etc/wolfscale/wolfscale.toml, ...).")
    Path config;

    @Option(names = {"-e", "--endpoint"}, scope = ScopeType.INHERIT, paramLabel = "URL",
            description = "A node's API, http://host:port or host:port (default: the config's [api] bind_address, "
                    + "else http://127.0.0.1:8080).")
    String endpoint;

    @Option(names = "--json", scope = ScopeType.INHERIT, description = "Print the API's JSON instead of tables.")
    boolean json;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    private final Map<String, String> environment;

    public Wolfctl() {
        this(System.getenv());
    }

    /** @param environment where WOLFSCALE_CONFIG and WOLFSCALE_API_TOKEN are looked up (tests pass their own) */
    public Wolfctl(Map<String, String> environment) {
        this.environment = environment;
    }

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    public static CommandLine commandLine() {
        return commandLine(new Wolfctl());
    }

    public static CommandLine commandLine(Wolfctl root) {
        CommandLine cl = new CommandLine(root).setCaseInsensitiveEnumValuesAllowed(true);
        cl.setExecutionExceptionHandler((e, cmd, parsed) -> {
            if (e instanceof CliFailure) {
                cmd.getErr().println("wolfctl: " + e.getMessage());
                return 1;
            }
            throw e;
        });
        return cl;
    }

    static Wolfctl root(CommandLine.Model.CommandSpec spec) {
        return (Wolfctl) spec.root().userObject();
    }

    Map<String, String> environment() {
        return environment;
    }

    /**
     * The configuration, if one is found: required when given with {@code -c}, optional otherwise.
     *
     * @throws CliFailure when it was asked for explicitly and cannot be loaded
     */
    Optional<WolfscaleConfig> loadConfig() throws CliFailure {
        Path path = ConfigLocator.locate(config, environment);
        if (config == null && !Files.isRegularFile(path)) {
            return Optional.empty();
        }
        try {
            return Optional.of(ConfigLoader.load(path, environment).config());
        } catch (ConfigException e) {
            throw new CliFailure("cannot use " + path + ": " + e.getMessage() + " (wolfctl check-config -c " + path
                    + " lists every problem)");
        }
    }

    /** The API client for {@code -e}, or the config's API, or the default. */
    ApiClient client() throws CliFailure {
        Optional<WolfscaleConfig> cfg = endpoint != null && environment.containsKey(ApiSection.TOKEN_ENV)
                ? Optional.empty() : loadConfig();
        String base = endpoint != null ? url(endpoint)
                : cfg.filter(c -> c.api().enabled()).map(c -> "http://" + c.api().bindAddress().connectable())
                .orElse("http://127.0.0.1:8080");
        Optional<String> token = Optional.ofNullable(environment.get(ApiSection.TOKEN_ENV)).filter(t -> !t.isBlank())
                .or(() -> cfg.flatMap(c -> c.api().token()).map(Secret::value));
        return new ApiClient(base, token);
    }

    /** The same client, for another node's API ({@code host:port} as the cluster advertises it). */
    ApiClient clientFor(String hostPort) throws CliFailure {
        ApiClient base = client();
        return new ApiClient(url(hostPort), base.token());
    }

    static String url(String endpoint) {
        return endpoint.startsWith("http://") || endpoint.startsWith("https://") ? endpoint : "http://" + endpoint;
    }

    /** Prints a JSON answer as given (for {@code --json}). */
    static void printJson(java.io.PrintWriter out, JsonNode node) {
        try {
            out.println(ApiJson.lenient().writerWithDefaultPrettyPrinter().writeValueAsString(node));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
