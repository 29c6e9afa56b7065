package com.wolfscale.transport;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Mutual challenge–response authentication with the shared cluster secret, which never crosses the wire.
 * <pre>
 * dialer   → HELLO      protocol version, dialer id, nonceD (32 random bytes)
 * acceptor → CHALLENGE  acceptor id, nonceA, proofA = HMAC(secret, "wolfscale-acceptor" ‖ nonceD ‖ nonceA ‖ idD ‖ idA)
 * dialer   → PROOF      proofD = HMAC(secret, "wolfscale-dialer" ‖ nonceD ‖ nonceA ‖ idD ‖ idA)
 * acceptor → WELCOME
 * session key = HMAC(secret, "wolfscale-session" ‖ nonceD ‖ nonceA); every later frame body is encrypted and
 * authenticated with AES-256-GCM under it ({@link FrameCodec}).
 * </pre>
 * Each side proves knowledge of the secret bound to both fresh nonces and both ids, so neither a replay
 * nor a relay between two nodes authenticates. Stateless and thread-safe.
 */
final class ClusterAuth {

    static final int NONCE_BYTES = 32;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final byte[] secret;

    ClusterAuth(byte[] secret) {
        if (secret.length < 16) {
            throw new IllegalArgumentException("cluster secret must be at least 16 bytes");
        }
        this.secret = secret.clone();
    }

    static byte[] nonce() {
        byte[] n = new byte[NONCE_BYTES];
        RANDOM.nextBytes(n);
        return n;
    }

    byte[] acceptorProof(byte[] nonceD, byte[] nonceA, String idD, String idA) {
        return hmac("wolfscale-acceptor", nonceD, nonceA, idD, idA);
    }

    byte[] dialerProof(byte[] nonceD, byte[] nonceA, String idD, String idA) {
        return hmac("wolfscale-dialer", nonceD, nonceA, idD, idA);
    }

    byte[] sessionKey(byte[] nonceD, byte[] nonceA) {
        return hmac("wolfscale-session", nonceD, nonceA, "", "");
    }

    static boolean same(byte[] a, byte[] b) {
        return MessageDigest.isEqual(a, b);
    }

    private byte[] hmac(String label, byte[] nonceD, byte[] nonceA, String idD, String idA) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret, "HmacSHA256"));
            mac.update(label.getBytes(StandardCharsets.UTF_8));
            mac.update(nonceD);
            mac.update(nonceA);
            mac.update(lengthPrefixed(idD));
            mac.update(lengthPrefixed(idA));
            return mac.doFinal();
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("HmacSHA256 unavailable", e);
        }
    }

    private static byte[] lengthPrefixed(String s) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        byte[] out = new byte[b.length + 2];
        out[0] = (byte) (b.length >>> 8);
        out[1] = (byte) b.length;
        System.arraycopy(b, 0, out, 2, b.length);
        return out;
    }
}
