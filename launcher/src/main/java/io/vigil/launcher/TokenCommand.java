package io.vigil.launcher;

import io.vigil.config.Durations;
import java.io.IOException;
import java.io.PrintStream;
import java.time.Duration;
import java.util.Iterator;

/** {@code vigil token --role R [--ttl 1h]}: prints a signed bearer token alone on stdout. */
public final class TokenCommand {

    private TokenCommand() {
    }

    /** Parses the options after {@code token} and prints the token. */
    public static void run(VigilHome home, Iterator<String> args, PrintStream out, PrintStream err) throws IOException {
        String role = null;
        Duration ttl = Tokens.DEFAULT_TTL;
        while (args.hasNext()) {
            String a = args.next();
            switch (a) {
                case "--role" -> role = Vigil.value(args, a);
                case "--ttl" -> ttl = Vigil.duration(Vigil.value(args, a));
                default -> throw Vigil.usage("unknown option " + a);
            }
        }
        if (role == null) {
            throw Vigil.usage("token needs --role viewer|operator|admin");
        }
        run(home, role, ttl, out, err);
    }

    public static void run(VigilHome home, String role, Duration ttl, PrintStream out, PrintStream err)
            throws IOException {
        SigningKeys keys = SigningKeys.loadOrCreate(home.keysDir());
        String token = Tokens.mint(keys, role, ttl);
        // Explanation on stderr, so that TOKEN=$(./vigil token --role admin) captures the token only.
        err.println("token for role " + role + ", valid for " + Durations.format(ttl)
                + "; send it as 'Authorization: Bearer <token>':");
        out.println(token);
    }
}
