package com.wolfscale.mysql.packet;

import com.wolfscale.mysql.Command;
import com.wolfscale.mysql.PayloadReader;
import com.wolfscale.mysql.PayloadWriter;

/**
 * A text-protocol statement: {@code [0x03][SQL text to the end of the payload]}. The SQL is kept as bytes
 * so that a relay never re-encodes it; {@link #sql()} decodes it as UTF-8 for display and routing.
 *
 * @param sqlBytes the statement text in the connection's character set
 */
public record ComQuery(byte[] sqlBytes) {

    public static ComQuery of(String sql) {
        return new ComQuery(sql.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    public String sql() {
        return new String(sqlBytes, java.nio.charset.StandardCharsets.UTF_8);
    }

    public byte[] encode() {
        return new PayloadWriter(sqlBytes.length + 1).u8(Command.COM_QUERY).bytes(sqlBytes).toByteArray();
    }

    public static ComQuery decode(byte[] payload) {
        PayloadReader r = new PayloadReader("COM_QUERY", payload);
        SimpleCommands.expect(r, Command.COM_QUERY);
        return new ComQuery(r.rest());
    }
}
