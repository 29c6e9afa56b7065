package com.wolfscale.mysql.replication;

import com.wolfscale.mysql.Command;
import com.wolfscale.mysql.PayloadReader;
import com.wolfscale.mysql.PayloadWriter;

/**
 * Starts the binlog stream. In MariaDB GTID mode the start position comes from
 * {@code SET @slave_connect_state='<gtid list>'} and the file name is empty with position 4.
 *
 * <pre>
 * size | field
 * -----+--------------------------------------------------------------------------
 * 1    | 0x12
 * 4    | binlog position
 * 2    | flags: 1 BINLOG_DUMP_NON_BLOCK (EOF at the end instead of waiting),
 *      |        2 BINLOG_SEND_ANNOTATE_ROWS_EVENT (MariaDB)
 * 4    | replica server id
 * rest | binlog file name, without NUL
 * </pre>
 *
 * Each following server packet is one event: {@code [0x00][event]}, or {@code [0x00][0xEF][ack flag][event]}
 * after a semi-sync request; an EOF ends a non-blocking dump and an ERR ends any ({@link BinlogStream}).
 *
 * @param position start position (4 = the first event after the magic header)
 * @param flags    dump flags
 * @param serverId the replica's server id (must match COM_REGISTER_SLAVE)
 * @param file     start file, empty in GTID mode
 */
public record ComBinlogDump(long position, int flags, long serverId, String file) {

    public static final int BINLOG_DUMP_NON_BLOCK = 1;
    public static final int BINLOG_SEND_ANNOTATE_ROWS_EVENT = 2;

    /** A GTID-mode dump (the position is in {@code @slave_connect_state}). */
    public static ComBinlogDump gtidMode(long serverId, int flags) {
        return new ComBinlogDump(4, flags, serverId, "");
    }

    public byte[] encode() {
        return new PayloadWriter(16 + file.length()).u8(Command.COM_BINLOG_DUMP).u32(position).u16(flags)
                .u32(serverId).string(file).toByteArray();
    }

    public static ComBinlogDump decode(byte[] payload) {
        PayloadReader r = new PayloadReader("COM_BINLOG_DUMP", payload);
        int command = r.u8();
        if (command != Command.COM_BINLOG_DUMP) {
            throw r.fail("command byte " + Command.name(command) + " is not COM_BINLOG_DUMP");
        }
        return new ComBinlogDump(r.u32(), r.u16(), r.u32(), r.restString());
    }
}
