package com.wolfscale.proxy.session;

import com.wolfscale.mysql.Capabilities;
import com.wolfscale.mysql.ColumnType;
import com.wolfscale.mysql.PayloadWriter;
import com.wolfscale.mysql.packet.ColumnCount;
import com.wolfscale.mysql.packet.ColumnDefinition41;
import com.wolfscale.mysql.packet.EofPacket;
import com.wolfscale.mysql.packet.OkPacket;
import com.wolfscale.proxy.session.ClientChannel.ClientGoneException;
import java.util.List;

/**
 * The few responses the proxy writes itself (answers to {@code SELECT @wolfscale_last_lsn},
 * {@code SET @wolfscale_min_lsn}, {@code KILL} and a COM_PING without backend), shaped for the client's
 * capabilities exactly as MariaDB would shape them.
 *
 * <p>Stateless.
 */
final class SyntheticResponses {

    private SyntheticResponses() {
    }

    static void ok(ClientChannel client, int sequenceId, long capabilities, int statusFlags)
            throws ClientGoneException {
        client.write(sequenceId, OkPacket.of(0, 0, statusFlags, 0).encode(capabilities));
        client.flush();
    }

    /** A one-column, one-row text result set: {@code name} = {@code value} (BIGINT UNSIGNED). */
    static void singleValue(ClientChannel client, long capabilities, int statusFlags, String name, long value)
            throws ClientGoneException {
        boolean deprecateEof = Capabilities.has(capabilities, Capabilities.CLIENT_DEPRECATE_EOF);
        int seq = 1;
        seq = client.write(seq, new ColumnCount(1, true).encode(capabilities));
        ColumnDefinition41 column = new ColumnDefinition41("def", "", "", "", name, "", null, null, 63, 20,
                ColumnType.LONGLONG, ColumnDefinition41.FLAG_UNSIGNED | ColumnDefinition41.FLAG_BINARY, 0, null);
        seq = client.write(seq, column.encode(capabilities));
        if (!deprecateEof) {
            seq = client.write(seq, new EofPacket(0, statusFlags).encode());
        }
        seq = client.write(seq, new PayloadWriter(24).lenencString(Long.toUnsignedString(value)).toByteArray());
        if (deprecateEof) {
            client.write(seq, new OkPacket(OkPacket.EOF_HEADER, 0, 0, statusFlags, 0, "", List.of()).encode(capabilities));
        } else {
            client.write(seq, new EofPacket(0, statusFlags).encode());
        }
        client.flush();
    }
}
