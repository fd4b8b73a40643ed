package io.vigil.health.heartbeat;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;

/** Secret tokens for heartbeat URLs: made unguessable, and compared without leaking how close a guess was. */
public final class HeartbeatTokens {

    /** 192 random bits, well over the 128 that make guessing hopeless; 32 characters once encoded. */
    public static final int TOKEN_BYTES = 24;

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Base64.Encoder URL_SAFE = Base64.getUrlEncoder().withoutPadding();

    private HeartbeatTokens() {
    }

    /** A new token: URL-safe base64 without padding, so it goes into a path as is. */
    public static String generate() {
        byte[] bytes = new byte[TOKEN_BYTES];
        RANDOM.nextBytes(bytes);
        return URL_SAFE.encodeToString(bytes);
    }

    /**
     * Whether two tokens are the same, in time that depends on neither. Both are hashed first, so
     * the comparison always runs over 32 bytes and reveals not even the stored token's length.
     * False when either is null.
     */
    public static boolean sameToken(String a, String b) {
        if (a == null || b == null) {
            return false;
        }
        return MessageDigest.isEqual(sha256(a), sha256(b));
    }

    private static byte[] sha256(String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }
}
