package com.wolfscale.sandbox;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Reads pid files safely: a pid counts only if the process is alive and its command line names the
 * expected marker (its own option file), so a reused pid can never make us signal a stranger.
 */
final class ProcessFiles {

    private ProcessFiles() {
    }

    static Optional<Long> livePid(Path pidFile, String commandLineMarker) {
        try {
            String text = Files.readString(pidFile, StandardCharsets.US_ASCII).trim();
            if (!text.matches("\\d+")) {
                return Optional.empty();
            }
            long pid = Long.parseLong(text);
            return commandLineOf(pid).filter(cmd -> cmd.contains(commandLineMarker)).map(cmd -> pid);
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /** The NUL-separated command line from /proc, joined with spaces; empty for dead or zombie processes. */
    static Optional<String> commandLineOf(long pid) {
        try {
            Path proc = Path.of("/proc", Long.toString(pid));
            String status = Files.readString(proc.resolve("status"));
            if (status.lines().anyMatch(l -> l.startsWith("State:") && l.contains("Z"))) {
                return Optional.empty();
            }
            byte[] raw = Files.readAllBytes(proc.resolve("cmdline"));
            return Optional.of(new String(raw, StandardCharsets.UTF_8).replace('\0', ' '));
        } catch (IOException e) {
            return Optional.empty();
        }
    }
}
