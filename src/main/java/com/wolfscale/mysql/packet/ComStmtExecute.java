package com.wolfscale.mysql.packet;

import com.wolfscale.mysql.Command;
import com.wolfscale.mysql.PayloadReader;
import com.wolfscale.mysql.PayloadWriter;
import com.wolfscale.mysql.ProtocolException;
import java.util.Arrays;

/**
 * Executes a prepared statement. The parameter count is not in the packet: the decoder needs it from the
 * statement's {@link ComStmtPrepareOk}.
 *
 * <pre>
 * size         | field              | notes
 * -------------+--------------------+------------------------------------------------------------
 * 1            | 0x17               |
 * 4            | statement id       | 0xFFFFFFFF = the statement last prepared on this connection
 *              |                    | (MariaDB; lets a driver pipeline PREPARE and EXECUTE)
 * 1            | flags              | cursor type: 0 none, 1 read-only, 2 for update, 4 scrollable
 * 4            | iteration count    | always 1
 * (n+7)/8      | NULL bitmap        | only if n &gt; 0; bit i set = parameter i is NULL (offset 0,
 *              |                    | unlike binary result rows whose bitmap starts at bit 2)
 * 1            | new params bound   | only if n &gt; 0; 1 = types follow
 * 2n           | parameter types    | only if bound: (type, 0x80 if unsigned) per parameter
 * rest         | values             | binary-encoded values of the non-NULL parameters
 * </pre>
 *
 * Types are sent only when they change (normally on the first execution). A proxy that moves a statement
 * to another backend connection must splice the remembered types back in ({@link #withTypes}), and it
 * rewrites the statement id to the backend's own ({@link #rewriteStatementId}).
 *
 * @param statementId    statement id ({@link #LAST_PREPARED} allowed)
 * @param flags          cursor flags
 * @param iterationCount always 1 in practice
 * @param paramCount     number of parameters (from the prepare response)
 * @param nullBitmap     (paramCount+7)/8 bytes, empty when paramCount is 0
 * @param types          2 bytes per parameter when new-params-bound is 1, else {@code null}
 * @param values         binary values of the non-NULL parameters, as sent
 * @see <a href="https://mariadb.com/docs/server/reference/clientserver-protocol/3-binary-protocol-prepared-statements/com_stmt_execute">com_stmt_execute.md</a>
 */
public record ComStmtExecute(long statementId, int flags, long iterationCount, int paramCount, byte[] nullBitmap,
        byte[] types, byte[] values) {

    public static final long LAST_PREPARED = 0xFFFF_FFFFL;
    public static final int CURSOR_TYPE_NO_CURSOR = 0;
    public static final int CURSOR_TYPE_READ_ONLY = 1;
    public static final int CURSOR_TYPE_FOR_UPDATE = 2;
    public static final int CURSOR_TYPE_SCROLLABLE = 4;

    public ComStmtExecute {
        if (nullBitmap.length != (paramCount + 7) / 8) {
            throw new IllegalArgumentException("NULL bitmap of " + nullBitmap.length + " bytes for " + paramCount + " parameters");
        }
        if (types != null && types.length != 2 * paramCount) {
            throw new IllegalArgumentException(types.length + " type bytes for " + paramCount + " parameters");
        }
    }

    public boolean newParamsBound() {
        return types != null;
    }

    public boolean isNull(int param) {
        return (nullBitmap[param / 8] & (1 << (param % 8))) != 0;
    }

    public ComStmtExecute withStatementId(long id) {
        return new ComStmtExecute(id, flags, iterationCount, paramCount, nullBitmap, types, values);
    }

    /** This execution with the given types bound (unchanged when it already carries types). */
    public ComStmtExecute withTypes(byte[] rememberedTypes) {
        return types != null ? this
                : new ComStmtExecute(statementId, flags, iterationCount, paramCount, nullBitmap, rememberedTypes, values);
    }

    public byte[] encode() {
        PayloadWriter w = new PayloadWriter(16 + values.length + 2 * paramCount)
                .u8(Command.COM_STMT_EXECUTE).u32(statementId).u8(flags).u32(iterationCount);
        if (paramCount > 0) {
            w.bytes(nullBitmap).u8(types != null ? 1 : 0);
            if (types != null) {
                w.bytes(types);
            }
        }
        return w.bytes(values).toByteArray();
    }

    public static ComStmtExecute decode(byte[] payload, int paramCount) {
        PayloadReader r = new PayloadReader("COM_STMT_EXECUTE", payload);
        int command = r.u8();
        if (command != Command.COM_STMT_EXECUTE) {
            throw r.fail(String.format("command byte 0x%02X is not COM_STMT_EXECUTE", command));
        }
        long id = r.u32();
        int flags = r.u8();
        long iterations = r.u32();
        byte[] bitmap = new byte[0];
        byte[] types = null;
        if (paramCount > 0) {
            bitmap = r.bytes((paramCount + 7) / 8);
            int bound = r.u8();
            if (bound > 1) {
                throw r.fail("new-params-bound byte is " + bound + ", not 0 or 1");
            }
            types = bound == 1 ? r.bytes(2 * paramCount) : null;
        }
        return new ComStmtExecute(id, flags, iterations, paramCount, bitmap, types, r.rest());
    }

    /** The statement id of a COM_STMT_EXECUTE, COM_STMT_FETCH, COM_STMT_CLOSE, COM_STMT_RESET or SEND_LONG_DATA. */
    public static long statementIdOf(byte[] payload) {
        PayloadReader r = new PayloadReader("statement command", payload);
        r.skip(1);
        return r.u32();
    }

    /** Rewrites the statement id of any statement command in place (bytes 1-4), for relaying. */
    public static void rewriteStatementId(byte[] payload, long id) {
        if (payload.length < 5) {
            throw new ProtocolException("statement command of " + payload.length + " bytes has no statement id");
        }
        for (int i = 0; i < 4; i++) {
            payload[1 + i] = (byte) (id >>> (8 * i));
        }
    }

    /** The types this execution binds, or {@code null} when it relies on earlier ones. */
    public static byte[] typesOf(byte[] payload, int paramCount) {
        return decode(payload, paramCount).types();
    }

    /** The payload with {@code rememberedTypes} spliced in when it binds none; otherwise the payload itself. */
    public static byte[] withTypes(byte[] payload, int paramCount, byte[] rememberedTypes) {
        if (paramCount == 0) {
            return payload;
        }
        int boundAt = 10 + (paramCount + 7) / 8;
        if (payload.length <= boundAt) {
            throw new ProtocolException("COM_STMT_EXECUTE of " + payload.length + " bytes is too short for "
                    + paramCount + " parameters");
        }
        if (payload[boundAt] != 0) {
            return payload;
        }
        if (rememberedTypes.length != 2 * paramCount) {
            throw new IllegalArgumentException(rememberedTypes.length + " type bytes for " + paramCount + " parameters");
        }
        byte[] out = Arrays.copyOf(payload, payload.length + rememberedTypes.length);
        out[boundAt] = 1;
        System.arraycopy(rememberedTypes, 0, out, boundAt + 1, rememberedTypes.length);
        System.arraycopy(payload, boundAt + 1, out, boundAt + 1 + rememberedTypes.length, payload.length - boundAt - 1);
        return out;
    }
}
