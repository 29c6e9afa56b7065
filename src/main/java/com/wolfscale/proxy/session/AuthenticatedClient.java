package com.wolfscale.proxy.session;

import java.util.Arrays;
import java.util.Map;

/**
 * A client that passed the proxy's authentication.
 *
 * @param user           account name
 * @param stage1         SHA1(password) recovered from the token (empty for no password); never logged
 * @param database       initial schema, or null
 * @param collation      handshake collation
 * @param capabilities   negotiated capabilities (client's ∩ advertised)
 * @param attributes     the client's connection attributes
 * @param nextSequenceId the sequence id of the proxy's answer to the login
 * @param host           the client's address as MariaDB would print it in errors
 * @param tls            the session runs over TLS
 */
public record AuthenticatedClient(String user, byte[] stage1, String database, int collation, long capabilities,
        Map<String, String> attributes, int nextSequenceId, String host, boolean tls) {

    public AuthenticatedClient {
        stage1 = Arrays.copyOf(stage1, stage1.length);
        attributes = Map.copyOf(attributes);
    }

    @Override
    public String toString() {
        return "'" + user + "'@'" + host + "'";
    }
}
