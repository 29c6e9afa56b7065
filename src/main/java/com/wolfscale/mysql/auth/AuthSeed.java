package com.wolfscale.mysql.auth;

import java.util.random.RandomGenerator;

/**
 * Generates the 20-byte scramble seed a server sends in its handshake. Like MariaDB
 * ({@code create_random_string}: {@code my_rnd() * 94 + 33}) every byte is printable ASCII 33..126, so it
 * never contains the NUL that terminates the seed on the wire and survives any client's string handling.
 *
 * <p>Thread-safe if the injected generator is (use {@link java.security.SecureRandom} in production; tests
 * inject a seeded generator).
 */
public final class AuthSeed {

    private static final int FIRST_PRINTABLE = 33;
    private static final int PRINTABLE_COUNT = 94;

    private final RandomGenerator random;

    public AuthSeed(RandomGenerator random) {
        this.random = random;
    }

    /** A fresh 20-byte seed. */
    public byte[] next() {
        byte[] seed = new byte[NativePassword.SEED_LENGTH];
        for (int i = 0; i < seed.length; i++) {
            seed[i] = (byte) (FIRST_PRINTABLE + random.nextInt(PRINTABLE_COUNT));
        }
        return seed;
    }
}
