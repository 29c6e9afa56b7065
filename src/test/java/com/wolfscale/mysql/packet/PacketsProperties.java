package com.wolfscale.mysql.packet;

import static org.assertj.core.api.Assertions.assertThat;

import com.wolfscale.mysql.Capabilities;
import com.wolfscale.mysql.replication.ComBinlogDump;
import com.wolfscale.mysql.replication.ComRegisterSlave;
import com.wolfscale.mysql.replication.SemiSyncAck;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

/** decode(encode(x)) == x for every packet the codec owns. */
class PacketsProperties {

    @Provide
    Arbitrary<HandshakeV10> handshakes() {
        return PacketArbitraries.handshake();
    }

    @Provide
    Arbitrary<HandshakeResponse41> responses() {
        return PacketArbitraries.handshakeResponse();
    }

    @Provide
    Arbitrary<OkPacket> oks() {
        return PacketArbitraries.ok();
    }

    @Provide
    Arbitrary<ErrPacket> errs() {
        return PacketArbitraries.err();
    }

    @Provide
    Arbitrary<ColumnDefinition41> columns() {
        return PacketArbitraries.columnDefinition();
    }

    @Provide
    Arbitrary<ComStmtExecute> executes() {
        return PacketArbitraries.execute();
    }

    @Provide
    Arbitrary<ComChangeUser> changeUsers() {
        return PacketArbitraries.changeUser();
    }

    @Provide
    Arbitrary<Long> caps() {
        return PacketArbitraries.capabilities();
    }

    @Provide
    Arbitrary<String> texts() {
        return PacketArbitraries.text();
    }

    @Property(tries = 200)
    void handshakeV10(@ForAll("handshakes") HandshakeV10 h) {
        assertThat(HandshakeV10.decode(h.encode())).usingRecursiveComparison().isEqualTo(h);
    }

    @Property(tries = 200)
    void handshakeResponse41(@ForAll("responses") HandshakeResponse41 r) {
        byte[] payload = r.encode();
        assertThat(HandshakeResponse41.decode(payload)).usingRecursiveComparison().isEqualTo(r);
        assertThat(SslRequest.isSslRequest(payload)).isFalse();
    }

    @Property(tries = 200)
    void sslRequest(@ForAll("caps") long caps, @ForAll @IntRange(min = 0, max = 255) int collation) {
        SslRequest s = new SslRequest(caps | Capabilities.CLIENT_SSL, 1 << 24, collation);
        byte[] payload = s.encode();
        assertThat(payload).hasSize(32);
        assertThat(SslRequest.decode(payload)).isEqualTo(s);
    }

    @Property(tries = 200)
    void okPacket(@ForAll("oks") OkPacket ok) {
        long caps = Capabilities.CLIENT_SESSION_TRACK;
        assertThat(OkPacket.decode(ok.encode(caps), caps)).usingRecursiveComparison().isEqualTo(ok);
        if (ok.stateChanges().isEmpty()) {
            assertThat(OkPacket.decode(ok.encode(0), 0)).usingRecursiveComparison().isEqualTo(ok);
        }
    }

    @Property(tries = 200)
    void errPacketCarriesTheSqlStateMarkerExactlyOnce(@ForAll("errs") ErrPacket err) {
        byte[] payload = err.encode();
        assertThat(ErrPacket.decode(payload)).isEqualTo(err);
        int hashes = 0;
        for (int i = 3; i < Math.min(payload.length, 5); i++) {
            hashes += payload[i] == '#' ? 1 : 0;
        }
        assertThat(hashes).isLessThanOrEqualTo(1);
        assertThat(ErrPacket.isProgressReport(payload)).isFalse();
    }

    @Property(tries = 200)
    void eofPacket(@ForAll @IntRange(max = 0xFFFF) int warnings, @ForAll @IntRange(max = 0xFFFF) int status) {
        EofPacket eof = new EofPacket(warnings, status);
        assertThat(EofPacket.isEof(eof.encode())).isTrue();
        assertThat(EofPacket.decode(eof.encode())).isEqualTo(eof);
    }

    @Property(tries = 200)
    void columnCount(@ForAll @IntRange(min = 1) int count, @ForAll boolean follows) {
        long caps = Capabilities.MARIADB_CLIENT_CACHE_METADATA;
        assertThat(ColumnCount.decode(new ColumnCount(count, follows).encode(caps), caps))
                .isEqualTo(new ColumnCount(count, follows));
        assertThat(ColumnCount.decode(new ColumnCount(count, true).encode(0), 0)).isEqualTo(new ColumnCount(count, true));
    }

    @Property(tries = 200)
    void columnDefinition41(@ForAll("columns") ColumnDefinition41 c) {
        long ext = Capabilities.MARIADB_CLIENT_EXTENDED_METADATA;
        assertThat(ColumnDefinition41.decode(c.encode(ext), ext)).usingRecursiveComparison().isEqualTo(c);
        ColumnDefinition41 plain = ColumnDefinition41.decode(c.encode(0), 0);
        assertThat(plain.extendedTypeName()).isNull();
        assertThat(plain.column()).isEqualTo(c.column());
    }

    @Property(tries = 200)
    void comStmtPrepareOk(@ForAll @IntRange(max = Integer.MAX_VALUE) int id, @ForAll @IntRange(max = 0xFFFF) int cols,
            @ForAll @IntRange(max = 0xFFFF) int params, @ForAll @IntRange(max = 0xFFFF) int warnings) {
        ComStmtPrepareOk ok = new ComStmtPrepareOk(id, cols, params, warnings);
        assertThat(ok.encode()).hasSize(12);
        assertThat(ComStmtPrepareOk.decode(ok.encode())).isEqualTo(ok);
    }

    @Property(tries = 200)
    void comStmtExecuteRoundTripsAndSplicesRememberedTypes(@ForAll("executes") ComStmtExecute e,
            @ForAll @IntRange(max = Integer.MAX_VALUE) int newId) {
        assertThat(ComStmtExecute.decode(e.encode(), e.paramCount())).usingRecursiveComparison().isEqualTo(e);
        if (e.types() != null) {
            ComStmtExecute without = new ComStmtExecute(e.statementId(), e.flags(), e.iterationCount(), e.paramCount(),
                    e.nullBitmap(), null, e.values());
            assertThat(ComStmtExecute.withTypes(without.encode(), e.paramCount(), e.types())).isEqualTo(e.encode());
            assertThat(ComStmtExecute.typesOf(e.encode(), e.paramCount())).isEqualTo(e.types());
            assertThat(ComStmtExecute.withTypes(e.encode(), e.paramCount(), new byte[2 * e.paramCount()]))
                    .isEqualTo(e.encode());
        }
        byte[] renamed = e.encode();
        ComStmtExecute.rewriteStatementId(renamed, newId);
        assertThat(ComStmtExecute.decode(renamed, e.paramCount())).usingRecursiveComparison()
                .isEqualTo(e.withStatementId(newId));
    }

    @Property(tries = 200)
    void comChangeUser(@ForAll("changeUsers") ComChangeUser c) {
        long caps = Capabilities.CLIENT_SECURE_CONNECTION | Capabilities.CLIENT_PLUGIN_AUTH
                | Capabilities.CLIENT_CONNECT_ATTRS;
        assertThat(ComChangeUser.decode(c.encode(caps), caps)).usingRecursiveComparison().isEqualTo(c);
    }

    @Property(tries = 200)
    void simpleCommands(@ForAll("texts") String s, @ForAll @IntRange(max = Integer.MAX_VALUE) int id,
            @ForAll @Size(max = 30) byte[] sql) {
        String noNul = s.replace("\0", "");
        assertThat(ComQuery.decode(new ComQuery(sql).encode()).sqlBytes()).isEqualTo(sql);
        assertThat(ComInitDb.decode(new ComInitDb(s).encode())).isEqualTo(new ComInitDb(s));
        assertThat(ComStmtPrepare.decode(new ComStmtPrepare(s).encode())).isEqualTo(new ComStmtPrepare(s));
        assertThat(ComStmtClose.decode(new ComStmtClose(id).encode())).isEqualTo(new ComStmtClose(id));
        assertThat(ComStmtFetch.decode(new ComStmtFetch(id, 7).encode())).isEqualTo(new ComStmtFetch(id, 7));
        assertThat(ComFieldList.decode(new ComFieldList(noNul, s).encode())).isEqualTo(new ComFieldList(noNul, s));
        assertThat(ComStmtExecute.statementIdOf(new ComStmtClose(id).encode())).isEqualTo(id);
    }

    @Property(tries = 200)
    void authPackets(@ForAll("texts") String plugin, @ForAll @Size(max = 40) byte[] data) {
        String name = plugin.replace("\0", "") + "x";
        assertThat(AuthSwitchRequest.decode(new AuthSwitchRequest(name, data).encode()))
                .usingRecursiveComparison().isEqualTo(new AuthSwitchRequest(name, data));
        assertThat(AuthMoreData.decode(new AuthMoreData(data).encode()).data()).isEqualTo(data);
    }

    @Property(tries = 200)
    void replicationPackets(@ForAll @IntRange(max = Integer.MAX_VALUE) int serverId, @ForAll("texts") String text,
            @ForAll @IntRange(max = 0xFFFF) int port, @ForAll long position) {
        ComRegisterSlave reg = new ComRegisterSlave(serverId, text, "u", text, port, 0, 0);
        assertThat(ComRegisterSlave.decode(reg.encode())).isEqualTo(reg);
        ComBinlogDump dump = new ComBinlogDump(serverId, 3, serverId, text);
        assertThat(ComBinlogDump.decode(dump.encode())).isEqualTo(dump);
        SemiSyncAck ack = new SemiSyncAck(position, text);
        assertThat(SemiSyncAck.decode(ack.encode())).isEqualTo(ack);
    }

    @Provide
    Arbitrary<Integer> anyOf() {
        return Arbitraries.integers();
    }
}
