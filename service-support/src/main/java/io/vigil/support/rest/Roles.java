package io.vigil.support.rest;

/**
 * The roles of the {@code groups} claim (DESIGN §6). A token carries one role and a higher role may
 * do all a lower one may, so each operation lists its least role and every role above it.
 */
public final class Roles {

    public static final String VIEWER = "viewer";
    public static final String OPERATOR = "operator";
    public static final String ADMIN = "admin";

    private Roles() {
    }
}
