package com.wolfscale.sandbox;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Locates {@code mariadbd} and {@code mariadb-install-db}, or explains exactly what to install. */
public record MariaDbBinaries(Path mariadbd, Path installDb) {

    public static final String INSTALL_HINT = "install the MariaDB server from your distribution: "
            + "sudo apt-get install mariadb-server (Debian/Ubuntu)";

    public static MariaDbBinaries locate() {
        Optional<Path> server = find("mariadbd", "mysqld");
        Optional<Path> install = find("mariadb-install-db", "mysql_install_db");
        if (server.isEmpty() || install.isEmpty()) {
            throw new SandboxException("MariaDB server binaries not found (looked for mariadbd and "
                    + "mariadb-install-db in PATH, /usr/sbin, /usr/bin, /usr/local/bin); " + INSTALL_HINT);
        }
        return new MariaDbBinaries(server.get(), install.get());
    }

    private static Optional<Path> find(String... names) {
        List<String> dirs = new ArrayList<>(List.of(System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)));
        dirs.addAll(List.of("/usr/sbin", "/usr/bin", "/usr/local/sbin", "/usr/local/bin"));
        for (String name : names) {
            for (String dir : dirs) {
                if (dir.isEmpty()) {
                    continue;
                }
                Path p = Path.of(dir, name);
                if (Files.isExecutable(p) && Files.isRegularFile(p)) {
                    return Optional.of(p);
                }
            }
        }
        return Optional.empty();
    }
}
