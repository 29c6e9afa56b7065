package com.wolfscale.mysql.packet;

import static org.assertj.core.api.Assertions.assertThat;

import com.wolfscale.mysql.Capabilities;
import com.wolfscale.mysql.Golden;
import com.wolfscale.mysql.ProtocolException;
import com.wolfscale.mysql.binlog.BinlogEvent;
import com.wolfscale.mysql.binlog.EventHeader;
import com.wolfscale.mysql.binlog.EventType;
import com.wolfscale.mysql.binlog.FormatDescriptionEvent;
import com.wolfscale.mysql.binlog.GtidEvent;
import com.wolfscale.mysql.binlog.GtidListEvent;
import com.wolfscale.mysql.binlog.QueryEvent;
import com.wolfscale.mysql.binlog.RotateEvent;
import com.wolfscale.mysql.binlog.rows.RowImageScanner;
import com.wolfscale.mysql.binlog.rows.RowsEvent;
import com.wolfscale.mysql.binlog.rows.RowsEventInverter;
import com.wolfscale.mysql.binlog.rows.TableMapEvent;
import com.wolfscale.mysql.replication.ComBinlogDump;
import com.wolfscale.mysql.replication.ComRegisterSlave;
import com.wolfscale.mysql.replication.SemiSyncAck;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

/**
 * Decoders given garbage, truncated or corrupted bytes either return a value or throw
 * {@link ProtocolException} — never an index, null-pointer or argument exception, never a loop.
 */
class DecoderRobustnessProperties {

    private static final long ALL_CAPS = -1L & ~Capabilities.CLIENT_MYSQL;

    private static final List<Consumer<byte[]>> PAYLOAD_DECODERS = List.of(
            HandshakeV10::decode, HandshakeResponse41::decode, SslRequest::decode, AuthSwitchRequest::decode,
            AuthMoreData::decode, p -> OkPacket.decode(p, ALL_CAPS), p -> OkPacket.decode(p, 0), ErrPacket::decode,
            EofPacket::decode, p -> ColumnCount.decode(p, ALL_CAPS), p -> ColumnDefinition41.decode(p, ALL_CAPS),
            p -> ColumnDefinition41.decode(p, 0), ComStmtPrepareOk::decode, p -> ComStmtExecute.decode(p, 3),
            p -> ComStmtExecute.withTypes(p, 3, new byte[6]), p -> ComChangeUser.decode(p, ALL_CAPS),
            ComQuery::decode, ComInitDb::decode, ComStmtFetch::decode, ComFieldList::decode, ComRegisterSlave::decode,
            ComBinlogDump::decode, SemiSyncAck::decode);

    @Provide
    Arbitrary<byte[]> validPayloads() {
        return Arbitraries.oneOf(PacketArbitraries.handshake().map(HandshakeV10::encode),
                PacketArbitraries.handshakeResponse().map(HandshakeResponse41::encode),
                PacketArbitraries.ok().map(o -> o.encode(Capabilities.CLIENT_SESSION_TRACK)),
                PacketArbitraries.err().map(ErrPacket::encode),
                PacketArbitraries.columnDefinition().map(c -> c.encode(ALL_CAPS)),
                PacketArbitraries.execute().map(ComStmtExecute::encode),
                PacketArbitraries.changeUser().map(c -> c.encode(ALL_CAPS)),
                Arbitraries.of(Golden.bytes("handshake"), Golden.bytes("err1045"), Golden.bytes("coldef_int"),
                        Golden.bytes("ok_last_gtid")));
    }

    @Property(tries = 300)
    void garbage(@ForAll @Size(max = 80) byte[] garbage) {
        PAYLOAD_DECODERS.forEach(d -> decodeOrProtocolError(d, garbage));
    }

    @Property(tries = 300)
    void truncatedOrCorrupted(@ForAll("validPayloads") byte[] valid, @ForAll @IntRange(min = 0, max = 10_000) int cut,
            @ForAll @IntRange(min = 0, max = 10_000) int at, @ForAll byte value) {
        byte[] truncated = Arrays.copyOf(valid, Math.min(cut, valid.length));
        byte[] corrupted = valid.clone();
        if (corrupted.length > 0) {
            corrupted[at % corrupted.length] = value;
        }
        for (Consumer<byte[]> d : PAYLOAD_DECODERS) {
            decodeOrProtocolError(d, truncated);
            decodeOrProtocolError(d, corrupted);
        }
    }

    @Provide
    Arbitrary<int[]> eventMutations() {
        return Combinators.combine(Arbitraries.integers().between(5, 18), Arbitraries.integers().between(0, 500),
                Arbitraries.integers().between(0, 500), Arbitraries.integers().between(0, 255))
                .as((event, cut, at, value) -> new int[] {event, cut, at, value});
    }

    /** Golden binlog events cut short or with one byte changed (header size kept consistent). */
    @Property(tries = 500)
    void binlogEvents(@ForAll("eventMutations") int[] m) {
        FormatDescriptionEvent fde = FormatDescriptionEvent.decode(BinlogEvent.of(Golden.event(1), true));
        TableMapEvent map = TableMapEvent.decode(BinlogEvent.of(Golden.event(6), true), fde);
        byte[] original = Golden.event(m[0]);
        int length = Math.max(EventHeader.LENGTH + 4, Math.min(original.length, EventHeader.LENGTH + m[1]));
        byte[] b = Arrays.copyOf(original, length);
        int pos = EventHeader.LENGTH + m[2] % (length - EventHeader.LENGTH);
        b[pos] = (byte) m[3];
        for (int i = 0; i < 4; i++) {
            b[EventHeader.EVENT_SIZE_OFFSET + i] = (byte) (length >>> (8 * i));
        }
        BinlogEvent e = BinlogEvent.of(b, true);
        assertThat(e.checksumMatches() || !Arrays.equals(b, original)).isTrue();
        decodeOrProtocolError(x -> decodeAny(e, fde, map), b);
    }

    private static void decodeAny(BinlogEvent e, FormatDescriptionEvent fde, TableMapEvent map) {
        switch (e.type()) {
            case EventType.ROTATE -> RotateEvent.decode(e);
            case EventType.GTID -> GtidEvent.decode(e);
            case EventType.GTID_LIST -> GtidListEvent.decode(e);
            case EventType.QUERY -> QueryEvent.decode(e, fde);
            case EventType.TABLE_MAP -> TableMapEvent.decode(e, fde);
            case EventType.FORMAT_DESCRIPTION -> FormatDescriptionEvent.decode(e);
            default -> {
                if (EventType.isRows(e.type())) {
                    RowsEvent rows = RowsEvent.decode(e, fde);
                    if (rows.tableId() == map.tableId()) {
                        RowImageScanner.scan(rows, map);
                        RowsEventInverter.invert(rows, map);
                    }
                }
            }
        }
    }

    private static void decodeOrProtocolError(Consumer<byte[]> decoder, byte[] input) {
        try {
            decoder.accept(input);
        } catch (ProtocolException expected) {
            assertThat(expected.getMessage()).isNotBlank();
        }
    }
}
