package com.wolfscale.mysql.binlog;

import com.wolfscale.mysql.PayloadReader;

/**
 * USER_VAR (type 14): the value of a user variable a following statement-format QUERY read. Decoded as
 * framing only: the value stays in its binary form.
 *
 * <pre>
 * size | field          | present when
 * -----+----------------+-----------------------------------------------------------------
 * 4    | name length    |
 * n    | name           |
 * 1    | is NULL        |
 * 1    | value type     | not NULL: 0 STRING, 1 REAL, 2 INT, 4 DECIMAL
 * 4    | charset        | not NULL
 * 4    | value length   | not NULL
 * n    | value          | not NULL
 * 1    | flags          | not NULL and present: 1 = unsigned
 * </pre>
 *
 * @param name      variable name without '@'
 * @param isNull    whether the value is NULL (the remaining fields are then 0/empty)
 * @param valueType type of the value
 * @param charset   collation id of a string value
 * @param value     the value bytes
 * @param flags     extra flags
 */
public record UserVarEvent(String name, boolean isNull, int valueType, long charset, byte[] value, int flags) {

    public static UserVarEvent decode(BinlogEvent event) {
        Events.requireType(event, EventType.USER_VAR);
        PayloadReader r = event.body();
        long nameLength = r.u32();
        if (nameLength > r.remaining()) {
            throw r.fail("variable name of " + nameLength + " bytes exceeds the event");
        }
        String name = r.fixedString((int) nameLength);
        boolean isNull = r.u8() != 0;
        if (isNull) {
            return new UserVarEvent(name, true, 0, 0, new byte[0], 0);
        }
        int type = r.u8();
        long charset = r.u32();
        long valueLength = r.u32();
        if (valueLength > r.remaining()) {
            throw r.fail("value of " + valueLength + " bytes exceeds the event");
        }
        byte[] value = r.bytes((int) valueLength);
        int flags = r.hasRemaining() ? r.u8() : 0;
        return new UserVarEvent(name, false, type, charset, value, flags);
    }
}
