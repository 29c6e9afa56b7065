package com.wolfscale.mysql.packet;

import com.wolfscale.mysql.Command;
import com.wolfscale.mysql.PayloadReader;
import com.wolfscale.mysql.PayloadWriter;

/**
 * Changes the default schema: {@code [0x02][schema name to the end of the payload]}; answered by OK or ERR.
 *
 * @param schema the new default schema
 */
public record ComInitDb(String schema) {

    public byte[] encode() {
        return new PayloadWriter(schema.length() + 1).u8(Command.COM_INIT_DB).string(schema).toByteArray();
    }

    public static ComInitDb decode(byte[] payload) {
        PayloadReader r = new PayloadReader("COM_INIT_DB", payload);
        SimpleCommands.expect(r, Command.COM_INIT_DB);
        return new ComInitDb(r.restString());
    }
}
