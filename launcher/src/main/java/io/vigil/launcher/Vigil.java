package io.vigil.launcher;

import io.vigil.config.Durations;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Iterator;
import java.util.Optional;

/** Entry point of the {@code vigil} script: {@code up}, {@code token}, {@code open} and {@code help}. */
public final class Vigil {

    static final String USAGE = """
            usage: ./vigil <command>

              up [--config FILE] [--infra-only]
                  run Kafka, PostgreSQL and every Vigil service on this machine until Ctrl-C, SIGTERM
                  or SIGHUP, which stop everything cleanly.
                  FILE defaults to .vigil/vigil.yaml, created on first run.
                  --infra-only starts only Kafka and PostgreSQL.
                  A service that exits, or whose /q/health/live fails for VIGIL_LIVENESS_GRACE (30s),
                  is restarted after 1 s, 2 s, 4 s … up to 60 s; the others keep running. Kafka or
                  PostgreSQL dying stops everything.
                  Each service connects to PostgreSQL as its own role (vigil_alert owns schema alert,
                  vigil_notifier owns notifier, vigil_health owns health, vigil_domain owns domain);
                  every connection needs a password, generated once in .vigil/secrets/ (the
                  superuser's too).
                  The health- and domain-service run with HEALTH_ALLOW_PRIVATE_TARGETS=true and
                  DOMAIN_ALLOW_PRIVATE_TARGETS=true: their checks may reach loopback and private
                  addresses (this machine, the LAN); link-local and cloud metadata addresses stay refused.
              token --role viewer|operator|admin [--ttl 1h]
                  print a bearer token (audience vigil) for the API of a running `up`.
                  --ttl defaults to 1h, at most 24h. The signing key .vigil/keys/signing-key.pem
                  must be readable by its owner only.
              open [--role viewer|operator|admin] [--ttl 8h] [--print]
                  print the dashboard's URL (http://localhost:8080/) with a token for it in the
                  fragment, and open it in the desktop's browser when there is one (not with --print).
                  The role defaults to operator (acknowledge, silence), the login lasts --ttl (8h,
                  at most 24h); then the page asks for a new link. Named after $USER, so the alerts
                  show who acknowledged them.
              help
                  this text.

            Data, secrets and logs live in .vigil/ (VIGIL_HOME moves it). Ports: VIGIL_PG_PORT (15432),
            VIGIL_KAFKA_PORT (19092), VIGIL_KAFKA_CONTROLLER_PORT (19093), VIGIL_ALERT_PORT (8080),
            VIGIL_COLLECTOR_PORT (8081), VIGIL_NOTIFIER_PORT (8082), VIGIL_HEALTH_PORT (8083),
            VIGIL_DOMAIN_PORT (8084).
            """;

    private Vigil() {
    }

    public static void main(String[] args) {
        int code;
        try {
            code = run(args);
        } catch (LauncherException e) {
            System.err.println("✘ " + e.getMessage());
            code = e.exitCode();
        } catch (Exception | Error e) {
            // Not a problem the user can fix: show where it happened.
            e.printStackTrace();
            code = 1;
        }
        System.exit(code);
    }

    static int run(String[] args) throws Exception {
        Iterator<String> it = Arrays.asList(args).iterator();
        String command = it.hasNext() ? it.next() : "help";
        VigilHome home = VigilHome.fromEnvironment(Path.of(System.getProperty("vigil.root", ".")), System::getenv);
        switch (command) {
            case "up" -> {
                Optional<Path> config = Optional.empty();
                boolean infraOnly = false;
                while (it.hasNext()) {
                    String a = it.next();
                    switch (a) {
                        case "--config" -> config = Optional.of(
                                Path.of(System.getProperty("vigil.cwd", ".")).resolve(value(it, a)));
                        case "--infra-only" -> infraOnly = true;
                        default -> throw usage("unknown option " + a);
                    }
                }
                return new UpCommand(home, libDir(), Ports.fromEnvironment(System::getenv),
                        UpCommand.livenessGrace(System::getenv)).run(config, infraOnly);
            }
            case "token" -> {
                TokenCommand.run(home, it, System.out, System.err);
                return 0;
            }
            case "open" -> {
                OpenCommand.run(home, Ports.fromEnvironment(System::getenv), it, System.out, System.err, System::getenv);
                return 0;
            }
            case "help", "-h", "--help" -> {
                System.out.print(USAGE);
                return 0;
            }
            default -> throw usage("unknown command " + command);
        }
    }

    /** The launcher's dependency directory, which is also the Kafka broker's class path. */
    static Path libDir() throws URISyntaxException {
        String configured = System.getProperty("vigil.lib.dir");
        if (configured != null) {
            return Path.of(configured).toAbsolutePath();
        }
        // launcher/target/launcher.jar (or target/classes in tests) sits next to target/lib.
        Path here = Path.of(Vigil.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        Path lib = here.getParent().resolve("lib");
        if (!Files.isDirectory(lib)) {
            throw new LauncherException("cannot find the launcher's lib directory next to " + here);
        }
        return lib;
    }

    static String value(Iterator<String> it, String option) {
        if (!it.hasNext()) {
            throw usage(option + " needs a value");
        }
        return it.next();
    }

    static Duration duration(String text) {
        try {
            return Durations.parse(text);
        } catch (IllegalArgumentException e) {
            throw usage("--ttl: " + e.getMessage());
        }
    }

    static LauncherException usage(String problem) {
        return new LauncherException(problem + "\n\n" + USAGE, 2);
    }
}
