package com.wolfscale.mysql.packet;

import com.wolfscale.mysql.PayloadReader;
import com.wolfscale.mysql.PayloadWriter;
import java.util.Arrays;

/**
 * The server asks the client to authenticate again with another plugin (during login or COM_CHANGE_USER).
 *
 * <pre>
 * size    | field
 * --------+-------------------------------------------------------------------------------
 * 1       | 0xFE
 * NUL-str | plugin name
 * rest    | plugin data; for mysql_native_password a fresh 20-byte seed followed by a NUL
 * </pre>
 *
 * A payload of the single byte 0xFE is the pre-4.1 "use the old password" request, decoded as plugin
 * {@code mysql_old_password} with no data.
 *
 * @param pluginName the plugin to switch to
 * @param pluginData the plugin's data as sent (NUL included)
 */
public record AuthSwitchRequest(String pluginName, byte[] pluginData) {

    public static final int HEADER = 0xFE;

    public byte[] encode() {
        return new PayloadWriter(pluginName.length() + pluginData.length + 2)
                .u8(HEADER).nulString(pluginName).bytes(pluginData).toByteArray();
    }

    /** The plugin data without its trailing NUL: the seed to scramble with. */
    public byte[] seed() {
        int n = pluginData.length;
        return n > 0 && pluginData[n - 1] == 0 ? Arrays.copyOf(pluginData, n - 1) : pluginData.clone();
    }

    public static AuthSwitchRequest decode(byte[] payload) {
        PayloadReader r = new PayloadReader("AuthSwitchRequest", payload);
        int header = r.u8();
        if (header != HEADER) {
            throw r.fail(String.format("header 0x%02X is not 0xFE", header));
        }
        if (!r.hasRemaining()) {
            return new AuthSwitchRequest("mysql_old_password", new byte[0]);
        }
        return new AuthSwitchRequest(r.nulString(), r.rest());
    }
}
