package com.wolfscale.proxy.auth;

import static org.assertj.core.api.Assertions.assertThat;

import com.wolfscale.mysql.auth.AuthSeed;
import com.wolfscale.mysql.auth.NativePassword;
import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class AccountCacheTest {

    private static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();

    private static InetAddress ip(String s) throws Exception {
        return InetAddress.getByName(s);
    }

    @Test
    void hostPatternsMatchLikeTheServer() throws Exception {
        assertThat(HostPattern.matches("%", ip("10.1.2.3"))).isTrue();
        assertThat(HostPattern.matches("10.1.%", ip("10.1.2.3"))).isTrue();
        assertThat(HostPattern.matches("10.1.%", ip("10.2.2.3"))).isFalse();
        assertThat(HostPattern.matches("10.1.2._", ip("10.1.2.3"))).isTrue();
        assertThat(HostPattern.matches("10.1.2._", ip("10.1.2.33"))).isFalse();
        assertThat(HostPattern.matches("10.1.0.0/255.255.0.0", ip("10.1.200.3"))).isTrue();
        assertThat(HostPattern.matches("10.1.0.0/255.255.0.0", ip("10.2.0.3"))).isFalse();
        assertThat(HostPattern.matches("localhost", LOOPBACK)).isTrue();
        assertThat(HostPattern.matches("localhost", ip("10.1.2.3"))).isFalse();
        assertThat(HostPattern.matches("some.host.name/255.0.0.0", ip("10.1.2.3"))).as("never resolves names").isFalse();
    }

    @Test
    void theMostSpecificHostWinsThenNamedUsersBeforeAnonymous() throws Exception {
        List<Account> rows = List.of(new Account("app", "%", "", "*A"), new Account("", "localhost", "", ""),
                new Account("app", "127.0.0.1", "mysql_native_password", "*B"), new Account("app", "127.%", "", "*C"));
        AccountCache cache = new AccountCache(() -> rows);
        assertThat(cache.find("app", LOOPBACK).orElseThrow().stored()).isEqualTo("*B");
        assertThat(cache.find("app", ip("127.0.0.2")).orElseThrow().stored()).as("localhost is more specific than 127.%")
                .isEqualTo("");
        assertThat(cache.find("app", ip("10.0.0.1")).orElseThrow().stored()).isEqualTo("*A");
        assertThat(cache.find("bob", ip("10.0.0.1"))).isEmpty();
    }

    @Test
    void refreshesAreRateLimitedButAWaitingLoginGetsTheNewAccount() throws Exception {
        AtomicInteger loads = new AtomicInteger();
        List<Account> rows = new ArrayList<>();
        AtomicLong clock = new AtomicLong();
        AccountCache cache = new AccountCache(() -> {
            loads.incrementAndGet();
            return List.copyOf(rows);
        }, Duration.ofMillis(200), clock::get);
        assertThat(cache.find("new", LOOPBACK)).isEmpty();
        rows.add(new Account("new", "%", "", ""));
        clock.addAndGet(Duration.ofMillis(300).toNanos());
        assertThat(cache.refreshIfDue()).isTrue();
        assertThat(cache.find("new", LOOPBACK)).isPresent();
        assertThat(loads.get()).isEqualTo(2);
    }

    @Test
    void theAuthenticatorRecoversSha1OfThePasswordAndRefusesWrongTokens() throws Exception {
        byte[] stage2 = NativePassword.stage2(NativePassword.stage1("secret"));
        AccountCache cache = new AccountCache(() -> List.of(new Account("app", "%", "mysql_native_password",
                NativePassword.formatStoredHash(stage2)), new Account("ed", "%", "ed25519", "xyz"),
                new Account("open", "%", "", "")));
        NativeAuthenticator auth = new NativeAuthenticator(cache);
        byte[] seed = new AuthSeed(new Random(1)).next();
        assertThat(auth.authenticate("app", LOOPBACK, NativePassword.scramble("secret", seed), seed))
                .hasValueSatisfying(s1 -> assertThat(s1).isEqualTo(NativePassword.stage1("secret")));
        assertThat(auth.authenticate("app", LOOPBACK, NativePassword.scramble("wrong", seed), seed)).isEmpty();
        assertThat(auth.authenticate("app", LOOPBACK, new byte[0], seed)).as("no empty-token bypass").isEmpty();
        assertThat(auth.authenticate("ed", LOOPBACK, new byte[20], seed)).as("other plugins cannot log in").isEmpty();
        assertThat(auth.authenticate("open", LOOPBACK, new byte[0], seed)).hasValueSatisfying(s -> assertThat(s).isEmpty());
        assertThat(auth.authenticate("open", LOOPBACK, new byte[20], seed)).isEmpty();
    }
}
