package com.wolfscale.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.toml.TomlMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * Loads {@code wolfscale.toml}: parses TOML, reads every section with defaults, applies environment
 * overrides for secrets, and validates. Every problem is collected and reported together, each with its
 * key path and line; unknown keys get a suggestion. Files written by the original WolfScale's
 * {@code init} and installer load unchanged.
 */
public final class ConfigLoader {

    private static final TomlMapper TOML = new TomlMapper();

    /** Section readers in file-documentation order. */
    private static final Map<String, Function<SectionReader, ?>> SECTIONS = new LinkedHashMap<>();

    static {
        SECTIONS.put("node", NodeSection::read);
        SECTIONS.put("database", DatabaseSection::read);
        SECTIONS.put("wal", WalSection::read);
        SECTIONS.put("cluster", ClusterSection::read);
        SECTIONS.put("api", ApiSection::read);
        SECTIONS.put("proxy", ProxySection::read);
        SECTIONS.put("replication", ReplicationSection::read);
        SECTIONS.put("binlog", BinlogSection::read);
        SECTIONS.put("performance", PerformanceSection::read);
        SECTIONS.put("logging", LoggingSection::read);
    }

    private ConfigLoader() {
    }

    /** Loads a file with the process environment as the source of secret overrides. */
    public static LoadedConfig load(Path file) throws ConfigException {
        return load(file, System.getenv());
    }

    public static LoadedConfig load(Path file, Map<String, String> environment) throws ConfigException {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new ConfigException(file.toString(), List.of(new ConfigProblem(ConfigProblem.Severity.ERROR, "", 0,
                    "file not found; create one with `wolfscale init -o " + file + "`")));
        } catch (IOException e) {
            throw new ConfigException(file.toString(), List.of(new ConfigProblem(ConfigProblem.Severity.ERROR, "", 0,
                    "cannot read: " + e.getMessage())));
        }
        return parse(text, file.toString(), environment);
    }

    public static LoadedConfig parse(String text, String source, Map<String, String> environment)
            throws ConfigException {
        TomlLineIndex lines = new TomlLineIndex(text);
        ProblemList problems = new ProblemList(lines);
        JsonNode root;
        try {
            root = TOML.readTree(text);
        } catch (JsonProcessingException e) {
            int line = e.getLocation() == null ? 0 : e.getLocation().getLineNr();
            problems.errorAtLine(line, "not valid TOML: " + e.getOriginalMessage());
            throw new ConfigException(source, problems.sorted());
        }
        List<EffectiveSetting> effective = new ArrayList<>();
        Map<String, SectionReader> readers = new LinkedHashMap<>();
        Map<String, Object> sections = new LinkedHashMap<>();
        for (var entry : SECTIONS.entrySet()) {
            JsonNode node = root.get(entry.getKey());
            SectionReader reader = new SectionReader(entry.getKey(), node, problems, environment, effective);
            if (node != null && !node.isObject()) {
                problems.error(entry.getKey(), "must be a table ([" + entry.getKey() + "]), not a single value");
                reader = new SectionReader(entry.getKey(), null, problems, environment, effective);
            }
            readers.put(entry.getKey(), reader);
            sections.put(entry.getKey(), entry.getValue().apply(reader));
        }
        reportUnknown(root, readers, problems);
        WolfscaleConfig config = new WolfscaleConfig((NodeSection) sections.get("node"),
                (DatabaseSection) sections.get("database"), (WalSection) sections.get("wal"),
                (ClusterSection) sections.get("cluster"), (ApiSection) sections.get("api"),
                (ProxySection) sections.get("proxy"), (ReplicationSection) sections.get("replication"),
                (BinlogSection) sections.get("binlog"), (PerformanceSection) sections.get("performance"),
                (LoggingSection) sections.get("logging"));
        CrossChecks.check(config, readers, problems);
        List<ConfigProblem> all = problems.sorted();
        if (problems.hasErrors()) {
            throw new ConfigException(source, all);
        }
        return new LoadedConfig(config, source, all, List.copyOf(effective));
    }

    private static void reportUnknown(JsonNode root, Map<String, SectionReader> readers, ProblemList problems) {
        Map<String, Set<String>> known = new LinkedHashMap<>();
        readers.forEach((name, reader) -> known.put(name, reader.knownKeys()));
        for (Iterator<String> it = root.fieldNames(); it.hasNext(); ) {
            String name = it.next();
            if (!readers.containsKey(name)) {
                Optional<String> hint = KeySuggester.closest(name, known.keySet()).map(s -> "did you mean [" + s + "]?")
                        .or(() -> KeySuggester.suggest(name, Set.of(), known));
                problems.error(name, "unknown " + (root.get(name).isObject() ? "section" : "top-level key")
                        + hint.map(h -> "; " + h).orElse(""));
            }
        }
        for (SectionReader reader : readers.values()) {
            for (String key : reader.unknownKeys()) {
                Optional<String> hint = KeySuggester.suggest(key, reader.knownKeys(), known);
                reader.error(key, "unknown key" + hint.map(h -> "; " + h).orElse(""));
            }
        }
    }
}
