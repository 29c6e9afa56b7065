package com.wolfscale.snapshot;

/** Quoting for the SQL the snapshot writes: identifiers, string literals, hexadecimal literals. */
final class SqlText {

    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private SqlText() {
    }

    static String quote(String identifier) {
        return "`" + identifier.replace("`", "``") + "`";
    }

    /** A string literal with MariaDB's backslash escapes (the loader's sql_mode keeps them on). */
    static String string(String value) {
        StringBuilder b = new StringBuilder(value.length() + 2);
        appendEscaped(b, value);
        return b.toString();
    }

    static void appendEscaped(StringBuilder b, CharSequence value) {
        b.append('\'');
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case 0 -> b.append("\\0");
                case '\'' -> b.append("\\'");
                case '\\' -> b.append("\\\\");
                case '\n' -> b.append("\\n");
                case '\r' -> b.append("\\r");
                case 26 -> b.append("\\Z");
                default -> b.append(c);
            }
        }
        b.append('\'');
    }

    static void appendHex(StringBuilder b, byte[] value) {
        if (value.length == 0) {
            b.append("''");
            return;
        }
        b.append("0x");
        for (byte v : value) {
            b.append(HEX[(v >> 4) & 0xF]).append(HEX[v & 0xF]);
        }
    }
}
