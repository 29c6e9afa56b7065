package com.wolfscale.mysql.packet;

import com.wolfscale.mysql.Capabilities;
import com.wolfscale.mysql.ServerStatus;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;

/** Generators of valid packets (fields consistent with the capabilities that decide their layout). */
final class PacketArbitraries {

    private PacketArbitraries() {
    }

    static Arbitrary<String> text() {
        return Arbitraries.strings().withCharRange(' ', '~').withCharRange('\u00e0', '\u00ff')
                .withCharRange('\u4e00', '\u4e0f').ofMaxLength(24);
    }

    static Arbitrary<byte[]> bytes(int max) {
        return Arbitraries.bytes().array(byte[].class).ofMaxSize(max);
    }

    static Arbitrary<byte[]> bytesWithoutNul(int max) {
        return Arbitraries.bytes().filter(b -> b != 0).array(byte[].class).ofMaxSize(max);
    }

    static Arbitrary<Long> u32() {
        return Arbitraries.longs().between(0, 0xFFFF_FFFFL);
    }

    static Arbitrary<Integer> u16() {
        return Arbitraries.integers().between(0, 0xFFFF);
    }

    static Arbitrary<Integer> u8() {
        return Arbitraries.integers().between(0, 0xFF);
    }

    /** A 64-bit capability set; MariaDB extensions only when CLIENT_MYSQL is clear. */
    static Arbitrary<Long> capabilities() {
        return Arbitraries.longs().map(c -> (c & Capabilities.CLIENT_MYSQL) != 0 ? c & 0xFFFF_FFFFL : c);
    }

    static Arbitrary<Map<String, String>> attributes() {
        return Arbitraries.maps(text(), text()).ofMaxSize(4);
    }

    static Arbitrary<HandshakeV10> handshake() {
        return Combinators.combine(text(), u32(), Arbitraries.bytes().array(byte[].class).ofSize(20), capabilities(),
                u8(), u16(), text()).as((version, id, seed, caps, collation, status, plugin) -> {
                    boolean secure = Capabilities.has(caps, Capabilities.CLIENT_SECURE_CONNECTION);
                    boolean pluginAuth = Capabilities.has(caps, Capabilities.CLIENT_PLUGIN_AUTH);
                    return new HandshakeV10(10, version, id, secure ? seed : java.util.Arrays.copyOf(seed, 8), caps,
                            collation, status, pluginAuth ? plugin : null);
                });
    }

    static Arbitrary<HandshakeResponse41> handshakeResponse() {
        return Combinators.combine(capabilities(), u32(), u8(), text(), bytes(300), bytesWithoutNul(40), text(),
                Combinators.combine(text(), attributes()).as(List::of)).as((caps, max, collation, user, auth, nulAuth,
                        db, rest) -> {
                    boolean lenenc = Capabilities.has(caps, Capabilities.CLIENT_PLUGIN_AUTH_LENENC_CLIENT_DATA);
                    boolean secure = Capabilities.has(caps, Capabilities.CLIENT_SECURE_CONNECTION);
                    byte[] token = lenenc ? auth : secure ? java.util.Arrays.copyOf(auth, Math.min(auth.length, 255))
                            : nulAuth;
                    @SuppressWarnings("unchecked")
                    Map<String, String> attrs = (Map<String, String>) rest.get(1);
                    return new HandshakeResponse41(caps, max, collation, user, token,
                            Capabilities.has(caps, Capabilities.CLIENT_CONNECT_WITH_DB) ? db : null,
                            Capabilities.has(caps, Capabilities.CLIENT_PLUGIN_AUTH) ? (String) rest.get(0) : null,
                            Capabilities.has(caps, Capabilities.CLIENT_CONNECT_ATTRS) ? attrs : Map.of());
                });
    }

    static Arbitrary<SessionStateChange> stateChange() {
        Arbitrary<SessionStateChange> vars = Combinators.combine(text(), text()).as(SessionStateChange::systemVariable);
        Arbitrary<SessionStateChange> strings = Combinators.combine(Arbitraries.of(1, 2, 4, 5), text())
                .as(SessionStateChange::ofString);
        Arbitrary<SessionStateChange> raw = Combinators.combine(u8(), bytes(20)).as(SessionStateChange::new);
        return Arbitraries.oneOf(vars, strings, raw);
    }

    static Arbitrary<OkPacket> ok() {
        return Combinators.combine(Arbitraries.of(OkPacket.HEADER, OkPacket.EOF_HEADER), Arbitraries.longs(),
                Arbitraries.longs(), u16(), u16(), text(), stateChange().list().ofMaxSize(3))
                .as((header, affected, id, status, warnings, info, changes) -> new OkPacket(header, affected, id,
                        changes.isEmpty() ? status : status | ServerStatus.SESSION_STATE_CHANGED, warnings, info, changes));
    }

    static Arbitrary<ErrPacket> err() {
        Arbitrary<String> state = Arbitraries.strings().withCharRange('A', 'Z').withCharRange('0', '9').ofLength(5)
                .injectNull(0.2);
        return Combinators.combine(Arbitraries.integers().between(0, 0xFFFE), state, text())
                .as((code, st, message) -> new ErrPacket(code, st, st == null ? message.replace("#", "") : message));
    }

    static Arbitrary<ColumnDefinition41> columnDefinition() {
        return Combinators.combine(text(), text(), text(), text(), text(), text(),
                Combinators.combine(text().injectNull(0.5), text().injectNull(0.5), u16(), u32())
                        .as((x, y, z, w) -> java.util.Arrays.<Object>asList(x, y, z, w)),
                Combinators.combine(u8(), u16(), u8(), bytes(20).injectNull(0.7))
                        .as((x, y, z, w) -> java.util.Arrays.<Object>asList(x, y, z, w)))
                .as((cat, schema, tableAlias, table, colAlias, col, a, b) -> new ColumnDefinition41(cat, schema,
                        tableAlias, table, colAlias, col, (String) a.get(0), (String) a.get(1), (Integer) a.get(2),
                        (Long) a.get(3), (Integer) b.get(0), (Integer) b.get(1), (Integer) b.get(2), (byte[]) b.get(3)));
    }

    static Arbitrary<ComStmtExecute> execute() {
        return Arbitraries.integers().between(0, 20).flatMap(n -> Combinators.combine(u32(), u8(), u32(),
                Arbitraries.bytes().array(byte[].class).ofSize((n + 7) / 8),
                Arbitraries.bytes().array(byte[].class).ofSize(2 * n).injectNull(n == 0 ? 1.0 : 0.4), bytes(40))
                .as((id, flags, iterations, bitmap, types, values) -> new ComStmtExecute(id, flags, iterations, n,
                        bitmap, n == 0 ? null : types, values)));
    }

    static Arbitrary<ComChangeUser> changeUser() {
        return Combinators.combine(text(), bytes(255), text(), u16(), text(), attributes())
                .as(ComChangeUser::new);
    }
}
