package com.wolfscale.proxy.auth;

import com.wolfscale.mysql.auth.NativePassword;
import java.net.InetAddress;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Checks a client's {@code mysql_native_password} token against the account the server would match, and
 * recovers SHA1(password) from it so the session can log in to any backend as the client. An unknown user
 * or a wrong token triggers one (rate-limited) reload of the accounts before the login is refused, so new
 * accounts and changed passwords work at once.
 *
 * <p>Thread-safe.
 */
public final class NativeAuthenticator {

    private static final Logger LOG = LoggerFactory.getLogger(NativeAuthenticator.class);

    private final AccountCache accounts;

    public NativeAuthenticator(AccountCache accounts) {
        this.accounts = accounts;
    }

    /**
     * @return SHA1(password) (empty array for an account without password) when the token is right
     */
    public Optional<byte[]> authenticate(String user, InetAddress from, byte[] token, byte[] seed) {
        Optional<byte[]> stage1 = check(user, from, token, seed, false);
        if (stage1.isPresent()) {
            return stage1;
        }
        accounts.refreshIfDue();
        return check(user, from, token, seed, true);
    }

    private Optional<byte[]> check(String user, InetAddress from, byte[] token, byte[] seed, boolean last) {
        Optional<Account> account = accounts.find(user, from);
        if (account.isEmpty()) {
            if (last) {
                LOG.info("login refused: no account matches '{}'@'{}'", user, from.getHostAddress());
            }
            return Optional.empty();
        }
        Account a = account.get();
        if (!a.isNativePassword()) {
            if (last) {
                LOG.info("login refused: account {} does not use mysql_native_password, which the proxy needs "
                        + "to log in to backends as the client", a);
            }
            return Optional.empty();
        }
        Optional<byte[]> stage1 = NativePassword.verify(token, seed, NativePassword.parseStoredHash(a.stored()));
        if (stage1.isEmpty() && last) {
            LOG.info("login refused: wrong password for {}", a);
        }
        return stage1;
    }
}
