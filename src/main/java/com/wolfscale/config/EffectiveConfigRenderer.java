package com.wolfscale.config;

import java.util.List;
import java.util.stream.Collectors;

/** Renders the effective configuration as TOML, secrets masked, each key annotated with where it came from. */
public final class EffectiveConfigRenderer {

    private EffectiveConfigRenderer() {
    }

    public static String render(LoadedConfig loaded) {
        StringBuilder out = new StringBuilder("# effective configuration of ").append(loaded.source())
                .append(" (secrets masked)\n");
        String section = null;
        for (EffectiveSetting s : loaded.effective()) {
            if (!s.section().equals(section)) {
                section = s.section();
                out.append('\n').append('[').append(section).append("]\n");
            }
            out.append(s.key()).append(" = ").append(value(s.value()));
            switch (s.source()) {
                case DEFAULT -> out.append("  # default");
                case ENVIRONMENT -> out.append("  # from the environment");
                case FILE -> { }
            }
            out.append('\n');
        }
        return out.toString();
    }

    static String value(Object v) {
        if (v instanceof Secret secret) {
            return quote(secret.toString());
        }
        if (v instanceof Enum<?> e) {
            return quote(SectionReader.configName(e));
        }
        if (v instanceof List<?> list) {
            return list.stream().map(EffectiveConfigRenderer::value).collect(Collectors.joining(", ", "[", "]"));
        }
        if (v instanceof String s) {
            return quote(s);
        }
        return String.valueOf(v);
    }

    private static String quote(String s) {
        return '"' + s.replace("\\", "\\\\").replace("\"", "\\\"") + '"';
    }
}
