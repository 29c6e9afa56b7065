package com.wolfscale.mysql.replication;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.wolfscale.mysql.Golden;
import com.wolfscale.mysql.PacketReader;
import com.wolfscale.mysql.PacketWriter;
import com.wolfscale.mysql.PayloadWriter;
import com.wolfscale.mysql.ProtocolException;
import com.wolfscale.mysql.RawPacket;
import com.wolfscale.mysql.binlog.ChecksumAlgorithm;
import com.wolfscale.mysql.binlog.EventType;
import com.wolfscale.mysql.binlog.Gtid;
import com.wolfscale.mysql.packet.EofPacket;
import com.wolfscale.mysql.packet.ErrPacket;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class BinlogStreamTest {

    private static byte[] wire(boolean semiSync, int ackOn, byte[]... tail) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PacketWriter w = new PacketWriter(out);
        for (int i = 0; i <= 8; i++) {
            PayloadWriter p = new PayloadWriter().u8(0);
            if (semiSync) {
                p.u8(0xEF).u8(i == ackOn ? 1 : 0);
            }
            w.write(i + 1, p.bytes(Golden.event(i)).toByteArray());
        }
        for (byte[] t : tail) {
            w.write(10, t);
        }
        return out.toByteArray();
    }

    private static BinlogStream stream(byte[] wire, ChecksumAlgorithm declared, boolean semiSync) {
        return new BinlogStream(new PacketReader(new ByteArrayInputStream(wire)), 1 << 20, declared, semiSync, true);
    }

    @Test
    void eventsTheirAckFlagsTheCurrentFileAndTheEofOfANonBlockingDump() throws IOException {
        BinlogStream s = stream(wire(true, 8, new EofPacket(0, 2).encode()), ChecksumAlgorithm.CRC32, true);
        for (int i = 0; i <= 8; i++) {
            EventPacket p = s.next().orElseThrow();
            assertThat(p.event().bytes()).isEqualTo(Golden.event(i));
            assertThat(p.ackRequested()).isEqualTo(i == 8);
            assertThat(p.event().checksummed()).isTrue();
        }
        assertThat(s.next()).isEmpty();
        assertThat(s.currentFile()).isEqualTo("binlog.000001");
        assertThat(s.formatDescription().serverVersion()).startsWith("10.11.19");
        SemiSyncAck ack = new SemiSyncAck(0x38A, s.currentFile());
        assertThat(ack.encode()).startsWith(0xEF, 0x8A, 0x03, 0, 0, 0, 0, 0, 0, 'b');
    }

    @Test
    void theFormatDescriptionDecidesWhetherLaterEventsAreChecksummed() throws IOException {
        BinlogStream s = stream(wire(false, -1), ChecksumAlgorithm.OFF, false);
        assertThat(s.next().orElseThrow().event().checksummed()).as("before the FDE").isFalse();
        assertThat(s.next().orElseThrow().event().type()).isEqualTo(EventType.FORMAT_DESCRIPTION);
        assertThat(s.next().orElseThrow().event().checksummed()).isTrue();
    }

    @Test
    void errorsMissingSemiSyncHeadersAndBadChecksumsEndTheStream() throws IOException {
        byte[] err = new ErrPacket(1236, "HY000", "Could not find GTID state").encode();
        BinlogStream failing = stream(PacketWriter.frame(1, err), ChecksumAlgorithm.CRC32, false);
        assertThatThrownBy(failing::next).isInstanceOfSatisfying(BinlogStreamException.class,
                e -> assertThat(e.error().errorCode()).isEqualTo(1236));

        assertThatThrownBy(() -> stream(wire(false, -1), ChecksumAlgorithm.CRC32, true).next())
                .isInstanceOf(ProtocolException.class).hasMessageContaining("0xEF");

        byte[] corrupt = new PayloadWriter().u8(0).bytes(Golden.event(3)).toByteArray();
        corrupt[25] ^= 1;
        assertThatThrownBy(() -> stream(PacketWriter.frame(1, corrupt), ChecksumAlgorithm.CRC32, false).next())
                .isInstanceOf(ProtocolException.class).hasMessageContaining("checksum mismatch");
        assertThatThrownBy(() -> stream(PacketWriter.frame(1, new byte[] {5, 1}), ChecksumAlgorithm.CRC32, false).next())
                .isInstanceOf(ProtocolException.class).hasMessageContaining("not 0x00");
    }

    @Test
    void eventsOf16MiBAndMoreSpanSeveralPackets() throws IOException {
        byte[] rotate = Golden.event(0);
        byte[] big = new byte[RawPacket.MAX_PAYLOAD + 100];
        System.arraycopy(rotate, 0, big, 1, 19);
        int size = big.length - 1;
        for (int i = 0; i < 4; i++) {
            big[1 + 9 + i] = (byte) (size >>> (8 * i));
        }
        BinlogStream s = new BinlogStream(new PacketReader(new ByteArrayInputStream(PacketWriter.frame(1, big))),
                64 << 20, ChecksumAlgorithm.OFF, false, false);
        assertThat(s.next().orElseThrow().event().bytes()).hasSize(size);
    }

    @Test
    void dumpRequestStatementsInOrder() {
        DumpRequest r = new DumpRequest(7, Gtid.parseList("0-1-5,1-2-9"), Duration.ofMillis(500), true,
                ComBinlogDump.BINLOG_SEND_ANNOTATE_ROWS_EVENT);
        assertThat(r.setupStatements()).containsExactly(
                "SET @master_binlog_checksum = @@global.binlog_checksum",
                "SET @master_heartbeat_period = 500000000",
                "SET @mariadb_slave_capability = 4",
                "SET @slave_connect_state = '0-1-5,1-2-9'",
                "SET @slave_gtid_strict_mode = 1",
                "SET @rpl_semi_sync_slave = 1");
        assertThat(r.binlogDump()).isEqualTo(new ComBinlogDump(4, 2, 7, ""));
        assertThat(r.binlogDump().encode()).containsExactly(0x12, 4, 0, 0, 0, 2, 0, 7, 0, 0, 0);
        assertThat(r.registerSlave().encode()).containsExactly(0x15, 7, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0);
        assertThat(List.of(Gtid.parse("0-1-5").toString())).containsExactly("0-1-5");
    }
}
