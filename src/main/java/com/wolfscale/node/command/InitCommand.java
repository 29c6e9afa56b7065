package com.wolfscale.node.command;

import com.wolfscale.config.ConfigTemplate;
import com.wolfscale.config.NodeIds;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code wolfscale init}: write a commented config with a fresh cluster secret and API token. */
@Command(name = "init", mixinStandardHelpOptions = true,
        description = "Write a new commented configuration with a generated cluster secret and API token.")
public final class InitCommand implements Callable<Integer> {

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    private java.io.PrintWriter out() {
        return spec.commandLine().getOut();
    }

    private java.io.PrintWriter err() {
        return spec.commandLine().getErr();
    }

    @Option(names = {"-o", "--output"}, paramLabel = "PATH", defaultValue = "wolfscale.toml",
            description = "Where to write it (default: ${DEFAULT-VALUE}); '-' writes to standard output.")
    Path output;

    @Option(names = "--node-id", paramLabel = "ID", description = "Node id (default: this host's name).")
    String nodeId;

    @Option(names = "--force", description = "Overwrite an existing file.")
    boolean force;

    @Override
    public Integer call() throws IOException {
        String id = nodeId != null ? nodeId : hostNameAsId();
        if (!NodeIds.isValid(id)) {
            err().println("invalid node id \"" + id + "\": " + NodeIds.rule());
            return 2;
        }
        SecureRandom random = new SecureRandom();
        String text = ConfigTemplate.render(id, ConfigTemplate.generateSecret(random),
                ConfigTemplate.generateSecret(random));
        if (output.toString().equals("-")) {
            out().print(text);
            return 0;
        }
        try {
            write(text);
        } catch (FileAlreadyExistsException e) {
            err().println(output + " already exists; use --force to overwrite it");
            return 1;
        }
        out().println("wrote " + output + " (node " + id + "). Copy [cluster] secret to every node, "
                + "then check it with: wolfscale validate -c " + output);
        return 0;
    }

    private void write(String text) throws IOException {
        Path parent = output.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        StandardOpenOption mode = force ? StandardOpenOption.TRUNCATE_EXISTING : StandardOpenOption.CREATE_NEW;
        if (force && !Files.exists(output)) {
            mode = StandardOpenOption.CREATE_NEW;
        }
        Files.writeString(output, text, StandardCharsets.UTF_8, StandardOpenOption.WRITE, mode);
        try {
            // the file holds the cluster secret and the API token
            Files.setPosixFilePermissions(output, PosixFilePermissions.fromString("rw-------"));
        } catch (UnsupportedOperationException ignored) {
            // non-POSIX file system: nothing more we can do
        }
    }

    private static String hostNameAsId() {
        try {
            String host = InetAddress.getLocalHost().getHostName();
            String id = host.replaceAll("[^A-Za-z0-9._-]", "-");
            return NodeIds.isValid(id) ? id : "node-1";
        } catch (IOException e) {
            return "node-1";
        }
    }
}
