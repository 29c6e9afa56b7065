package com.wolfscale.mysql.packet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.wolfscale.mysql.Capabilities;
import com.wolfscale.mysql.ColumnType;
import com.wolfscale.mysql.Golden;
import com.wolfscale.mysql.PayloadWriter;
import com.wolfscale.mysql.ProtocolException;
import com.wolfscale.mysql.ServerStatus;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Packets against bytes captured from MariaDB 10.11, and the protocol's sharp edges. */
class PacketsTest {

    @Test
    void mariadbHandshakeDecodesAndReencodesByteForByte() {
        byte[] golden = Golden.bytes("handshake");
        HandshakeV10 h = HandshakeV10.decode(golden);
        assertThat(h.serverVersion()).isEqualTo("5.5.5-10.11.19-MariaDB-0+deb12u1-log");
        assertThat(h.version()).isEqualTo("10.11.19-MariaDB-0+deb12u1-log");
        assertThat(h.isMariaDb()).isTrue();
        assertThat(h.seed()).hasSize(20);
        for (byte b : h.seed()) {
            assertThat(b).isBetween((byte) 33, (byte) 126);
        }
        assertThat(h.collation()).isEqualTo(45);
        assertThat(h.statusFlags()).isEqualTo(ServerStatus.AUTOCOMMIT);
        assertThat(h.authPluginName()).isEqualTo("mysql_native_password");
        assertThat(Capabilities.names(h.capabilities())).contains("PROTOCOL_41", "SECURE_CONNECTION", "PLUGIN_AUTH",
                "DEPRECATE_EOF", "SESSION_TRACK", "MARIADB_PROGRESS", "MARIADB_STMT_BULK_OPERATIONS",
                "MARIADB_EXTENDED_METADATA", "MARIADB_CACHE_METADATA").doesNotContain("CLIENT_MYSQL");
        assertThat(h.encode()).isEqualTo(golden);
    }

    @Test
    void mysqlHandshakeCarriesNoExtendedCapabilities() {
        HandshakeV10 mysql = new HandshakeV10(10, "8.0.36", 7, new byte[20],
                Capabilities.CLIENT_MYSQL | Capabilities.CLIENT_SECURE_CONNECTION | Capabilities.CLIENT_PLUGIN_AUTH
                        | Capabilities.MARIADB_CLIENT_PROGRESS, 255, 2, "caching_sha2_password");
        HandshakeV10 decoded = HandshakeV10.decode(mysql.encode());
        assertThat(decoded.isMariaDb()).isFalse();
        assertThat(Capabilities.mariadbExtended(decoded.capabilities())).isZero();
        assertThat(decoded.version()).isEqualTo("8.0.36");
    }

    @Test
    void accessDeniedErrorDecodesAndReencodes() {
        byte[] golden = Golden.bytes("err1045");
        ErrPacket err = ErrPacket.decode(golden);
        assertThat(err.errorCode()).isEqualTo(1045);
        assertThat(err.sqlState()).isEqualTo("28000");
        assertThat(err.message()).isEqualTo("Access denied for user 'nobody'@'127.0.0.1' (using password: YES)");
        assertThat(err.encode()).isEqualTo(golden);
    }

    @Test
    void theSqlStateMarkerAppearsExactlyOnce() {
        assertThatThrownBy(() -> new ErrPacket(1062, "#23000", "dup")).isInstanceOf(IllegalArgumentException.class);
        byte[] doubled = new PayloadWriter().u8(0xFF).u16(1062).string("##2300dup").toByteArray();
        assertThatThrownBy(() -> ErrPacket.decode(doubled)).isInstanceOf(ProtocolException.class)
                .hasMessageContaining("repeated");
        assertThat(new String(new ErrPacket(1062, "23000", "dup").encode(), 3, 6)).isEqualTo("#23000");
        byte[] progress = {(byte) 0xFF, (byte) 0xFF, (byte) 0xFF, 1, 3, 0, 0, 0, 0};
        assertThat(ErrPacket.isProgressReport(progress)).isTrue();
        assertThatThrownBy(() -> ErrPacket.decode(progress)).isInstanceOf(ProtocolException.class);
    }

    @Test
    void columnDefinitionsFromTheServer() {
        ColumnDefinition41 id = ColumnDefinition41.decode(Golden.bytes("coldef_int"), Capabilities.DEFAULT_CLIENT);
        assertThat(List.of(id.catalog(), id.schema(), id.table(), id.column())).containsExactly("def", "g", "t", "id");
        assertThat(id.type()).isEqualTo(ColumnType.LONG);
        assertThat(id.collation()).isEqualTo(63);
        assertThat(id.flags() & ColumnDefinition41.FLAG_PRIMARY_KEY).isNotZero();
        assertThat(id.encode(Capabilities.DEFAULT_CLIENT)).isEqualTo(Golden.bytes("coldef_int"));
        ColumnDefinition41 v = ColumnDefinition41.decode(Golden.bytes("coldef_varchar"), 0);
        assertThat(v.type()).isEqualTo(ColumnType.VAR_STRING);
        assertThat(v.columnLength()).isEqualTo(80);
        assertThat(v.collation()).isEqualTo(45);
    }

    @Test
    void okPacketWithLastGtidFromSessionTracking() {
        byte[] golden = Golden.bytes("ok_last_gtid");
        long caps = Capabilities.CLIENT_SESSION_TRACK;
        OkPacket ok = OkPacket.decode(golden, caps);
        assertThat(ok.affectedRows()).isEqualTo(2);
        assertThat(ok.info()).isEqualTo("Records: 2  Duplicates: 0  Warnings: 0");
        assertThat(ServerStatus.has(ok.statusFlags(), ServerStatus.SESSION_STATE_CHANGED)).isTrue();
        assertThat(ok.lastGtid()).contains("0-101-3");
        assertThat(ok.encode(caps)).isEqualTo(golden);
    }

    @Test
    void okPacketInfoInBothWireForms() {
        byte[] lenenc = new PayloadWriter().u8(0).u8(1).u8(0).u16(2).u16(0).lenencString("Rows matched: 1").toByteArray();
        byte[] restOfPacket = new PayloadWriter().u8(0).u8(1).u8(0).u16(2).u16(0).string("Rows matched: 1").toByteArray();
        assertThat(OkPacket.decode(lenenc, 0).info()).isEqualTo("Rows matched: 1");
        assertThat(OkPacket.decode(restOfPacket, 0).info()).isEqualTo("Rows matched: 1");
        OkPacket schema = new OkPacket(0, 0, 0, ServerStatus.SESSION_STATE_CHANGED, 0, "",
                List.of(SessionStateChange.ofString(SessionStateChange.SCHEMA, "shop"),
                        SessionStateChange.ofString(SessionStateChange.STATE_CHANGE, "1")));
        assertThat(OkPacket.decode(schema.encode(Capabilities.CLIENT_SESSION_TRACK), Capabilities.CLIENT_SESSION_TRACK)
                .schema()).contains("shop");
        assertThatThrownBy(() -> schema.encode(0)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void eofIsOnlyAShort0xFEPacket() {
        assertThat(EofPacket.isEof(new EofPacket(0, 2).encode())).isTrue();
        assertThat(EofPacket.isEof(new byte[] {(byte) 0xFE})).isTrue();
        assertThat(EofPacket.isEof(new byte[] {(byte) 0xFE, 0, 0, 0, 0, 0, 0, 0, 0})).as("9 bytes").isFalse();
        assertThat(EofPacket.decode(new byte[] {(byte) 0xFE}).statusFlags()).isZero();
    }

    @Test
    void sslRequestIsTheFirst32BytesOfTheResponse() {
        HandshakeResponse41 r = new HandshakeResponse41(Capabilities.DEFAULT_CLIENT | Capabilities.CLIENT_SSL, 1 << 24,
                45, "u", new byte[20], null, "mysql_native_password", java.util.Map.of());
        byte[] ssl = new SslRequest(Capabilities.DEFAULT_CLIENT, 1 << 24, 45).encode();
        assertThat(java.util.Arrays.copyOf(r.encode(), 32)).isEqualTo(ssl);
        assertThat(SslRequest.isSslRequest(ssl)).isTrue();
        assertThat(SslRequest.isSslRequest(new SslRequest(0, 0, 8).encode())).as("CLIENT_SSL is forced").isTrue();
    }

    @Test
    void executeNullBitmapStartsAtBitZero() {
        ComStmtExecute e = new ComStmtExecute(ComStmtExecute.LAST_PREPARED, 0, 1, 10, new byte[] {0b0000_0101, 0b10},
                null, new byte[0]);
        assertThat(e.isNull(0)).isTrue();
        assertThat(e.isNull(1)).isFalse();
        assertThat(e.isNull(2)).isTrue();
        assertThat(e.isNull(9)).isTrue();
        assertThat(ComStmtExecute.statementIdOf(e.encode())).isEqualTo(0xFFFF_FFFFL);
    }
}
