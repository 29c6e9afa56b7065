package com.wolfscale.config;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** {@code [logging]}: level, line format and an optional log file (stderr otherwise). */
public record LoggingSection(String level, LogFormat format, Optional<Path> file) {

    public static final List<String> LEVELS = List.of("trace", "debug", "info", "warn", "error", "off");

    static LoggingSection read(SectionReader r) {
        String level = r.text("level", "info").toLowerCase(Locale.ROOT);
        if (!LEVELS.contains(level)) {
            r.error("level", "unknown level \"" + level + "\"; use one of " + String.join(", ", LEVELS));
            level = "info";
        }
        LogFormat format = r.choice("format", LogFormat.PRETTY);
        Optional<Path> file = r.path("file");
        return new LoggingSection(level, format, file);
    }
}
