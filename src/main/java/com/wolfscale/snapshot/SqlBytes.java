package com.wolfscale.snapshot;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * One SQL statement being built as UTF-8 bytes. Row values arrive from the server as bytes
 * ({@code character_set_results = binary}) and leave as bytes: building statements as strings decoded every
 * value and encoded every statement again, the snapshot writer's largest cost in a profile of a clone. The
 * escapes are {@link SqlText}'s, applied byte by byte: every byte they touch is ASCII, and no byte of a
 * multi-byte UTF-8 sequence is, so the output is the same as escaping the decoded text.
 */
final class SqlBytes {

    private static final byte[] HEX = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] NULL = "NULL".getBytes(StandardCharsets.US_ASCII);

    private byte[] buf;
    private int len;

    SqlBytes(int capacity) {
        buf = new byte[capacity];
    }

    int length() {
        return len;
    }

    void setLength(int length) {
        len = length;
    }

    byte[] array() {
        return buf;
    }

    byte[] copy(int from, int to) {
        return Arrays.copyOfRange(buf, from, to);
    }

    SqlBytes append(byte b) {
        ensure(1);
        buf[len++] = b;
        return this;
    }

    SqlBytes append(char asciiChar) {
        return append((byte) asciiChar);
    }

    SqlBytes append(byte[] v) {
        ensure(v.length);
        System.arraycopy(v, 0, buf, len, v.length);
        len += v.length;
        return this;
    }

    SqlBytes appendNull() {
        return append(NULL);
    }

    /** A string literal with MariaDB's backslash escapes, as {@link SqlText#appendEscaped}. */
    SqlBytes appendEscaped(byte[] v) {
        ensure(2 * v.length + 2);
        byte[] b = buf;
        int n = len;
        b[n++] = '\'';
        for (byte c : v) {
            switch (c) {
                case 0 -> { b[n++] = '\\'; b[n++] = '0'; }
                case '\'' -> { b[n++] = '\\'; b[n++] = '\''; }
                case '\\' -> { b[n++] = '\\'; b[n++] = '\\'; }
                case '\n' -> { b[n++] = '\\'; b[n++] = 'n'; }
                case '\r' -> { b[n++] = '\\'; b[n++] = 'r'; }
                case 26 -> { b[n++] = '\\'; b[n++] = 'Z'; }
                default -> b[n++] = c;
            }
        }
        b[n++] = '\'';
        len = n;
        return this;
    }

    /** A hexadecimal literal ({@code 0x...}, or {@code ''} when empty), as {@link SqlText#appendHex}. */
    SqlBytes appendHex(byte[] v) {
        if (v.length == 0) {
            return append('\'').append('\'');
        }
        ensure(2 * v.length + 2);
        byte[] b = buf;
        int n = len;
        b[n++] = '0';
        b[n++] = 'x';
        for (byte x : v) {
            b[n++] = HEX[(x >> 4) & 0xF];
            b[n++] = HEX[x & 0xF];
        }
        len = n;
        return this;
    }

    private void ensure(int more) {
        if (len + more > buf.length) {
            buf = Arrays.copyOf(buf, Math.max(buf.length * 2, len + more));
        }
    }
}
