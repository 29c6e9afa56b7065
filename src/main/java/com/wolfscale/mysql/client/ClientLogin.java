package com.wolfscale.mysql.client;

import com.wolfscale.mysql.Capabilities;
import com.wolfscale.mysql.Packet;
import com.wolfscale.mysql.PacketReader;
import com.wolfscale.mysql.PacketWriter;
import com.wolfscale.mysql.ProtocolException;
import com.wolfscale.mysql.auth.CachingSha2Password;
import com.wolfscale.mysql.auth.NativePassword;
import com.wolfscale.mysql.packet.AuthMoreData;
import com.wolfscale.mysql.packet.AuthSwitchRequest;
import com.wolfscale.mysql.packet.ErrPacket;
import com.wolfscale.mysql.packet.HandshakeResponse41;
import com.wolfscale.mysql.packet.HandshakeV10;
import com.wolfscale.mysql.packet.OkPacket;
import com.wolfscale.mysql.packet.SslRequest;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The client side of the connection phase, over caller-owned streams: reads {@link HandshakeV10}, optionally
 * switches to TLS through the caller's {@link TlsUpgrade}, sends {@link HandshakeResponse41}, follows auth
 * switches and auth-more-data exchanges until OK or ERR.
 *
 * <pre>
 * server                      client
 * HandshakeV10 (seq 0)   -->
 *                        <--  [SSLRequest (seq 1), TLS handshake by the caller]
 *                        <--  HandshakeResponse41 (seq 1, or 2 after SSLRequest)
 * AuthSwitchRequest      -->                            (0..n times)
 *                        <--  token for the new plugin and seed
 * AuthMoreData 0x01      -->                            (caching_sha2_password)
 * OK | ERR               -->
 * </pre>
 *
 * Plugins: {@code mysql_native_password} (with the password or only SHA1(password)),
 * {@code caching_sha2_password} (fast path; full authentication only over TLS), {@code mysql_clear_password}
 * (only over TLS). Anything else fails with {@link LoginFailedException}.
 *
 * <p>Stateless; each call runs one login on the calling thread.
 */
public final class ClientLogin {

    public static final String CLEAR_PASSWORD_PLUGIN = "mysql_clear_password";
    private static final int HANDSHAKE_MAX_BYTES = 64 * 1024;
    private static final int MAX_AUTH_ROUNDS = 8;

    private ClientLogin() {
    }

    /**
     * Logs in.
     *
     * @return the negotiated session
     * @throws LoginFailedException when the server refuses (its ERR attached) or no supported plugin fits
     * @throws IOException          when the streams fail
     * @throws ProtocolException    when the server sends something that is not the protocol
     */
    public static LoginResult login(ConnectionStreams streams, LoginRequest request) throws IOException {
        PacketReader reader = new PacketReader(streams.input());
        Packet greeting = reader.read(HANDSHAKE_MAX_BYTES);
        if (greeting.firstByte() == ErrPacket.HEADER) {
            throw new LoginFailedException("server refused the connection", ErrPacket.decode(greeting.payload()));
        }
        HandshakeV10 handshake = HandshakeV10.decode(greeting.payload());
        long caps = negotiate(request, handshake);
        int seq = greeting.nextSequenceId();
        ConnectionStreams active = streams;
        boolean tls = request.tls() != null;
        if (tls) {
            PacketWriter clear = new PacketWriter(streams.output());
            seq = clear.write(seq, new SslRequest(caps, request.maxPacketSize(), request.collation()).encode());
            clear.flush();
            active = request.tls().upgrade(handshake);
            reader = new PacketReader(active.input());
        }
        PacketWriter writer = new PacketWriter(active.output());
        String plugin = initialPlugin(handshake, request.credential(), tls);
        byte[] token = token(plugin, handshake.seed(), request.credential(), tls);
        HandshakeResponse41 response = new HandshakeResponse41(caps, request.maxPacketSize(), request.collation(),
                request.user(), token, request.database(), plugin, request.attributes());
        writer.write(seq, response.encode());
        writer.flush();
        return authenticate(reader, writer, new Session(handshake, caps, plugin, active, tls), request.credential());
    }

    private record Session(HandshakeV10 handshake, long caps, String plugin, ConnectionStreams streams, boolean tls) {
        Session withPlugin(String name) {
            return new Session(handshake, caps, name, streams, tls);
        }
    }

    private static LoginResult authenticate(PacketReader reader, PacketWriter writer, Session session,
            Credential credential) throws IOException {
        for (int round = 0; round < MAX_AUTH_ROUNDS; round++) {
            Packet p = reader.read(HANDSHAKE_MAX_BYTES);
            switch (p.firstByte()) {
                case OkPacket.HEADER -> {
                    OkPacket ok = OkPacket.decode(p.payload(), session.caps());
                    return new LoginResult(session.handshake(), session.caps(), ok, session.plugin(), session.streams(),
                            session.tls());
                }
                case ErrPacket.HEADER -> throw new LoginFailedException("login refused",
                        ErrPacket.decode(p.payload()));
                case AuthSwitchRequest.HEADER -> {
                    AuthSwitchRequest sw = AuthSwitchRequest.decode(p.payload());
                    session = session.withPlugin(sw.pluginName());
                    writer.write(p.nextSequenceId(), token(sw.pluginName(), sw.seed(), credential, session.tls()));
                    writer.flush();
                }
                case AuthMoreData.HEADER -> moreData(AuthMoreData.decode(p.payload()), p, writer, session, credential);
                default -> throw new ProtocolException("unexpected packet during authentication: "
                        + ProtocolException.hexPrefix(p.payload(), 0, p.payload().length));
            }
        }
        throw new LoginFailedException("authentication did not finish after " + MAX_AUTH_ROUNDS + " exchanges");
    }

    private static void moreData(AuthMoreData more, Packet p, PacketWriter writer, Session session,
            Credential credential) throws IOException {
        if (!CachingSha2Password.PLUGIN.equals(session.plugin()) || more.data().length == 0) {
            throw new LoginFailedException("unsupported auth-more-data exchange for plugin " + session.plugin());
        }
        int status = more.data()[0] & 0xFF;
        if (status == CachingSha2Password.FAST_AUTH_SUCCESS) {
            return; // the OK follows
        }
        if (status != CachingSha2Password.PERFORM_FULL_AUTHENTICATION) {
            throw new LoginFailedException("unexpected caching_sha2_password status " + status);
        }
        if (!session.tls() || !(credential instanceof Credential.Password pw)) {
            throw new LoginFailedException("caching_sha2_password full authentication needs TLS and the password "
                    + "(RSA key exchange is not supported)");
        }
        writer.write(p.nextSequenceId(), nulTerminated(pw.password()));
        writer.flush();
    }

    private static long negotiate(LoginRequest request, HandshakeV10 handshake) throws LoginFailedException {
        long wanted = request.capabilities();
        if (request.database() != null) {
            wanted |= Capabilities.CLIENT_CONNECT_WITH_DB;
        }
        if (!request.attributes().isEmpty()) {
            wanted |= Capabilities.CLIENT_CONNECT_ATTRS;
        }
        if (request.tls() != null) {
            if (!Capabilities.has(handshake.capabilities(), Capabilities.CLIENT_SSL)) {
                throw new LoginFailedException("TLS was requested but the server does not offer it");
            }
            wanted |= Capabilities.CLIENT_SSL;
        }
        long caps = wanted & handshake.capabilities();
        if (!Capabilities.has(caps, Capabilities.CLIENT_PROTOCOL_41)) {
            throw new LoginFailedException("the server does not support protocol 4.1");
        }
        return caps;
    }

    private static String initialPlugin(HandshakeV10 handshake, Credential credential, boolean tls) {
        String offered = handshake.authPluginName();
        if (CachingSha2Password.PLUGIN.equals(offered) && credential instanceof Credential.Password) {
            return offered;
        }
        if (CLEAR_PASSWORD_PLUGIN.equals(offered) && tls && credential instanceof Credential.Password) {
            return offered;
        }
        return NativePassword.PLUGIN; // the server switches us if the account uses something else
    }

    private static byte[] token(String plugin, byte[] seed, Credential credential, boolean tls)
            throws LoginFailedException {
        byte[] seed20 = seed.length > NativePassword.SEED_LENGTH ? Arrays.copyOf(seed, NativePassword.SEED_LENGTH) : seed;
        switch (plugin) {
            case NativePassword.PLUGIN -> {
                return switch (credential) {
                    case Credential.Password pw -> NativePassword.scramble(pw.password(), seed20);
                    case Credential.NativeStage1 s -> s.stage1().length == 0 ? new byte[0]
                            : NativePassword.tokenFromStage1(s.stage1(), seed20);
                };
            }
            case CachingSha2Password.PLUGIN -> {
                if (credential instanceof Credential.Password pw) {
                    return CachingSha2Password.scramble(pw.password(), seed20);
                }
                throw new LoginFailedException("caching_sha2_password needs the password, not SHA1(password)");
            }
            case CLEAR_PASSWORD_PLUGIN -> {
                if (tls && credential instanceof Credential.Password pw) {
                    return nulTerminated(pw.password());
                }
                throw new LoginFailedException("mysql_clear_password is refused without TLS (or without the password)");
            }
            default -> throw new LoginFailedException("unsupported auth plugin " + plugin);
        }
    }

    private static byte[] nulTerminated(String s) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        return Arrays.copyOf(b, b.length + 1);
    }
}
