package io.vigil.support.rest;

import jakarta.enterprise.context.RequestScoped;
import org.eclipse.microprofile.jwt.JsonWebToken;

/** Who is calling, per request: the name every service records as the actor of what they change. */
@RequestScoped
public class Caller {

    private final JsonWebToken token;

    public Caller(JsonWebToken token) {
        this.token = token;
    }

    /** The token's {@code preferred_username}, else its subject. */
    public String name() {
        return Callers.name(token);
    }
}
