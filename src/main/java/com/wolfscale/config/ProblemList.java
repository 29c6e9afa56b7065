package com.wolfscale.config;

import java.util.ArrayList;
import java.util.List;

/** Collects problems while a configuration is read, attaching line numbers from the source text. */
final class ProblemList {

    private final TomlLineIndex lines;
    private final List<ConfigProblem> problems = new ArrayList<>();

    ProblemList(TomlLineIndex lines) {
        this.lines = lines;
    }

    void error(String keyPath, String message) {
        problems.add(new ConfigProblem(ConfigProblem.Severity.ERROR, keyPath, lines.lineOf(keyPath), message));
    }

    void warning(String keyPath, String message) {
        problems.add(new ConfigProblem(ConfigProblem.Severity.WARNING, keyPath, lines.lineOf(keyPath), message));
    }

    void errorAtLine(int line, String message) {
        problems.add(new ConfigProblem(ConfigProblem.Severity.ERROR, "", line, message));
    }

    boolean hasErrors() {
        return problems.stream().anyMatch(ConfigProblem::isError);
    }

    List<ConfigProblem> sorted() {
        List<ConfigProblem> copy = new ArrayList<>(problems);
        // file order first; problems without a line (missing keys) after those with one
        copy.sort((a, b) -> Integer.compare(a.line() == 0 ? Integer.MAX_VALUE : a.line(),
                b.line() == 0 ? Integer.MAX_VALUE : b.line()));
        return copy;
    }
}
