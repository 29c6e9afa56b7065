package com.wolfscale.proxy.session;

import com.wolfscale.mysql.client.LoginFailedException;
import com.wolfscale.mysql.packet.ErrPacket;
import com.wolfscale.proxy.ProxyErrors;
import com.wolfscale.proxy.backend.BackendConnection;
import com.wolfscale.proxy.backend.BackendLogin;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * {@code KILL [QUERY | CONNECTION] id} and COM_PROCESS_KILL with the connection ids the proxy gave its
 * clients. For each backend connection of the target session, the proxy opens a short connection to the
 * same server <em>as the issuing client</em> and runs {@code KILL [QUERY] <backend thread id>} there, so the
 * server applies the issuer's own privileges (its own sessions, or CONNECTION ADMIN) and the issuer's
 * session state is not disturbed. A connection kill then also closes the target's client connection.
 * Through a follower, the leader connection's "thread id" is the leader proxy's session id, so the kill is
 * mapped again there.
 *
 * <p>Stateless; runs on the issuing session's thread.
 */
final class SessionKill {

    private static final Duration TIMEOUT = Duration.ofSeconds(5);

    private SessionKill() {
    }

    static void kill(ClientSession issuer, SessionDependencies deps, long id, boolean queryOnly)
            throws IOException {
        ClientChannel client = issuer.client();
        Optional<ClientSession> target = deps.registry().find(id);
        if (target.isEmpty()) {
            client.sendError(1, ProxyErrors.unknownThread(id));
            return;
        }
        ClientSession victim = target.get();
        if (victim == issuer && !queryOnly) {
            client.sendError(1, new ErrPacket(1927, "70100", "Connection was killed"));
            issuer.terminate();
            return;
        }
        ErrPacket refusal = null;
        List<BackendConnection> backends = victim.backends();
        for (BackendConnection backend : backends) {
            ErrPacket e = killOn(issuer, backend, queryOnly);
            refusal = refusal == null ? e : refusal;
        }
        if (refusal == null && backends.isEmpty() && !sameUser(issuer, victim)) {
            refusal = new ErrPacket(1095, "HY000", "You are not owner of thread " + id);
        }
        if (refusal != null) {
            client.sendError(1, refusal);
            return;
        }
        if (!queryOnly) {
            victim.terminate();
        }
        SyntheticResponses.ok(client, 1, issuer.auth().capabilities(), issuer.state().statusFlags());
    }

    /** @return the server's refusal, or null when the kill ran (or the backend was already gone) */
    private static ErrPacket killOn(ClientSession issuer, BackendConnection backend, boolean queryOnly) {
        AuthenticatedClient a = issuer.auth();
        BackendLogin login = new BackendLogin(a.user(), a.stage1(), null, a.collation(), a.capabilities(),
                a.attributes());
        try (BackendConnection killer = BackendConnection.open(backend.target(), login, TIMEOUT)) {
            BackendConnection.Result r = killer.query("KILL " + (queryOnly ? "QUERY " : "") + backend.threadId());
            killer.quit();
            ErrPacket err = r.summary().error().orElse(null);
            return err != null && err.errorCode() == 1094 ? null : err; // already gone: nothing to kill
        } catch (LoginFailedException e) {
            return e.error().orElse(ProxyErrors.connectionLost(e.getMessage()));
        } catch (IOException e) {
            return null; // the server is unreachable: the target's connection is dead anyway
        }
    }

    private static boolean sameUser(ClientSession a, ClientSession b) {
        return a.user() != null && a.user().equals(b.user());
    }
}
