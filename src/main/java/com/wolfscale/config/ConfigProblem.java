package com.wolfscale.config;

/**
 * One thing wrong (or worth a warning) in a configuration file, located by key path and line so the
 * operator can go straight to it.
 *
 * @param severity {@link Severity#ERROR} stops the node from starting; {@link Severity#WARNING} does not
 * @param keyPath  {@code section.key}, or just {@code section}; empty for whole-file problems
 * @param line     1-based line in the file, or 0 when the key is absent (a missing required key)
 * @param message  what is wrong and what to do about it
 */
public record ConfigProblem(Severity severity, String keyPath, int line, String message) {

    public enum Severity { ERROR, WARNING }

    public boolean isError() {
        return severity == Severity.ERROR;
    }

    /** {@code file:line: error: [section] key: message}, the shape compilers use so editors can jump to it. */
    public String format(String fileName) {
        StringBuilder sb = new StringBuilder(fileName);
        if (line > 0) {
            sb.append(':').append(line);
        }
        sb.append(": ").append(severity == Severity.ERROR ? "error" : "warning").append(": ");
        if (!keyPath.isEmpty()) {
            sb.append(keyPath).append(": ");
        }
        return sb.append(message).toString();
    }
}
