package com.wolfscale.mysql.packet;

import com.wolfscale.mysql.Command;
import com.wolfscale.mysql.PayloadReader;
import com.wolfscale.mysql.PayloadWriter;

/**
 * Deallocates a prepared statement: {@code [0x19][statement id u32]}. The server sends no response.
 *
 * @param statementId the statement to close
 */
public record ComStmtClose(long statementId) {

    public byte[] encode() {
        return new PayloadWriter(5).u8(Command.COM_STMT_CLOSE).u32(statementId).toByteArray();
    }

    public static ComStmtClose decode(byte[] payload) {
        PayloadReader r = new PayloadReader("COM_STMT_CLOSE", payload);
        SimpleCommands.expect(r, Command.COM_STMT_CLOSE);
        return new ComStmtClose(r.u32());
    }
}
