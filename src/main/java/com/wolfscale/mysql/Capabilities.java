package com.wolfscale.mysql;

import java.util.ArrayList;
import java.util.List;

/**
 * Capability flags exchanged in the handshake, as one 64-bit set: bits 0–31 are the classic client
 * capabilities; bits 32–63 are MariaDB's extended capabilities, carried in bytes of the handshake that
 * MySQL leaves as filler and read only when {@link #CLIENT_MYSQL} is <em>not</em> set (mariadb-docs
 * {@code mariadb-protocol-differences-with-mysql.md}). A session's negotiated set is the intersection of
 * what the server offered and what the client asked for.
 */
public final class Capabilities {

    /** Set by MySQL servers and by clients that speak to MySQL; MariaDB clears it to signal extensions. */
    public static final long CLIENT_MYSQL = 1L;
    public static final long CLIENT_FOUND_ROWS = 1L << 1;
    public static final long CLIENT_LONG_FLAG = 1L << 2;
    public static final long CLIENT_CONNECT_WITH_DB = 1L << 3;
    public static final long CLIENT_NO_SCHEMA = 1L << 4;
    public static final long CLIENT_COMPRESS = 1L << 5;
    public static final long CLIENT_ODBC = 1L << 6;
    public static final long CLIENT_LOCAL_FILES = 1L << 7;
    public static final long CLIENT_IGNORE_SPACE = 1L << 8;
    public static final long CLIENT_PROTOCOL_41 = 1L << 9;
    public static final long CLIENT_INTERACTIVE = 1L << 10;
    public static final long CLIENT_SSL = 1L << 11;
    public static final long CLIENT_IGNORE_SIGPIPE = 1L << 12;
    public static final long CLIENT_TRANSACTIONS = 1L << 13;
    public static final long CLIENT_RESERVED = 1L << 14;
    public static final long CLIENT_SECURE_CONNECTION = 1L << 15;
    public static final long CLIENT_MULTI_STATEMENTS = 1L << 16;
    public static final long CLIENT_MULTI_RESULTS = 1L << 17;
    public static final long CLIENT_PS_MULTI_RESULTS = 1L << 18;
    public static final long CLIENT_PLUGIN_AUTH = 1L << 19;
    public static final long CLIENT_CONNECT_ATTRS = 1L << 20;
    public static final long CLIENT_PLUGIN_AUTH_LENENC_CLIENT_DATA = 1L << 21;
    public static final long CLIENT_CAN_HANDLE_EXPIRED_PASSWORDS = 1L << 22;
    public static final long CLIENT_SESSION_TRACK = 1L << 23;
    public static final long CLIENT_DEPRECATE_EOF = 1L << 24;
    public static final long CLIENT_OPTIONAL_RESULTSET_METADATA = 1L << 25;
    public static final long CLIENT_ZSTD_COMPRESSION_ALGORITHM = 1L << 26;
    public static final long CLIENT_QUERY_ATTRIBUTES = 1L << 27;
    public static final long CLIENT_CAPABILITY_EXTENSION = 1L << 29;
    public static final long CLIENT_SSL_VERIFY_SERVER_CERT = 1L << 30;
    public static final long CLIENT_REMEMBER_OPTIONS = 1L << 31;

    /** Progress reports as ERR packets with code 0xFFFF while a long statement runs. */
    public static final long MARIADB_CLIENT_PROGRESS = 1L << 32;
    public static final long MARIADB_CLIENT_COM_MULTI = 1L << 33;
    /** COM_STMT_BULK_EXECUTE. */
    public static final long MARIADB_CLIENT_STMT_BULK_OPERATIONS = 1L << 34;
    /** Column definitions carry extended type info (e.g. "json", "uuid"). */
    public static final long MARIADB_CLIENT_EXTENDED_METADATA = 1L << 35;
    /** The column count packet carries a "metadata follows" byte; unchanged metadata is not resent. */
    public static final long MARIADB_CLIENT_CACHE_METADATA = 1L << 36;
    public static final long MARIADB_CLIENT_BULK_UNIT_RESULTS = 1L << 37;

    /**
     * What a modern client asks for by default: protocol 4.1, secure/plugin auth, transactions,
     * multi-results, session tracking and deprecated EOF; no compression, no TLS, no multi-statements.
     */
    public static final long DEFAULT_CLIENT = CLIENT_LONG_FLAG | CLIENT_PROTOCOL_41 | CLIENT_TRANSACTIONS
            | CLIENT_SECURE_CONNECTION | CLIENT_MULTI_RESULTS | CLIENT_PS_MULTI_RESULTS | CLIENT_PLUGIN_AUTH
            | CLIENT_PLUGIN_AUTH_LENENC_CLIENT_DATA | CLIENT_CONNECT_ATTRS | CLIENT_SESSION_TRACK
            | CLIENT_DEPRECATE_EOF;

    private static final String[] NAMES = {
        "CLIENT_MYSQL", "FOUND_ROWS", "LONG_FLAG", "CONNECT_WITH_DB", "NO_SCHEMA", "COMPRESS", "ODBC",
        "LOCAL_FILES", "IGNORE_SPACE", "PROTOCOL_41", "INTERACTIVE", "SSL", "IGNORE_SIGPIPE", "TRANSACTIONS",
        "RESERVED", "SECURE_CONNECTION", "MULTI_STATEMENTS", "MULTI_RESULTS", "PS_MULTI_RESULTS", "PLUGIN_AUTH",
        "CONNECT_ATTRS", "PLUGIN_AUTH_LENENC_CLIENT_DATA", "CAN_HANDLE_EXPIRED_PASSWORDS", "SESSION_TRACK",
        "DEPRECATE_EOF", "OPTIONAL_RESULTSET_METADATA", "ZSTD_COMPRESSION", "QUERY_ATTRIBUTES", "BIT28",
        "CAPABILITY_EXTENSION", "SSL_VERIFY_SERVER_CERT", "REMEMBER_OPTIONS",
        "MARIADB_PROGRESS", "MARIADB_COM_MULTI", "MARIADB_STMT_BULK_OPERATIONS", "MARIADB_EXTENDED_METADATA",
        "MARIADB_CACHE_METADATA", "MARIADB_BULK_UNIT_RESULTS",
    };

    private Capabilities() {
    }

    public static boolean has(long capabilities, long flag) {
        return (capabilities & flag) == flag;
    }

    /** The 32 classic bits. */
    public static long lower(long capabilities) {
        return capabilities & 0xFFFF_FFFFL;
    }

    /** MariaDB's extended bits, shifted down to fit the 4 handshake bytes that carry them. */
    public static long mariadbExtended(long capabilities) {
        return capabilities >>> 32;
    }

    /** Flag names for logs and error messages, e.g. {@code [PROTOCOL_41, SSL]}. */
    public static List<String> names(long capabilities) {
        List<String> out = new ArrayList<>();
        for (int bit = 0; bit < 64; bit++) {
            if ((capabilities & (1L << bit)) != 0) {
                out.add(bit < NAMES.length ? NAMES[bit] : "BIT" + bit);
            }
        }
        return out;
    }
}
