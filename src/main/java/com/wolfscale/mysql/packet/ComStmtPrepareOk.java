package com.wolfscale.mysql.packet;

import com.wolfscale.mysql.PayloadReader;
import com.wolfscale.mysql.PayloadWriter;

/**
 * First packet of a successful COM_STMT_PREPARE response. It is followed by {@code paramCount} parameter
 * definitions and {@code columnCount} column definitions ({@link ColumnDefinition41}), each group ended by
 * an EOF unless CLIENT_DEPRECATE_EOF is negotiated.
 *
 * <pre>
 * size | field
 * -----+--------------------------------------------------------------
 * 1    | 0x00
 * 4    | statement id (what COM_STMT_EXECUTE/FETCH/CLOSE refer to)
 * 2    | number of result columns
 * 2    | number of parameters
 * 1    | reserved 0x00
 * 2    | warning count
 * </pre>
 *
 * @param statementId server-side statement id
 * @param columnCount result columns
 * @param paramCount  '?' placeholders
 * @param warnings    warning count
 */
public record ComStmtPrepareOk(long statementId, int columnCount, int paramCount, int warnings) {

    public byte[] encode() {
        return new PayloadWriter(12).u8(0).u32(statementId).u16(columnCount).u16(paramCount).u8(0).u16(warnings)
                .toByteArray();
    }

    public static ComStmtPrepareOk decode(byte[] payload) {
        PayloadReader r = new PayloadReader("COM_STMT_PREPARE OK", payload);
        int header = r.u8();
        if (header != 0) {
            throw r.fail(String.format("header 0x%02X is not 0x00", header));
        }
        long id = r.u32();
        int columns = r.u16();
        int params = r.u16();
        r.skip(1);
        int warnings = r.remaining() >= 2 ? r.u16() : 0;
        return new ComStmtPrepareOk(id, columns, params, warnings);
    }
}
