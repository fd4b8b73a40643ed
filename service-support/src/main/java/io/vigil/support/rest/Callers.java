package io.vigil.support.rest;

import jakarta.json.JsonString;
import org.eclipse.microprofile.jwt.JsonWebToken;

/** Who a token names: the actor recorded for what a caller changes, the same in every service. */
public final class Callers {

    private Callers() {
    }

    /** The token's {@code preferred_username}, else its subject (a service account may have no user name). */
    public static String name(JsonWebToken token) {
        Object preferred = token.getClaim("preferred_username");
        if (preferred instanceof JsonString s) {
            preferred = s.getString();
        }
        if (preferred instanceof String s && !s.isBlank()) {
            return s;
        }
        String subject = token.getSubject();
        return subject == null || subject.isBlank() ? "unknown" : subject;
    }
}
