package com.wolfscale.bench;

import com.wolfscale.config.HostPort;
import java.io.IOException;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * haproxy in TCP mode in front of a server: a relay that copies bytes and understands nothing, the floor
 * of what any proxy between a client and MariaDB costs on the same machine. Used by {@link ProxyBenchmark}
 * as a second baseline when haproxy is installed ({@code apt-get install haproxy}); absent otherwise.
 */
record TcpRelay(Process process, Path config, HostPort address) implements AutoCloseable {

    /** Starts haproxy relaying {@code port} on 127.0.0.1 to {@code target}; empty when haproxy is not installed. */
    static Optional<TcpRelay> start(HostPort target, int port) throws IOException, InterruptedException {
        Optional<Path> haproxy = Optional.ofNullable(System.getenv("PATH")).stream()
                .flatMap(p -> java.util.Arrays.stream(p.split(":"))).map(d -> Path.of(d, "haproxy"))
                .filter(Files::isExecutable).findFirst()
                .or(() -> Optional.of(Path.of("/usr/sbin/haproxy")).filter(Files::isExecutable));
        if (haproxy.isEmpty()) {
            return Optional.empty();
        }
        Path config = Files.createTempFile("wolfscale-relay", ".cfg");
        Files.writeString(config, String.join("\n",
                "global", "    maxconn 8000", "    nbthread 2",
                "defaults", "    mode tcp", "    timeout connect 5s", "    timeout client 1h", "    timeout server 1h",
                "listen mysql", "    bind 127.0.0.1:" + port, "    server db " + target.host() + ":" + target.port(), ""));
        Process p = new ProcessBuilder(haproxy.get().toString(), "-db", "-f", config.toString())
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        HostPort address = new HostPort("127.0.0.1", port);
        TcpRelay relay = new TcpRelay(p, config, address);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < deadline) {
            try (Socket s = new Socket(address.host(), port)) {
                return Optional.of(relay);
            } catch (IOException notYet) {
                if (!p.isAlive()) {
                    break;
                }
                Thread.sleep(50);
            }
        }
        relay.close();
        throw new IOException("haproxy did not start listening on " + address);
    }

    @Override
    public void close() throws IOException {
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
        Files.deleteIfExists(config);
    }
}
