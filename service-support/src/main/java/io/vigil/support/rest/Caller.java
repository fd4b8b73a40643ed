package io.vigil.support.rest;

import jakarta.enterprise.context.RequestScoped;
import jakarta.enterprise.inject.Instance;
import org.eclipse.microprofile.jwt.JsonWebToken;

/**
 * Who is calling, per request: the name every service records as the actor of what they change.
 * The token is looked up when asked for, so a service without OIDC (the collector) still starts
 * with this bean on its class path.
 */
@RequestScoped
public class Caller {

    private final Instance<JsonWebToken> token;

    public Caller(Instance<JsonWebToken> token) {
        this.token = token;
    }

    /** The token's {@code preferred_username}, else its subject. */
    public String name() {
        return Callers.name(token.get());
    }
}
