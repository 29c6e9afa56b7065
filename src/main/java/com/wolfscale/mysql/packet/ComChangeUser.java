package com.wolfscale.mysql.packet;

import com.wolfscale.mysql.Capabilities;
import com.wolfscale.mysql.Command;
import com.wolfscale.mysql.PayloadReader;
import com.wolfscale.mysql.PayloadWriter;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Re-authenticates the connection as another (or the same) account and resets the session, prepared
 * statements included. The server answers OK, ERR, or an {@link AuthSwitchRequest}.
 *
 * <pre>
 * size       | field            | present when
 * -----------+------------------+--------------------------------------------------------------
 * 1          | 0x11             |
 * NUL-str    | user name        |
 * 1 + n      | auth response    | CLIENT_SECURE_CONNECTION (1-byte length), else NUL-str
 * NUL-str    | default schema   |
 * 2          | collation        | if more data follows
 * NUL-str    | auth plugin name | CLIENT_PLUGIN_AUTH
 * lenenc     | attributes       | CLIENT_CONNECT_ATTRS: total length, then key/value lenenc-strs
 * </pre>
 *
 * @param database       new default schema ("" for none)
 * @param authPluginName plugin the token was computed for, or {@code null}
 */
public record ComChangeUser(String username, byte[] authResponse, String database, int collation,
        String authPluginName, Map<String, String> attributes) {

    public ComChangeUser {
        attributes = Collections.unmodifiableMap(new LinkedHashMap<>(attributes));
        database = database == null ? "" : database;
    }

    public byte[] encode(long capabilities) {
        PayloadWriter w = new PayloadWriter(64).u8(Command.COM_CHANGE_USER).nulString(username);
        if (Capabilities.has(capabilities, Capabilities.CLIENT_SECURE_CONNECTION)) {
            w.u8(authResponse.length).bytes(authResponse);
        } else {
            w.nulBytes(authResponse);
        }
        w.nulString(database).u16(collation);
        if (Capabilities.has(capabilities, Capabilities.CLIENT_PLUGIN_AUTH)) {
            w.nulString(authPluginName == null ? "" : authPluginName);
        }
        if (Capabilities.has(capabilities, Capabilities.CLIENT_CONNECT_ATTRS)) {
            w.lenencBytes(HandshakeResponse41.encodeAttributes(attributes));
        }
        return w.toByteArray();
    }

    public static ComChangeUser decode(byte[] payload, long capabilities) {
        PayloadReader r = new PayloadReader("COM_CHANGE_USER", payload);
        int command = r.u8();
        if (command != Command.COM_CHANGE_USER) {
            throw r.fail(String.format("command byte 0x%02X is not COM_CHANGE_USER", command));
        }
        String user = r.nulString();
        byte[] auth = Capabilities.has(capabilities, Capabilities.CLIENT_SECURE_CONNECTION)
                ? r.bytes(r.u8()) : r.nulBytes();
        String db = r.nulString();
        int collation = r.remaining() >= 2 ? r.u16() : 0;
        String plugin = null;
        if (Capabilities.has(capabilities, Capabilities.CLIENT_PLUGIN_AUTH) && r.hasRemaining()) {
            plugin = r.nulString();
        }
        Map<String, String> attrs = Map.of();
        if (Capabilities.has(capabilities, Capabilities.CLIENT_CONNECT_ATTRS) && r.hasRemaining()) {
            attrs = HandshakeResponse41.decodeAttributes(r.lenencBytes());
        }
        return new ComChangeUser(user, auth, db, collation, plugin, attrs);
    }
}
