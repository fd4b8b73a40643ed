package io.vigil.launcher;

import java.io.IOException;
import java.io.PrintStream;
import java.time.Duration;

/** {@code vigil token --role R [--ttl 12h]}: prints a signed bearer token alone on stdout. */
public final class TokenCommand {

    private TokenCommand() {
    }

    public static void run(VigilHome home, String role, Duration ttl, PrintStream out, PrintStream err)
            throws IOException {
        SigningKeys keys = SigningKeys.loadOrCreate(home.keysDir());
        String token = Tokens.mint(keys, role, ttl);
        // Explanation on stderr, so that TOKEN=$(./vigil token --role admin) captures the token only.
        err.println("token for role " + role + ", valid for " + io.vigil.config.Durations.format(ttl)
                + "; send it as 'Authorization: Bearer <token>':");
        out.println(token);
    }
}
