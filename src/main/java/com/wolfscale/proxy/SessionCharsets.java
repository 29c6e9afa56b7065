package com.wolfscale.proxy;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * Maps MariaDB collation ids and character set names to Java charsets, for decoding the bounded prefix the
 * router reads. Only the charsets whose multi-byte sequences could hide a quote or backslash (GBK, Big5,
 * SJIS, CP932) need their real decoder; every other charset is decoded as UTF-8 or ISO-8859-1, which keeps
 * ASCII keywords and punctuation where they are. Stateless.
 */
public final class SessionCharsets {

    private SessionCharsets() {
    }

    /** The charset of a handshake collation id (one byte). */
    public static Charset ofCollation(int id) {
        return switch (id) {
            case 1, 84 -> Charset.forName("Big5");
            case 13, 88 -> Charset.forName("Shift_JIS");
            case 95, 96 -> Charset.forName("windows-31j");
            case 28, 87 -> Charset.forName("GBK");
            case 5, 8, 15, 31, 47, 48, 49, 94, 63, 11, 65 -> StandardCharsets.ISO_8859_1;
            default -> StandardCharsets.UTF_8;
        };
    }

    /** The charset of a name given to {@code SET NAMES}; unknown names decode as UTF-8. */
    public static Charset ofName(String name) {
        return switch (name.toLowerCase(Locale.ROOT)) {
            case "big5" -> Charset.forName("Big5");
            case "sjis" -> Charset.forName("Shift_JIS");
            case "cp932" -> Charset.forName("windows-31j");
            case "gbk", "gb2312" -> Charset.forName("GBK");
            case "latin1", "binary", "ascii" -> StandardCharsets.ISO_8859_1;
            default -> StandardCharsets.UTF_8;
        };
    }
}
