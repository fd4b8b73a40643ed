package io.vigil.launcher;

import io.vigil.config.Durations;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Iterator;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * {@code vigil open [--role R] [--ttl T]}: prints (and, on a desktop, opens) the dashboard's URL with
 * a freshly minted token in its fragment. The fragment never reaches a server or its logs; the page
 * moves the token to the tab's session storage and takes it out of the address bar.
 */
public final class OpenCommand {

    /** Operators can acknowledge and silence from the dashboard; admin powers are not needed there. */
    static final String DEFAULT_ROLE = "operator";
    /** A working day: the page says when it ran out, and {@code ./vigil open} mints the next one. */
    static final Duration DEFAULT_TTL = Duration.ofHours(8);
    /** What may name the user in the token; anything else becomes the CLI's own subject. */
    private static final Pattern USER = Pattern.compile("[A-Za-z0-9._@-]{1,64}");

    private OpenCommand() {
    }

    /** Parses the options after {@code open}, prints the URL and tries to open it. */
    public static void run(VigilHome home, Ports ports, Iterator<String> args, PrintStream out, PrintStream err,
            Function<String, String> env) throws IOException {
        String role = DEFAULT_ROLE;
        Duration ttl = DEFAULT_TTL;
        boolean browse = true;
        while (args.hasNext()) {
            String a = args.next();
            switch (a) {
                case "--role" -> role = Vigil.value(args, a);
                case "--ttl" -> ttl = Vigil.duration(Vigil.value(args, a));
                case "--print" -> browse = false;
                default -> throw Vigil.usage("unknown option " + a);
            }
        }
        SigningKeys keys = SigningKeys.loadOrCreate(home.keysDir());
        String token = Tokens.mint(keys, role, ttl, user(env));
        String base = "http://localhost:" + ports.alert() + "/";
        if (!running(ports.alert())) {
            err.println("the alert-service does not answer on " + base + " yet: is ./vigil up running?");
        }
        err.println("dashboard as " + role + ", logged in for " + Durations.format(ttl)
                + " (this link is a credential: do not share it):");
        out.println(url(base, token));
        if (browse) {
            browse(url(base, token), err, env);
        }
    }

    /** The dashboard's address with the token in its fragment. */
    static String url(String base, String token) {
        return base + "#token=" + token;
    }

    /** The name the alerts will show for this user's acknowledgements: the login name when it is a plain one. */
    static String user(Function<String, String> env) {
        String name = env.apply("USER");
        if (name == null || !USER.matcher(name).matches()) {
            name = System.getProperty("user.name", "");
        }
        return USER.matcher(name).matches() ? name : Tokens.SUBJECT;
    }

    private static boolean running(int port) {
        try {
            HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
            HttpResponse<Void> r = client.send(HttpRequest.newBuilder(
                            URI.create("http://127.0.0.1:" + port + "/q/health/ready"))
                    .timeout(Duration.ofSeconds(3)).build(), HttpResponse.BodyHandlers.discarding());
            return r.statusCode() == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Hands the URL to the desktop's browser when there is a desktop; on a server, printing it is all. */
    private static void browse(String url, PrintStream err, Function<String, String> env) {
        String opener = opener(env);
        if (opener == null) {
            return;
        }
        try {
            // Not waited for: xdg-open may stay until the browser exits. Its output would hold the URL.
            new ProcessBuilder(opener, url).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        } catch (IOException e) {
            err.println("could not start " + opener + " (" + e.getMessage() + "): open the URL above yourself");
        }
    }

    /** xdg-open under a graphical session, open on macOS; null without a desktop. */
    static String opener(Function<String, String> env) {
        boolean mac = System.getProperty("os.name", "").toLowerCase(java.util.Locale.ROOT).startsWith("mac");
        if (mac) {
            return "open";
        }
        boolean desktop = notBlank(env.apply("DISPLAY")) || notBlank(env.apply("WAYLAND_DISPLAY"));
        if (!desktop) {
            return null;
        }
        String path = env.apply("PATH");
        for (String dir : (path == null ? "" : path).split(java.io.File.pathSeparator)) {
            if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, "xdg-open"))) {
                return Path.of(dir, "xdg-open").toString();
            }
        }
        return null;
    }

    private static boolean notBlank(String s) {
        return s != null && !s.isBlank();
    }
}
