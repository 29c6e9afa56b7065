package com.wolfscale.mysql.replication;

import com.wolfscale.mysql.Command;
import com.wolfscale.mysql.PayloadReader;
import com.wolfscale.mysql.PayloadWriter;

/**
 * Registers a replica with the primary (it then appears in {@code SHOW SLAVE HOSTS}); sent before
 * COM_BINLOG_DUMP and answered by OK or ERR.
 *
 * <pre>
 * size  | field
 * ------+---------------------------------------------
 * 1     | 0x15
 * 4     | replica server id (unique in the topology)
 * 1 + n | report host
 * 1 + n | report user
 * 1 + n | report password
 * 2     | report port
 * 4     | replication rank (unused, 0)
 * 4     | primary id (unused, 0)
 * </pre>
 *
 * @param serverId the replica's server id
 */
public record ComRegisterSlave(long serverId, String host, String user, String password, int port, long rank,
        long masterId) {

    public static ComRegisterSlave of(long serverId) {
        return new ComRegisterSlave(serverId, "", "", "", 0, 0, 0);
    }

    public byte[] encode() {
        PayloadWriter w = new PayloadWriter(32).u8(Command.COM_REGISTER_SLAVE).u32(serverId);
        for (String s : new String[] {host, user, password}) {
            byte[] b = s.getBytes(java.nio.charset.StandardCharsets.UTF_8);
            if (b.length > 255) {
                throw new IllegalArgumentException("COM_REGISTER_SLAVE strings are at most 255 bytes");
            }
            w.u8(b.length).bytes(b);
        }
        return w.u16(port).u32(rank).u32(masterId).toByteArray();
    }

    public static ComRegisterSlave decode(byte[] payload) {
        PayloadReader r = new PayloadReader("COM_REGISTER_SLAVE", payload);
        int command = r.u8();
        if (command != Command.COM_REGISTER_SLAVE) {
            throw r.fail("command byte " + Command.name(command) + " is not COM_REGISTER_SLAVE");
        }
        long id = r.u32();
        String host = r.fixedString(r.u8());
        String user = r.fixedString(r.u8());
        String password = r.fixedString(r.u8());
        return new ComRegisterSlave(id, host, user, password, r.u16(), r.u32(), r.u32());
    }
}
