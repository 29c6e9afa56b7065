package com.wolfscale.mysql.client;

import com.wolfscale.mysql.Capabilities;
import com.wolfscale.mysql.Collations;
import java.util.Map;

/**
 * What a client asks for when it logs in.
 *
 * @param user          account name
 * @param credential    password or SHA1(password)
 * @param database      initial schema, or {@code null}
 * @param collation     connection collation id (one byte; e.g. {@link Collations#UTF8MB4_GENERAL_CI})
 * @param capabilities  requested capabilities; the session gets their intersection with the server's.
 *                      CLIENT_CONNECT_WITH_DB, CLIENT_CONNECT_ATTRS and CLIENT_SSL are added as needed
 * @param attributes    connection attributes ({@code _client_name}, ...); may be empty
 * @param maxPacketSize the largest packet the client accepts
 * @param tls           how to switch to TLS, or {@code null} for a clear-text connection; when set, a
 *                      server without TLS is refused
 */
public record LoginRequest(String user, Credential credential, String database, int collation, long capabilities,
        Map<String, String> attributes, long maxPacketSize, TlsUpgrade tls) {

    public LoginRequest {
        attributes = Map.copyOf(attributes);
    }

    /** A request with the default capabilities, utf8mb4, no attributes, 1 GiB max packet, no TLS. */
    public static LoginRequest of(String user, Credential credential) {
        return new LoginRequest(user, credential, null, Collations.UTF8MB4_GENERAL_CI, Capabilities.DEFAULT_CLIENT,
                Map.of(), 1L << 30, null);
    }

    public LoginRequest withDatabase(String schema) {
        return new LoginRequest(user, credential, schema, collation, capabilities, attributes, maxPacketSize, tls);
    }

    public LoginRequest withCapabilities(long requested) {
        return new LoginRequest(user, credential, database, collation, requested, attributes, maxPacketSize, tls);
    }

    public LoginRequest withAttributes(Map<String, String> attrs) {
        return new LoginRequest(user, credential, database, collation, capabilities, attrs, maxPacketSize, tls);
    }

    public LoginRequest withTls(TlsUpgrade upgrade) {
        return new LoginRequest(user, credential, database, collation, capabilities, attributes, maxPacketSize, upgrade);
    }
}
