package com.wolfscale.snapshot;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;

/** Statements built as bytes are byte for byte what building them as text and encoding them gave. */
class SqlBytesProperties {

    @Property
    void escapingBytesEqualsEscapingTheDecodedText(@ForAll String text) {
        String valid = new String(text.getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8); // no lone surrogates
        SqlBytes b = new SqlBytes(4);
        b.appendEscaped(valid.getBytes(StandardCharsets.UTF_8));
        assertThat(bytes(b)).isEqualTo(SqlText.string(valid).getBytes(StandardCharsets.UTF_8));
    }

    @Property
    void hexIsTheSame(@ForAll byte[] value) {
        SqlBytes b = new SqlBytes(1);
        b.appendHex(value);
        StringBuilder expected = new StringBuilder();
        SqlText.appendHex(expected, value);
        assertThat(new String(bytes(b), StandardCharsets.US_ASCII)).isEqualTo(expected.toString());
    }

    @Property
    void appendsAccumulateAcrossGrowth(@ForAll byte[] first, @ForAll byte[] second) {
        SqlBytes b = new SqlBytes(1);
        b.append(first).append(',').append(second);
        byte[] expected = new byte[first.length + 1 + second.length];
        System.arraycopy(first, 0, expected, 0, first.length);
        expected[first.length] = ',';
        System.arraycopy(second, 0, expected, first.length + 1, second.length);
        assertThat(bytes(b)).isEqualTo(expected);
        assertThat(b.copy(first.length + 1, b.length())).isEqualTo(second);
    }

    private static byte[] bytes(SqlBytes b) {
        return Arrays.copyOf(b.array(), b.length());
    }
}
