package com.wolfscale.mysql.packet;

import com.wolfscale.mysql.Command;
import com.wolfscale.mysql.PayloadReader;
import com.wolfscale.mysql.PayloadWriter;

/**
 * Lists a table's columns (deprecated, still sent by old clients):
 * {@code [0x04][table NUL-str][wildcard to the end]}. Answered by column definitions (with default
 * values) and an EOF (or 0xFE OK), or ERR.
 *
 * @param table    the table
 * @param wildcard a LIKE pattern for column names, possibly empty
 */
public record ComFieldList(String table, String wildcard) {

    public byte[] encode() {
        return new PayloadWriter(table.length() + wildcard.length() + 2).u8(Command.COM_FIELD_LIST)
                .nulString(table).string(wildcard).toByteArray();
    }

    public static ComFieldList decode(byte[] payload) {
        PayloadReader r = new PayloadReader("COM_FIELD_LIST", payload);
        SimpleCommands.expect(r, Command.COM_FIELD_LIST);
        return new ComFieldList(r.nulString(), r.restString());
    }
}
