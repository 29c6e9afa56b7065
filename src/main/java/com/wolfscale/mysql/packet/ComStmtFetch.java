package com.wolfscale.mysql.packet;

import com.wolfscale.mysql.Command;
import com.wolfscale.mysql.PayloadReader;
import com.wolfscale.mysql.PayloadWriter;

/**
 * Fetches rows from the cursor a COM_STMT_EXECUTE opened: {@code [0x1C][statement id u32][rows u32]}.
 * Answered by up to {@code rows} binary rows and an EOF (or 0xFE OK) whose status has LAST_ROW_SENT once
 * the cursor is exhausted, or by ERR.
 *
 * @param statementId the statement whose cursor to read
 * @param rows        the maximum number of rows to send
 */
public record ComStmtFetch(long statementId, long rows) {

    public byte[] encode() {
        return new PayloadWriter(9).u8(Command.COM_STMT_FETCH).u32(statementId).u32(rows).toByteArray();
    }

    public static ComStmtFetch decode(byte[] payload) {
        PayloadReader r = new PayloadReader("COM_STMT_FETCH", payload);
        SimpleCommands.expect(r, Command.COM_STMT_FETCH);
        return new ComStmtFetch(r.u32(), r.u32());
    }
}
