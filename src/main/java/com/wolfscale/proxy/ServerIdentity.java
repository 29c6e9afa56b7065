package com.wolfscale.proxy;

import com.wolfscale.mysql.Capabilities;

/**
 * How the proxy presents itself in its greeting: the local MariaDB's version string and default collation
 * (so clients' feature detection sees the real server), and the capabilities the proxy relays faithfully:
 * those of the MariaDB that it also supports, never {@code CLIENT_COMPRESS}, never
 * {@code MARIADB_CLIENT_STMT_BULK_OPERATIONS} (COM_STMT_BULK_EXECUTE is not relayed), and {@code CLIENT_SSL}
 * only when TLS is configured.
 *
 * @param serverVersion as the MariaDB sends it, {@code 5.5.5-} prefix included
 * @param capabilities  what the proxy advertises
 * @param collation     the server's default collation id
 */
public record ServerIdentity(String serverVersion, long capabilities, int collation) {

    /** Everything the relay handles unchanged. */
    public static final long RELAYABLE = Capabilities.CLIENT_FOUND_ROWS | Capabilities.CLIENT_LONG_FLAG
            | Capabilities.CLIENT_CONNECT_WITH_DB | Capabilities.CLIENT_NO_SCHEMA | Capabilities.CLIENT_ODBC
            | Capabilities.CLIENT_LOCAL_FILES | Capabilities.CLIENT_IGNORE_SPACE | Capabilities.CLIENT_PROTOCOL_41
            | Capabilities.CLIENT_INTERACTIVE | Capabilities.CLIENT_IGNORE_SIGPIPE | Capabilities.CLIENT_TRANSACTIONS
            | Capabilities.CLIENT_RESERVED | Capabilities.CLIENT_SECURE_CONNECTION
            | Capabilities.CLIENT_MULTI_STATEMENTS | Capabilities.CLIENT_MULTI_RESULTS
            | Capabilities.CLIENT_PS_MULTI_RESULTS | Capabilities.CLIENT_PLUGIN_AUTH
            | Capabilities.CLIENT_CONNECT_ATTRS | Capabilities.CLIENT_PLUGIN_AUTH_LENENC_CLIENT_DATA
            | Capabilities.CLIENT_CAN_HANDLE_EXPIRED_PASSWORDS | Capabilities.CLIENT_SESSION_TRACK
            | Capabilities.CLIENT_DEPRECATE_EOF | Capabilities.CLIENT_REMEMBER_OPTIONS
            | Capabilities.MARIADB_CLIENT_PROGRESS | Capabilities.MARIADB_CLIENT_EXTENDED_METADATA
            | Capabilities.MARIADB_CLIENT_CACHE_METADATA;

    /** Used until the local MariaDB has been reached once. */
    public static final ServerIdentity FALLBACK = new ServerIdentity("5.5.5-10.11.0-MariaDB", RELAYABLE, 45);

    /** The identity to present in front of a server that greeted with these values. */
    public static ServerIdentity of(String serverVersion, long serverCapabilities, int collation) {
        return new ServerIdentity(serverVersion, serverCapabilities & RELAYABLE, collation);
    }

    /** What to advertise on a listener (TLS adds CLIENT_SSL). */
    public long advertised(boolean tls) {
        return capabilities | (tls ? Capabilities.CLIENT_SSL : 0);
    }
}
