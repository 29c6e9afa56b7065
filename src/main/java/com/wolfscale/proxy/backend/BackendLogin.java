package com.wolfscale.proxy.backend;

import java.util.Arrays;
import java.util.Map;

/**
 * Who a session logs in to its backends as: the client's own account, proven with SHA1(password) recovered
 * from the client's token, and the client's negotiated capabilities and collation, so backend packets can
 * be relayed to the client unchanged.
 *
 * @param user         the client's account name
 * @param stage1       SHA1(password), or empty for an account without password; a password equivalent,
 *                     held in memory only and never logged
 * @param database     initial schema, or null
 * @param collation    the client's handshake collation
 * @param capabilities the client's negotiated capabilities (never SSL or COMPRESS)
 * @param attributes   connection attributes to pass on
 */
public record BackendLogin(String user, byte[] stage1, String database, int collation, long capabilities,
        Map<String, String> attributes) {

    /** The attribute a follower's proxy sets when it forwards a session to the leader's proxy. */
    public static final String FORWARDED_ATTRIBUTE = "_wolfscale_forwarded_by";

    public BackendLogin {
        stage1 = Arrays.copyOf(stage1, stage1.length);
        attributes = Map.copyOf(attributes);
    }

    /** How many proxies this session already passed through (0 for a client's own connection). */
    public int forwardingHops() {
        String hops = attributes.get(FORWARDED_ATTRIBUTE);
        try {
            return hops == null ? 0 : Math.max(0, Integer.parseInt(hops.trim()));
        } catch (NumberFormatException e) {
            return 1;
        }
    }

    public BackendLogin withDatabase(String schema) {
        return new BackendLogin(user, stage1, schema, collation, capabilities, attributes);
    }

    @Override
    public String toString() {
        return "BackendLogin[user=" + user + ", database=" + database + "]";
    }
}
