package com.wolfscale.mysql;

/**
 * Collation ids as sent in the handshake (one byte: ids above 255 cannot be negotiated there and need a
 * {@code SET NAMES} afterwards), in column definitions and in binlog status variables.
 */
public final class Collations {

    public static final int LATIN1_SWEDISH_CI = 8;
    public static final int UTF8MB3_GENERAL_CI = 33;
    public static final int UTF8MB4_GENERAL_CI = 45;
    public static final int UTF8MB4_BIN = 46;
    public static final int LATIN1_BIN = 47;
    /** The "binary" pseudo-charset: BLOB, BINARY, numbers and temporals in column definitions. */
    public static final int BINARY = 63;
    public static final int UTF8MB3_BIN = 83;
    public static final int UTF8MB4_UNICODE_CI = 224;
    public static final int UTF8MB4_UNICODE_520_CI = 246;
    /** MySQL 8's default; unknown to MariaDB 10.11. */
    public static final int UTF8MB4_0900_AI_CI = 255;

    private Collations() {
    }
}
