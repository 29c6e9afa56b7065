package com.wolfscale.mysql.packet;

import com.wolfscale.mysql.Capabilities;
import com.wolfscale.mysql.PayloadReader;
import com.wolfscale.mysql.PayloadWriter;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The client's answer to {@link HandshakeV10}: who logs in, with which capabilities and collation, and the
 * first auth token.
 *
 * <pre>
 * size       | field                     | present when
 * -----------+---------------------------+------------------------------------------------------------
 * 4          | capabilities, bits 0-31   | always
 * 4          | max packet size           | always
 * 1          | collation                 | always
 * 19         | filler                    | always
 * 4          | MariaDB extended caps     | always; meaningful when CLIENT_MYSQL is not set (else zero)
 * NUL-str    | user name                 | always
 * lenenc-str | auth response             | CLIENT_PLUGIN_AUTH_LENENC_CLIENT_DATA
 * 1 + n      | auth response             | else if CLIENT_SECURE_CONNECTION (1-byte length)
 * NUL-str    | auth response             | else
 * NUL-str    | default database          | CLIENT_CONNECT_WITH_DB
 * NUL-str    | auth plugin name          | CLIENT_PLUGIN_AUTH
 * lenenc     | length of the attributes  | CLIENT_CONNECT_ATTRS, then lenenc-str key/value pairs
 * </pre>
 *
 * The first 32 bytes are also the whole {@link SslRequest}.
 *
 * @param capabilities   the client's 64-bit capability set
 * @param maxPacketSize  the largest packet the client wants to receive
 * @param collation      the connection collation (one byte)
 * @param username       account name
 * @param authResponse   the auth token for {@code authPluginName} (may be empty)
 * @param database       initial schema, or {@code null}
 * @param authPluginName plugin the token was computed for, or {@code null} without CLIENT_PLUGIN_AUTH
 * @param attributes     connection attributes in order (empty when not sent)
 */
public record HandshakeResponse41(long capabilities, long maxPacketSize, int collation, String username,
        byte[] authResponse, String database, String authPluginName, Map<String, String> attributes) {

    public HandshakeResponse41 {
        attributes = Collections.unmodifiableMap(new LinkedHashMap<>(attributes));
    }

    public byte[] encode() {
        PayloadWriter w = new PayloadWriter(128);
        writeFixedPart(w, capabilities, maxPacketSize, collation);
        w.nulString(username);
        if (Capabilities.has(capabilities, Capabilities.CLIENT_PLUGIN_AUTH_LENENC_CLIENT_DATA)) {
            w.lenencBytes(authResponse);
        } else if (Capabilities.has(capabilities, Capabilities.CLIENT_SECURE_CONNECTION)) {
            if (authResponse.length > 255) {
                throw new IllegalArgumentException("auth response of " + authResponse.length
                        + " bytes needs CLIENT_PLUGIN_AUTH_LENENC_CLIENT_DATA");
            }
            w.u8(authResponse.length).bytes(authResponse);
        } else {
            w.nulBytes(authResponse);
        }
        if (Capabilities.has(capabilities, Capabilities.CLIENT_CONNECT_WITH_DB)) {
            w.nulString(database == null ? "" : database);
        }
        if (Capabilities.has(capabilities, Capabilities.CLIENT_PLUGIN_AUTH)) {
            w.nulString(authPluginName == null ? "" : authPluginName);
        }
        if (Capabilities.has(capabilities, Capabilities.CLIENT_CONNECT_ATTRS)) {
            w.lenencBytes(encodeAttributes(attributes));
        }
        return w.toByteArray();
    }

    public static HandshakeResponse41 decode(byte[] payload) {
        PayloadReader r = new PayloadReader("HandshakeResponse41", payload);
        long caps = r.u32();
        long maxPacket = r.u32();
        int collation = r.u8();
        r.skip(19);
        long extended = r.u32();
        if (!Capabilities.has(caps, Capabilities.CLIENT_MYSQL)) {
            caps |= extended << 32;
        }
        String user = r.nulString();
        byte[] auth;
        if (Capabilities.has(caps, Capabilities.CLIENT_PLUGIN_AUTH_LENENC_CLIENT_DATA)) {
            auth = r.lenencBytes();
        } else if (Capabilities.has(caps, Capabilities.CLIENT_SECURE_CONNECTION)) {
            auth = r.bytes(r.u8());
        } else {
            auth = r.nulBytes();
        }
        String db = null;
        if (Capabilities.has(caps, Capabilities.CLIENT_CONNECT_WITH_DB) && r.hasRemaining()) {
            db = r.nulString();
        }
        String plugin = null;
        if (Capabilities.has(caps, Capabilities.CLIENT_PLUGIN_AUTH) && r.hasRemaining()) {
            plugin = r.nulString();
        }
        Map<String, String> attrs = Map.of();
        if (Capabilities.has(caps, Capabilities.CLIENT_CONNECT_ATTRS) && r.hasRemaining()) {
            attrs = decodeAttributes(r.lenencBytes());
        }
        return new HandshakeResponse41(caps, maxPacket, collation, user, auth, db, plugin, attrs);
    }

    /** The 32-byte prefix shared with {@link SslRequest}. */
    static void writeFixedPart(PayloadWriter w, long capabilities, long maxPacketSize, int collation) {
        w.u32(Capabilities.lower(capabilities)).u32(maxPacketSize).u8(collation).zeros(19);
        if (Capabilities.has(capabilities, Capabilities.CLIENT_MYSQL)) {
            w.zeros(4);
        } else {
            w.u32(Capabilities.mariadbExtended(capabilities));
        }
    }

    static byte[] encodeAttributes(Map<String, String> attributes) {
        PayloadWriter a = new PayloadWriter();
        attributes.forEach((k, v) -> a.lenencString(k).lenencString(v));
        return a.toByteArray();
    }

    static Map<String, String> decodeAttributes(byte[] block) {
        PayloadReader r = new PayloadReader("connection attributes", block);
        Map<String, String> out = new LinkedHashMap<>();
        while (r.hasRemaining()) {
            out.put(r.lenencString(), r.lenencString());
        }
        return out;
    }
}
