package com.wolfscale.proxy.auth;

import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The accounts of {@code mysql.user}, in the order the server matches them, refreshed when a client names
 * an unknown user or a password that does not match (the account may be new or changed), at most once per
 * {@code minRefreshGap} so a client guessing passwords cannot turn into a query storm.
 *
 * <p>Thread-safe: lookups read an immutable snapshot; refreshes are serialised.
 */
public final class AccountCache {

    /** Reads the accounts; called on the refreshing client's thread. */
    @FunctionalInterface
    public interface Source {
        List<Account> load() throws Exception;
    }

    private static final Logger LOG = LoggerFactory.getLogger(AccountCache.class);

    private final Source source;
    private final long minRefreshGapNanos;
    private final LongSupplier nanoClock;
    private volatile List<Account> accounts = List.of();
    private volatile boolean loaded;
    private long lastRefreshNanos;
    private boolean attempted;
    private final Object refreshLock = new Object();

    public AccountCache(Source source, Duration minRefreshGap, LongSupplier nanoClock) {
        this.source = source;
        this.minRefreshGapNanos = minRefreshGap.toNanos();
        this.nanoClock = nanoClock;
    }

    public AccountCache(Source source) {
        this(source, Duration.ofSeconds(1), System::nanoTime);
    }

    /** The account the server would pick for {@code user} connecting from {@code address}, if any. */
    public Optional<Account> find(String user, InetAddress address) {
        if (!loaded) {
            refresh(true);
        }
        for (Account a : accounts) {
            if ((a.user().isEmpty() || a.user().equals(user)) && HostPattern.matches(a.host(), address)) {
                return Optional.of(a);
            }
        }
        return Optional.empty();
    }

    /**
     * Reloads the accounts unless that was done less than the refresh gap ago; look the account up again
     * afterwards either way (a concurrent refresh may have brought it).
     *
     * @return true when this call reloaded (successfully or not)
     */
    public boolean refreshIfDue() {
        return refresh(false);
    }

    private boolean refresh(boolean initial) {
        synchronized (refreshLock) {
            long now = nanoClock.getAsLong();
            if (initial && loaded) {
                return false; // another client loaded them while this one waited
            }
            if (attempted && now - lastRefreshNanos < minRefreshGapNanos) {
                if (initial) {
                    return false;
                }
                // wait out the gap (a new account works within a second; a password guesser is slowed down)
                sleepNanos(minRefreshGapNanos - (now - lastRefreshNanos));
                now = nanoClock.getAsLong();
            }
            attempted = true;
            lastRefreshNanos = now;
            try {
                accounts = ordered(source.load());
                loaded = true;
                LOG.debug("loaded {} accounts", accounts.size());
            } catch (Exception e) {
                LOG.warn("cannot read accounts from mysql.user (clients cannot log in until this works; check that "
                        + "the [database] account can SELECT from mysql.global_priv): {}", e.toString());
            }
            return true;
        }
    }

    private static void sleepNanos(long nanos) {
        try {
            Thread.sleep(java.time.Duration.ofNanos(Math.max(0, nanos)));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    static List<Account> ordered(List<Account> rows) {
        List<Account> sorted = new ArrayList<>(rows);
        sorted.sort(Comparator.comparingInt((Account a) -> -HostPattern.specificity(a.host()))
                .thenComparing(a -> a.user().isEmpty()));
        return List.copyOf(sorted);
    }
}
