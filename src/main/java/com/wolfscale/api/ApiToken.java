package com.wolfscale.api;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.List;
import java.util.Optional;

/**
 * Checks {@code Authorization: Bearer <token>} against {@code api.token}. Both sides are hashed first and
 * the digests compared with {@link MessageDigest#isEqual} (constant time), so neither the content nor the
 * length of the token leaks through timing. The original API had no authentication, hence no header of
 * its own to accept.
 */
final class ApiToken {

    enum Verdict { OK, NOT_CONFIGURED, MISSING, WRONG }

    private final byte[] expectedDigest;

    /** @param token the configured token; empty means mutating endpoints are refused */
    ApiToken(Optional<String> token) {
        this.expectedDigest = token.map(ApiToken::digest).orElse(null);
    }

    Verdict check(List<String> authorizationHeaders) {
        if (expectedDigest == null) {
            return Verdict.NOT_CONFIGURED;
        }
        if (authorizationHeaders == null || authorizationHeaders.isEmpty()) {
            return Verdict.MISSING;
        }
        String h = authorizationHeaders.get(0).trim();
        if (!h.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return Verdict.MISSING;
        }
        return MessageDigest.isEqual(expectedDigest, digest(h.substring(7).trim())) ? Verdict.OK : Verdict.WRONG;
    }

    private static byte[] digest(String s) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
