package com.wolfscale.config;

import java.util.HashMap;
import java.util.Map;

/**
 * Maps {@code section.key} paths to the line where they are written. The TOML parser builds a tree and
 * forgets positions, but an operator fixing a config wants line numbers, so this scans the text once.
 * It understands table headers, bare/quoted/dotted keys and skips the bodies of multi-line strings;
 * a key it cannot place is reported with line 0, never with a wrong line.
 */
final class TomlLineIndex {

    private final Map<String, Integer> lines = new HashMap<>();

    TomlLineIndex(String text) {
        String table = "";
        String[] all = text.split("\r?\n", -1);
        boolean inMultiLineString = false;
        for (int i = 0; i < all.length; i++) {
            String line = all[i].strip();
            if (inMultiLineString) {
                inMultiLineString = !(line.contains("\"\"\"") || line.contains("'''"));
                continue;
            }
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            if (line.startsWith("[")) {
                String name = line.replaceAll("^\\[+", "").replaceAll("\\].*$", "");
                table = normalize(name);
                lines.putIfAbsent(table, i + 1);
                continue;
            }
            int eq = keyEnd(line);
            if (eq > 0) {
                String key = normalize(line.substring(0, eq));
                lines.putIfAbsent(table.isEmpty() ? key : table + "." + key, i + 1);
                String value = line.substring(eq + 1);
                inMultiLineString = opensMultiLineString(value);
            }
        }
    }

    /** Line of the key or section, or 0 when it is not written in the file. */
    int lineOf(String path) {
        return lines.getOrDefault(path, 0);
    }

    private static int keyEnd(String line) {
        boolean quoted = false;
        char quote = 0;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (quoted) {
                if (c == quote) {
                    quoted = false;
                }
            } else if (c == '"' || c == '\'') {
                quoted = true;
                quote = c;
            } else if (c == '=') {
                return i;
            }
        }
        return -1;
    }

    private static boolean opensMultiLineString(String value) {
        for (String delimiter : new String[] {"\"\"\"", "'''"}) {
            int first = value.indexOf(delimiter);
            if (first >= 0 && value.indexOf(delimiter, first + 3) < 0) {
                return true;
            }
        }
        return false;
    }

    private static String normalize(String dottedKey) {
        StringBuilder out = new StringBuilder();
        for (String part : dottedKey.split("\\.")) {
            String p = part.strip();
            if (p.length() >= 2 && (p.startsWith("\"") && p.endsWith("\"") || p.startsWith("'") && p.endsWith("'"))) {
                p = p.substring(1, p.length() - 1);
            }
            if (!out.isEmpty()) {
                out.append('.');
            }
            out.append(p);
        }
        return out.toString();
    }
}
