package com.wolfscale.config;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TomlLineIndexTest {

    @Test
    void findsKeysInTablesDottedAndQuoted() {
        TomlLineIndex index = new TomlLineIndex("""
                # comment
                top = 1
                [node]
                id = "a=b"
                "quoted key" = 2
                [ cluster ]
                a.b = 3
                text = \"\"\"
                fake = 1
                \"\"\"
                after = 4
                """);
        assertThat(index.lineOf("top")).isEqualTo(2);
        assertThat(index.lineOf("node")).isEqualTo(3);
        assertThat(index.lineOf("node.id")).isEqualTo(4);
        assertThat(index.lineOf("node.quoted key")).isEqualTo(5);
        assertThat(index.lineOf("cluster.a.b")).isEqualTo(7);
        assertThat(index.lineOf("cluster.fake")).isZero();
        assertThat(index.lineOf("cluster.after")).isEqualTo(11);
        assertThat(index.lineOf("missing.key")).isZero();
    }

    @Test
    void suggesterPrefersTheClosestKnownKey() {
        assertThat(KeySuggester.closest("hearbeat_interval_ms", java.util.List.of("heartbeat_interval_ms", "peers")))
                .contains("heartbeat_interval_ms");
        assertThat(KeySuggester.closest("xyz", java.util.List.of("heartbeat_interval_ms"))).isEmpty();
        assertThat(KeySuggester.distance("ab", "ba")).isEqualTo(1);
    }
}
