package com.wolfscale.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Reads the keys of one TOML section with defaults and range checks, recording every problem instead of
 * stopping at the first. The keys a section asks for are, by construction, its known keys: whatever else
 * the file holds in that section is reported as unknown by {@link ConfigLoader}.
 * Not thread-safe; used once per load.
 */
final class SectionReader {

    private final String section;
    private final JsonNode node;
    private final ProblemList problems;
    private final Map<String, String> environment;
    private final List<EffectiveSetting> effective;
    private final Set<String> known = new LinkedHashSet<>();

    SectionReader(String section, JsonNode node, ProblemList problems, Map<String, String> environment,
                  List<EffectiveSetting> effective) {
        this.section = section;
        this.node = node == null ? MissingNode.getInstance() : node;
        this.problems = problems;
        this.environment = environment;
        this.effective = effective;
    }

    String section() {
        return section;
    }

    boolean present() {
        return !node.isMissingNode();
    }

    Set<String> knownKeys() {
        return known;
    }

    /** Keys written in this section that no reader method asked for. */
    List<String> unknownKeys() {
        List<String> unknown = new ArrayList<>();
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            String key = it.next();
            if (!known.contains(key)) {
                unknown.add(key);
            }
        }
        return unknown;
    }

    String keyPath(String key) {
        return section + "." + key;
    }

    void error(String key, String message) {
        problems.error(keyPath(key), message);
    }

    void warning(String key, String message) {
        problems.warning(keyPath(key), message);
    }

    boolean has(String key) {
        known.add(key);
        return node.has(key);
    }

    String text(String key, String defaultValue) {
        return optionalText(key).orElseGet(() -> record(key, defaultValue));
    }

    String requiredText(String key, String hint) {
        Optional<String> value = optionalText(key);
        if (value.isEmpty() && !node.has(key)) {
            error(key, "required key is missing; " + hint);
        } else if (value.isPresent() && value.get().isBlank()) {
            error(key, "must not be empty; " + hint);
        }
        return value.orElse("");
    }

    Optional<String> optionalText(String key) {
        known.add(key);
        JsonNode v = node.get(key);
        if (v == null) {
            return Optional.empty();
        }
        if (!v.isTextual()) {
            error(key, "expected a string in quotes, found " + describe(v));
            return Optional.empty();
        }
        effective.add(new EffectiveSetting(section, key, v.textValue(), EffectiveSetting.Source.FILE));
        return Optional.of(v.textValue());
    }

    long integer(String key, long defaultValue, long min, long max) {
        known.add(key);
        JsonNode v = node.get(key);
        if (v == null) {
            return record(key, defaultValue);
        }
        if (!v.isIntegralNumber()) {
            error(key, "expected a whole number, found " + describe(v));
            return defaultValue;
        }
        long value = v.longValue();
        if (value < min || value > max) {
            error(key, "must be between " + min + " and " + max + ", found " + value);
            return defaultValue;
        }
        effective.add(new EffectiveSetting(section, key, value, EffectiveSetting.Source.FILE));
        return value;
    }

    int intValue(String key, int defaultValue, int min, int max) {
        return (int) integer(key, defaultValue, min, max);
    }

    Duration millis(String key, long defaultMillis, long min, long max) {
        return Duration.ofMillis(integer(key, defaultMillis, min, max));
    }

    boolean flag(String key, boolean defaultValue) {
        known.add(key);
        JsonNode v = node.get(key);
        if (v == null) {
            return record(key, defaultValue);
        }
        if (!v.isBoolean()) {
            error(key, "expected true or false, found " + describe(v));
            return defaultValue;
        }
        effective.add(new EffectiveSetting(section, key, v.booleanValue(), EffectiveSetting.Source.FILE));
        return v.booleanValue();
    }

    /** An enum key; the TOML value is the constant's name in lower case ({@code "quorum"}). */
    <E extends Enum<E>> E choice(String key, E defaultValue) {
        Optional<String> v = optionalText(key);
        if (v.isEmpty()) {
            return record(key, defaultValue);
        }
        Class<E> type = defaultValue.getDeclaringClass();
        for (E constant : type.getEnumConstants()) {
            if (configName(constant).equals(v.get().toLowerCase(Locale.ROOT))) {
                return constant;
            }
        }
        List<String> names = new ArrayList<>();
        for (E constant : type.getEnumConstants()) {
            names.add('"' + configName(constant) + '"');
        }
        error(key, "unknown value \"" + v.get() + "\"; use one of " + String.join(", ", names));
        return defaultValue;
    }

    static String configName(Enum<?> constant) {
        return constant.name().toLowerCase(Locale.ROOT);
    }

    List<String> textList(String key) {
        known.add(key);
        JsonNode v = node.get(key);
        if (v == null) {
            return record(key, List.of());
        }
        if (!v.isArray()) {
            error(key, "expected a list of strings like [\"a\", \"b\"], found " + describe(v));
            return List.of();
        }
        List<String> out = new ArrayList<>();
        for (JsonNode item : v) {
            if (!item.isTextual()) {
                error(key, "every entry must be a string in quotes, found " + describe(item));
                continue;
            }
            out.add(item.textValue());
        }
        effective.add(new EffectiveSetting(section, key, out, EffectiveSetting.Source.FILE));
        return List.copyOf(out);
    }

    Optional<HostPort> address(String key) {
        return optionalText(key).flatMap(text -> {
            Optional<HostPort> hp = HostPort.parse(text);
            if (hp.isEmpty()) {
                error(key, "expected host:port (e.g. \"0.0.0.0:7654\"), found \"" + text + "\"");
            }
            return hp;
        });
    }

    HostPort address(String key, String defaultValue) {
        return address(key).orElseGet(() -> {
            record(key, defaultValue);
            return HostPort.parse(defaultValue).orElseThrow();
        });
    }

    Optional<Path> path(String key) {
        return optionalText(key).map(Path::of);
    }

    /**
     * A secret that an environment variable may override, so secrets can stay out of the file
     * (systemd {@code EnvironmentFile=}, a vault agent).
     */
    Optional<Secret> secret(String key, String environmentVariable) {
        known.add(key);
        String fromEnv = environment.get(environmentVariable);
        if (fromEnv != null) {
            Secret secret = new Secret(fromEnv);
            effective.add(new EffectiveSetting(section, key, secret, EffectiveSetting.Source.ENVIRONMENT));
            return Optional.of(secret);
        }
        JsonNode v = node.get(key);
        if (v == null) {
            return Optional.empty();
        }
        if (!v.isTextual()) {
            error(key, "expected a string in quotes, found " + describe(v).replaceAll("\\(.*\\)", "(value hidden)"));
            return Optional.empty();
        }
        Secret secret = new Secret(v.textValue());
        effective.add(new EffectiveSetting(section, key, secret, EffectiveSetting.Source.FILE));
        return Optional.of(secret);
    }

    private <T> T record(String key, T defaultValue) {
        effective.add(new EffectiveSetting(section, key, defaultValue, EffectiveSetting.Source.DEFAULT));
        return defaultValue;
    }

    private static String describe(JsonNode v) {
        if (v.isTextual()) {
            return "a string (\"" + v.textValue() + "\")";
        }
        if (v.isBoolean()) {
            return "a boolean (" + v.booleanValue() + ")";
        }
        if (v.isIntegralNumber()) {
            return "a whole number (" + v.asText() + ")";
        }
        if (v.isNumber()) {
            return "a decimal number (" + v.asText() + ")";
        }
        if (v.isArray()) {
            return "a list";
        }
        if (v.isObject()) {
            return "a table";
        }
        return v.getNodeType().toString().toLowerCase(Locale.ROOT);
    }
}
