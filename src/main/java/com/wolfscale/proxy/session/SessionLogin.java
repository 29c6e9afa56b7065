package com.wolfscale.proxy.session;

import com.wolfscale.mysql.ProtocolException;
import com.wolfscale.mysql.packet.ComChangeUser;
import com.wolfscale.proxy.ProxyErrors;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Optional;

/**
 * COM_CHANGE_USER: the client logs in again, possibly as another account, on the same connection. The
 * proxy checks the new token itself (against the greeting's seed, switching the client to
 * mysql_native_password if it used another plugin), then closes the session's backend connections —
 * which drops their transactions, temporary tables, variables and prepared statements, as the server would —
 * and opens a fresh first connection as the new account, whose OK answers the client.
 *
 * <p>Stateless; runs on the session's thread.
 */
final class SessionLogin {

    private SessionLogin() {
    }

    /** @return false when the session must end (wrong password, or the new login failed) */
    static boolean changeUser(ClientSession session, byte[] payload) throws IOException, InterruptedException {
        AuthenticatedClient current = session.auth();
        ClientChannel client = session.client();
        ComChangeUser request;
        try {
            request = ComChangeUser.decode(payload, current.capabilities());
        } catch (ProtocolException e) {
            client.sendError(1, ProxyErrors.malformedPacket());
            return false;
        }
        ConnectionPhase.Login login = ConnectionPhase.switchToNative(client, request.authPluginName(),
                request.authResponse(), 1, session.seed());
        InetAddress address = ((InetSocketAddress) client.socket().getRemoteSocketAddress()).getAddress();
        Optional<byte[]> stage1 = session.deps().login().authenticator().authenticate(request.username(), address,
                login.token(), session.seed());
        if (stage1.isEmpty()) {
            client.sendError(login.nextSequenceId(), ProxyErrors.accessDenied(request.username(), current.host(),
                    login.token().length > 0));
            return false;
        }
        int collation = request.collation() > 0 && request.collation() < 256 ? request.collation() : current.collation();
        String database = request.database().isEmpty() ? null : request.database();
        AuthenticatedClient next = new AuthenticatedClient(request.username(), stage1.get(), database, collation,
                current.capabilities(), request.attributes().isEmpty() ? current.attributes() : request.attributes(),
                login.nextSequenceId(), current.host(), current.tls());
        return session.restart(next, login.nextSequenceId());
    }
}
