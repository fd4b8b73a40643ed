package io.vigil.health.rest;

import jakarta.enterprise.context.RequestScoped;
import jakarta.json.JsonString;
import org.eclipse.microprofile.jwt.JsonWebToken;

/** Who is calling: the name recorded as the actor of what they change. */
@RequestScoped
public class Caller {

    private final JsonWebToken token;

    public Caller(JsonWebToken token) {
        this.token = token;
    }

    /** The token's {@code preferred_username}, else its subject (a service account may have no user name). */
    public String name() {
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
