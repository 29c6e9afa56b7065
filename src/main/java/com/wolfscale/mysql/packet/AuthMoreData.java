package com.wolfscale.mysql.packet;

import com.wolfscale.mysql.PayloadReader;
import com.wolfscale.mysql.PayloadWriter;

/**
 * Extra authentication data from the server, within the current plugin's exchange (e.g.
 * caching_sha2_password's 0x03 "fast auth succeeded" / 0x04 "full auth needed", or a PEM public key).
 *
 * <pre>
 * size | field
 * -----+------------------
 * 1    | 0x01
 * rest | plugin data
 * </pre>
 *
 * @param data the plugin data
 */
public record AuthMoreData(byte[] data) {

    public static final int HEADER = 0x01;

    public byte[] encode() {
        return new PayloadWriter(data.length + 1).u8(HEADER).bytes(data).toByteArray();
    }

    public static AuthMoreData decode(byte[] payload) {
        PayloadReader r = new PayloadReader("AuthMoreData", payload);
        int header = r.u8();
        if (header != HEADER) {
            throw r.fail(String.format("header 0x%02X is not 0x01", header));
        }
        return new AuthMoreData(r.rest());
    }
}
