package com.wolfscale.mysql.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Optional;

/**
 * The {@code mysql_native_password} scheme, including the step that lets a proxy log in to backends as the
 * client's own account without knowing its password.
 *
 * <pre>
 * stage1 = SHA1(password)                      what the client knows (through the password)
 * stage2 = SHA1(stage1)                        what mysql.user stores: '*' + 40 upper-case hex digits
 * token  = stage1 XOR SHA1(seed || stage2)     what the client sends for a 20-byte seed
 * </pre>
 *
 * A server holding only stage2 checks a token by computing {@code candidate = token XOR SHA1(seed || stage2)}
 * and testing {@code SHA1(candidate) == stage2}; a correct token thereby <em>reveals stage1</em>. Stage1 is
 * all a client needs to answer any later seed, so a proxy that verified a client once can answer each
 * backend's fresh seed ({@link #tokenFromStage1}) and every statement runs under the client's own account
 * and grants — the scheme MaxScale uses ({@code MariaDBAuth/mysql_auth.cc}, "backend_token"). Stage1 is
 * therefore a password equivalent: keep it in memory only, never log it.
 *
 * <p>An empty password is sent as an empty token, and is stored as an empty hash.
 *
 * <p>Stateless and thread-safe.
 */
public final class NativePassword {

    public static final String PLUGIN = "mysql_native_password";
    public static final int SEED_LENGTH = 20;
    public static final int TOKEN_LENGTH = 20;

    private NativePassword() {
    }

    /** SHA1(password) of a UTF-8 password. */
    public static byte[] stage1(String password) {
        return sha1(password.getBytes(StandardCharsets.UTF_8));
    }

    /** SHA1(stage1): the value {@code mysql.user} stores. */
    public static byte[] stage2(byte[] stage1) {
        return sha1(stage1);
    }

    /** The client's token for a password and seed; empty for an empty password. */
    public static byte[] scramble(String password, byte[] seed) {
        return password.isEmpty() ? new byte[0] : tokenFromStage1(stage1(password), seed);
    }

    /**
     * A login token computed from SHA1(password) alone, for a new seed: how the proxy answers a backend's
     * handshake as the client.
     */
    public static byte[] tokenFromStage1(byte[] stage1, byte[] seed) {
        requireLength(stage1, 20, "stage1");
        byte[] mask = sha1(seed, stage2(stage1));
        return xor(stage1, mask);
    }

    /**
     * Checks a client's token against the stored stage2 hash and, when it is right, returns SHA1(password).
     *
     * @param stage2 the stored hash as bytes ({@link #parseStoredHash}); empty for an account without password
     * @return stage1 when the token is valid; empty when it is not. For a password-less account an empty
     *         token is valid and the result is an empty array
     */
    public static Optional<byte[]> verify(byte[] token, byte[] seed, byte[] stage2) {
        if (stage2.length == 0) {
            return token.length == 0 ? Optional.of(new byte[0]) : Optional.empty();
        }
        requireLength(stage2, 20, "stored hash");
        if (token.length != TOKEN_LENGTH) {
            return Optional.empty();
        }
        byte[] candidate = xor(token, sha1(seed, stage2));
        return MessageDigest.isEqual(sha1(candidate), stage2) ? Optional.of(candidate) : Optional.empty();
    }

    /**
     * Parses {@code mysql.user.authentication_string} / {@code Password} of a native-password account:
     * {@code '*'} followed by 40 hex digits, or empty for no password.
     *
     * @throws IllegalArgumentException for any other shape (another plugin's hash, an old 16-digit hash)
     */
    public static byte[] parseStoredHash(String stored) {
        if (stored == null || stored.isEmpty()) {
            return new byte[0];
        }
        if (stored.length() != 41 || stored.charAt(0) != '*') {
            throw new IllegalArgumentException("not a mysql_native_password hash ('*' + 40 hex digits): "
                    + stored.length() + " characters");
        }
        return HexFormat.of().parseHex(stored, 1, 41);
    }

    /** The stored form of a stage2 hash: {@code '*'} + 40 upper-case hex digits, as PASSWORD() prints it. */
    public static String formatStoredHash(byte[] stage2) {
        return stage2.length == 0 ? "" : "*" + HexFormat.of().withUpperCase().formatHex(stage2);
    }

    static byte[] sha1(byte[]... parts) {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-1");
            for (byte[] p : parts) {
                md.update(p);
            }
            return md.digest();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-1", e);
        }
    }

    static byte[] xor(byte[] a, byte[] b) {
        byte[] out = Arrays.copyOf(a, a.length);
        for (int i = 0; i < out.length; i++) {
            out[i] ^= b[i % b.length];
        }
        return out;
    }

    private static void requireLength(byte[] b, int n, String what) {
        if (b.length != n) {
            throw new IllegalArgumentException(what + " must be " + n + " bytes, not " + b.length);
        }
    }
}
