package com.wolfscale.proxy.session;

import com.wolfscale.mysql.Capabilities;
import com.wolfscale.mysql.Packet;
import com.wolfscale.mysql.ProtocolException;
import com.wolfscale.mysql.ServerStatus;
import com.wolfscale.mysql.auth.NativePassword;
import com.wolfscale.mysql.packet.AuthSwitchRequest;
import com.wolfscale.mysql.packet.ErrPacket;
import com.wolfscale.mysql.packet.HandshakeResponse41;
import com.wolfscale.mysql.packet.HandshakeV10;
import com.wolfscale.mysql.packet.SslRequest;
import com.wolfscale.proxy.ProxyErrors;
import com.wolfscale.proxy.ServerIdentity;
import com.wolfscale.proxy.auth.NativeAuthenticator;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.Arrays;
import java.util.Optional;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;

/**
 * The server side of the connection phase, as a small explicit state machine:
 * <pre>
 * GREETING   proxy  -> HandshakeV10 (seq 0): MariaDB's version, a fresh 20-byte seed, mysql_native_password
 * [TLS]      client -> SSLRequest (seq 1); TLS handshake on the same socket
 * RESPONSE   client -> HandshakeResponse41 (seq 1, or 2 after TLS)
 * [SWITCH]   proxy  -> AuthSwitchRequest(mysql_native_password, same seed) when the client started with
 *                      another plugin (caching_sha2_password, client_ed25519, ...)
 *            client -> native token
 * VERIFY     token checked against mysql.user; SHA1(password) recovered
 * </pre>
 * The answer (OK from the first backend login, or an ERR) is the session's to send, at
 * {@link AuthenticatedClient#nextSequenceId()}. Refusals are sent here, with MariaDB's own errors.
 *
 * <p>Not thread-safe; one per connection.
 */
public final class ConnectionPhase {

    /** Largest handshake response accepted (connection attributes included). */
    private static final int MAX_RESPONSE_BYTES = 1 << 20;

    private final java.util.function.Supplier<ServerIdentity> identity;
    private final SSLContext tls;
    private final boolean tlsRequired;
    private final NativeAuthenticator authenticator;

    public ConnectionPhase(java.util.function.Supplier<ServerIdentity> identity, SSLContext tls, boolean tlsRequired,
            NativeAuthenticator authenticator) {
        this.identity = identity;
        this.tls = tls;
        this.tlsRequired = tlsRequired;
        this.authenticator = authenticator;
    }

    public NativeAuthenticator authenticator() {
        return authenticator;
    }

    /** The greeting's seed, kept by the session: COM_CHANGE_USER tokens are computed from it. */
    public record Outcome(AuthenticatedClient client, byte[] seed) {
    }

    /**
     * Runs the connection phase on {@code channel}.
     *
     * @return the authenticated client, or empty when the login was refused (the ERR was sent)
     * @throws IOException       when the client goes away or TLS fails
     * @throws ProtocolException when the client sends something that is not the protocol
     */
    public Optional<Outcome> run(ClientChannel channel, long connectionId, byte[] seed) throws IOException {
        ServerIdentity server = identity.get();
        long advertised = server.advertised(tls != null);
        HandshakeV10 greeting = new HandshakeV10(10, server.serverVersion(), connectionId, seed, advertised,
                server.collation(), ServerStatus.AUTOCOMMIT, NativePassword.PLUGIN);
        channel.write(0, greeting.encode());
        channel.flush();
        Packet first = channel.read(MAX_RESPONSE_BYTES);
        boolean secure = false;
        if (SslRequest.isSslRequest(first.payload())) {
            if (tls == null) {
                throw new ProtocolException("SSLRequest from a client although the proxy offered no TLS");
            }
            channel.use(startTls(channel.socket(), channel.takeReadAhead()));
            secure = true;
            first = channel.read(MAX_RESPONSE_BYTES);
        }
        HandshakeResponse41 response = HandshakeResponse41.decode(first.payload());
        InetAddress address = ((InetSocketAddress) channel.socket().getRemoteSocketAddress()).getAddress();
        String host = address.getHostAddress();
        if (tlsRequired && !secure) {
            channel.sendError(first.nextSequenceId(), ProxyErrors.accessDenied(response.username(), host,
                    response.authResponse().length > 0));
            return Optional.empty();
        }
        if (!Capabilities.has(response.capabilities(), Capabilities.CLIENT_PROTOCOL_41)) {
            throw new ProtocolException("client without CLIENT_PROTOCOL_41 (pre-4.1 clients are not supported)");
        }
        Login login = switchToNative(channel, response, first.nextSequenceId(), seed);
        Optional<byte[]> stage1 = authenticator.authenticate(response.username(), address, login.token(), seed);
        if (stage1.isEmpty()) {
            channel.sendError(login.nextSequenceId(), ProxyErrors.accessDenied(response.username(), host,
                    login.token().length > 0));
            return Optional.empty();
        }
        long negotiated = negotiate(response.capabilities(), advertised) & ~Capabilities.CLIENT_SSL;
        return Optional.of(new Outcome(new AuthenticatedClient(response.username(), stage1.get(), response.database(),
                response.collation(), negotiated, response.attributes(), login.nextSequenceId(), host, secure),
                Arrays.copyOf(seed, seed.length)));
    }

    /** A native-password token and the sequence id of the answer that follows it. */
    record Login(byte[] token, int nextSequenceId) {
    }

    /** Asks a client that used another plugin for a mysql_native_password token (same seed). */
    static Login switchToNative(ClientChannel channel, String plugin, byte[] token, int nextSeq, byte[] seed)
            throws IOException {
        if (plugin == null || plugin.isEmpty() || plugin.equals(NativePassword.PLUGIN)) {
            return new Login(token, nextSeq);
        }
        byte[] data = Arrays.copyOf(seed, seed.length + 1);
        int seq = channel.write(nextSeq, new AuthSwitchRequest(NativePassword.PLUGIN, data).encode());
        channel.flush();
        Packet answer = channel.read(MAX_RESPONSE_BYTES);
        if (answer.sequenceId() != seq) {
            throw new ProtocolException("auth switch answer has sequence id " + answer.sequenceId() + ", expected " + seq);
        }
        return new Login(answer.payload(), answer.nextSequenceId());
    }

    private static Login switchToNative(ClientChannel channel, HandshakeResponse41 response, int nextSeq, byte[] seed)
            throws IOException {
        return switchToNative(channel, response.authPluginName(), response.authResponse(), nextSeq, seed);
    }

    /** The client's capabilities that the proxy offered; MariaDB's extended bits only for MariaDB clients. */
    static long negotiate(long client, long advertised) {
        long both = client & advertised;
        if (Capabilities.has(client, Capabilities.CLIENT_MYSQL)) {
            both &= 0xFFFF_FFFFL; // a MySQL client: no extended capabilities
        }
        return both;
    }

    /** A server-mode TLS layer over the client's socket, fed first with what was read ahead of the SSLRequest. */
    private SSLSocket startTls(Socket plain, byte[] readAhead) throws IOException {
        SSLSocket socket = (SSLSocket) tls.getSocketFactory().createSocket(plain,
                new java.io.ByteArrayInputStream(readAhead), true);
        socket.startHandshake();
        return socket;
    }
}
