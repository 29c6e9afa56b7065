package com.wolfscale.mysql.packet;

import com.wolfscale.mysql.Command;
import com.wolfscale.mysql.PayloadReader;
import com.wolfscale.mysql.PayloadWriter;

/**
 * Prepares a statement: {@code [0x16][SQL text to the end of the payload]}; answered by
 * {@link ComStmtPrepareOk} (plus definitions) or ERR.
 *
 * @param sql the statement text with '?' placeholders
 */
public record ComStmtPrepare(String sql) {

    public byte[] encode() {
        return new PayloadWriter(sql.length() + 1).u8(Command.COM_STMT_PREPARE).string(sql).toByteArray();
    }

    public static ComStmtPrepare decode(byte[] payload) {
        PayloadReader r = new PayloadReader("COM_STMT_PREPARE", payload);
        SimpleCommands.expect(r, Command.COM_STMT_PREPARE);
        return new ComStmtPrepare(r.restString());
    }
}
