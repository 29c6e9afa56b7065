package com.wolfscale.config;

import java.util.Collection;
import java.util.Comparator;
import java.util.Map;
import java.util.Optional;

/** Suggests the known key an unknown one was probably meant to be (typos, or a key in the wrong section). */
final class KeySuggester {

    private KeySuggester() {
    }

    /**
     * @param unknown     the key as written, e.g. {@code heartbeat_intervl_ms}
     * @param sameSection known keys of the section it was written in
     * @param allSections known keys of every section, as {@code section -> keys}
     * @return a sentence such as "did you mean heartbeat_interval_ms?" or "it belongs in [wal]"
     */
    static Optional<String> suggest(String unknown, Collection<String> sameSection,
                                    Map<String, ? extends Collection<String>> allSections) {
        Optional<String> near = closest(unknown, sameSection);
        if (near.isPresent()) {
            return Optional.of("did you mean " + near.get() + "?");
        }
        for (var section : allSections.entrySet()) {
            if (section.getValue().contains(unknown)) {
                return Optional.of("this key belongs in [" + section.getKey() + "]");
            }
        }
        for (var section : allSections.entrySet()) {
            Optional<String> other = closest(unknown, section.getValue());
            if (other.isPresent()) {
                return Optional.of("did you mean [" + section.getKey() + "] " + other.get() + "?");
            }
        }
        return Optional.empty();
    }

    static Optional<String> closest(String unknown, Collection<String> candidates) {
        String u = unknown.toLowerCase();
        int limit = Math.max(2, u.length() / 3);
        return candidates.stream()
                .filter(c -> distance(u, c) <= limit || c.contains(u) && u.length() >= 4 || u.contains(c) && c.length() >= 4)
                .min(Comparator.comparingInt(c -> distance(u, c)));
    }

    /** Damerau-Levenshtein (optimal string alignment) distance: a swapped pair of letters counts as one edit. */
    static int distance(String a, String b) {
        int[][] d = new int[a.length() + 1][b.length() + 1];
        for (int i = 0; i <= a.length(); i++) {
            d[i][0] = i;
        }
        for (int j = 0; j <= b.length(); j++) {
            d[0][j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                d[i][j] = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
                if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1)) {
                    d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
                }
            }
        }
        return d[a.length()][b.length()];
    }
}
