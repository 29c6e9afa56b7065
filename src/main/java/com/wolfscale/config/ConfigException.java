package com.wolfscale.config;

import java.util.List;
import java.util.stream.Collectors;

/** Thrown when a configuration has at least one error; carries every problem found, not just the first. */
public final class ConfigException extends Exception {

    private final String source;
    private final List<ConfigProblem> problems;

    public ConfigException(String source, List<ConfigProblem> problems) {
        super(render(source, problems));
        this.source = source;
        this.problems = List.copyOf(problems);
    }

    public String source() {
        return source;
    }

    public List<ConfigProblem> problems() {
        return problems;
    }

    public List<ConfigProblem> errors() {
        return problems.stream().filter(ConfigProblem::isError).toList();
    }

    private static String render(String source, List<ConfigProblem> problems) {
        long errors = problems.stream().filter(ConfigProblem::isError).count();
        return errors + " error(s) in " + source + ":\n" + problems.stream()
                .map(p -> "  " + p.format(source)).collect(Collectors.joining("\n"));
    }
}
