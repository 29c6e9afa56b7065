package com.wolfscale.mysql.packet;

import com.wolfscale.mysql.Capabilities;
import com.wolfscale.mysql.PayloadReader;
import com.wolfscale.mysql.PayloadWriter;
import java.util.Arrays;

/**
 * The server's first packet on a connection (protocol version 10).
 *
 * <pre>
 * size       | field                    | why
 * -----------+--------------------------+----------------------------------------------------------------
 * 1          | protocol version = 10    |
 * NUL-str    | server version           | MariaDB 10.x prefixes "5.5.5-" so old MySQL clients accept it
 * 4          | connection id            | what KILL and CONNECTION_ID() name
 * 8          | seed, part 1             | scramble for mysql_native_password
 * 1          | 0x00 filler              |
 * 2          | capabilities, bits 0-15  |
 * 1          | default collation        | low byte of the server's collation id
 * 2          | status flags             |
 * 2          | capabilities, bits 16-31 |
 * 1          | auth plugin data length  | seed length + 1 when CLIENT_PLUGIN_AUTH, else 0
 * 6          | filler                   |
 * 4          | MariaDB extended caps    | bits 32-63, only when CLIENT_MYSQL is not set (else filler)
 * n          | seed, part 2             | if CLIENT_SECURE_CONNECTION: max(12, data length - 9) bytes,
 *            |                          | then a NUL
 * NUL-str    | auth plugin name         | if CLIENT_PLUGIN_AUTH
 * </pre>
 *
 * @param protocolVersion always 10 here
 * @param serverVersion   as sent, prefix included
 * @param connectionId    server thread id
 * @param seed            the whole scramble (part 1 + part 2, without the trailing NUL), 20 bytes from MariaDB
 * @param capabilities    64-bit capability set, MariaDB extensions in bits 32-63
 * @param collation       default collation id
 * @param statusFlags     {@link com.wolfscale.mysql.ServerStatus} flags
 * @param authPluginName  default auth plugin, or {@code null} without CLIENT_PLUGIN_AUTH
 * @see <a href="https://mariadb.com/docs/server/reference/clientserver-protocol/1-connecting/connection">connection.md</a>
 */
public record HandshakeV10(int protocolVersion, String serverVersion, long connectionId, byte[] seed,
        long capabilities, int collation, int statusFlags, String authPluginName) {

    /** The prefix MariaDB puts before its real version so that MySQL 5.x clients do not refuse it. */
    public static final String MARIADB_VERSION_PREFIX = "5.5.5-";

    public HandshakeV10 {
        if (seed.length < 8) {
            throw new IllegalArgumentException("the handshake seed has at least 8 bytes, not " + seed.length);
        }
    }

    /** True when the server is MariaDB (it clears CLIENT_MYSQL to announce its extended capabilities). */
    public boolean isMariaDb() {
        return !Capabilities.has(capabilities, Capabilities.CLIENT_MYSQL);
    }

    /** The version without MariaDB's compatibility prefix, e.g. {@code 10.11.19-MariaDB-0+deb12u1}. */
    public String version() {
        return serverVersion.startsWith(MARIADB_VERSION_PREFIX)
                ? serverVersion.substring(MARIADB_VERSION_PREFIX.length()) : serverVersion;
    }

    public byte[] encode() {
        boolean pluginAuth = Capabilities.has(capabilities, Capabilities.CLIENT_PLUGIN_AUTH);
        PayloadWriter w = new PayloadWriter(96)
                .u8(protocolVersion).nulString(serverVersion).u32(connectionId)
                .bytes(seed, 0, 8).u8(0)
                .u16((int) capabilities).u8(collation).u16(statusFlags).u16((int) (capabilities >>> 16))
                .u8(pluginAuth ? seed.length + 1 : 0)
                .zeros(6);
        if (isMariaDb()) {
            w.u32(Capabilities.mariadbExtended(capabilities));
        } else {
            w.zeros(4);
        }
        if (Capabilities.has(capabilities, Capabilities.CLIENT_SECURE_CONNECTION)) {
            byte[] part2 = Arrays.copyOfRange(seed, 8, Math.max(seed.length, 20));
            w.bytes(part2).u8(0);
        }
        if (pluginAuth) {
            w.nulString(authPluginName == null ? "" : authPluginName);
        }
        return w.toByteArray();
    }

    public static HandshakeV10 decode(byte[] payload) {
        PayloadReader r = new PayloadReader("HandshakeV10", payload);
        int protocol = r.u8();
        if (protocol != 10) {
            throw r.fail("protocol version " + protocol + " is not 10 (0xFF would be an ERR packet)");
        }
        String version = r.nulString();
        long connectionId = r.u32();
        byte[] part1 = r.bytes(8);
        r.skip(1);
        long caps = r.u16();
        if (!r.hasRemaining()) {
            return new HandshakeV10(protocol, version, connectionId, part1, caps, 0, 0, null);
        }
        int collation = r.u8();
        int status = r.u16();
        caps |= (long) r.u16() << 16;
        int authDataLength = r.u8();
        r.skip(6);
        long extended = r.u32();
        if (!Capabilities.has(caps, Capabilities.CLIENT_MYSQL)) {
            caps |= extended << 32;
        }
        byte[] seed = part1;
        if (Capabilities.has(caps, Capabilities.CLIENT_SECURE_CONNECTION)) {
            int part2Length = Math.max(12, authDataLength - 9);
            byte[] part2 = r.bytes(Math.min(part2Length, r.remaining()));
            seed = concat(part1, part2);
            if (r.hasRemaining() && r.peek() == 0) {
                r.skip(1);
            }
        }
        String plugin = null;
        if (Capabilities.has(caps, Capabilities.CLIENT_PLUGIN_AUTH)) {
            // MySQL 5.5.7-5.5.9 sent the name without its NUL: accept both
            plugin = r.hasNul() ? r.nulString() : r.restString();
        }
        return new HandshakeV10(protocol, version, connectionId, seed, caps, collation, status, plugin);
    }

    static byte[] concat(byte[] a, byte[] b) {
        byte[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
