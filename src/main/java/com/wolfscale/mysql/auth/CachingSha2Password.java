package com.wolfscale.mysql.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * Client side of MySQL 8's {@code caching_sha2_password} fast path, for logging in to MySQL 8 sources:
 *
 * <pre>
 * token = SHA256(password) XOR SHA256(SHA256(SHA256(password)) || seed)
 * </pre>
 *
 * (MySQL {@code sql/auth/sha2_password_common.cc}, {@code generate_sha2_scramble}). The server then answers
 * {@code 0x01 0x03} (fast auth succeeded, OK follows) or {@code 0x01 0x04} (full auth: the password in
 * clear over TLS, or RSA-encrypted — the latter is not implemented here). A MariaDB {@code mysql.user} hash
 * cannot check this token, so the proxy never accepts this plugin from its clients.
 *
 * <p>Stateless and thread-safe.
 */
public final class CachingSha2Password {

    public static final String PLUGIN = "caching_sha2_password";
    /** Second byte of the server's 0x01 packet: the cached hash matched, an OK follows. */
    public static final int FAST_AUTH_SUCCESS = 0x03;
    /** Second byte of the server's 0x01 packet: send the full password. */
    public static final int PERFORM_FULL_AUTHENTICATION = 0x04;

    private CachingSha2Password() {
    }

    /** The fast-path token; empty for an empty password. */
    public static byte[] scramble(String password, byte[] seed) {
        if (password.isEmpty()) {
            return new byte[0];
        }
        byte[] stage1 = sha256(password.getBytes(StandardCharsets.UTF_8));
        byte[] stage2 = sha256(stage1);
        byte[] mask = sha256(stage2, seed);
        return NativePassword.xor(stage1, mask);
    }

    private static byte[] sha256(byte[]... parts) {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            for (byte[] p : parts) {
                md.update(p);
            }
            return md.digest();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }
}
