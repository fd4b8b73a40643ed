package io.vigil.alert.rule;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;

/** The identity of an alert: rule name plus labels, hashed; the same series always gets the same one. */
public final class Fingerprint {

    private Fingerprint() {
    }

    /** 16 hex characters of SHA-256 over the rule name and the labels in name order. */
    public static String of(String rule, Map<String, String> labels) {
        StringBuilder sb = new StringBuilder(rule);
        for (Map.Entry<String, String> e : new TreeMap<>(labels).entrySet()) {
            // A separator byte that label names and values cannot contain keeps {a="b,c"} apart from {a="b", c=...}.
            sb.append('\u0000').append(e.getKey()).append('\u0001').append(e.getValue());
        }
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(sb.toString().getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is not available", e);
        }
    }
}
