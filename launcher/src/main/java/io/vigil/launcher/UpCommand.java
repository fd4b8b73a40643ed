package io.vigil.launcher;

import io.vigil.config.ConfigException;
import io.vigil.config.ConfigLoader;
import io.vigil.config.Durations;
import io.vigil.config.VigilConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/** {@code vigil up}: validates the config, starts PostgreSQL, Kafka and the services, and stops them all on exit. */
public final class UpCommand {

    static final Duration SERVICE_READY_TIMEOUT = Duration.ofSeconds(120);

    private final VigilHome home;
    private final Path libDir;
    private final Ports ports;
    private final Console console = Console.stdout();
    private final PidFiles pidFiles;
    private final Supervisor supervisor;
    private final Duration livenessGrace;

    public UpCommand(VigilHome home, Path libDir, Ports ports, Duration livenessGrace) {
        this.home = home;
        this.libDir = libDir;
        this.ports = ports;
        this.pidFiles = new PidFiles(home.runDir());
        this.supervisor = new Supervisor(pidFiles);
        this.livenessGrace = livenessGrace;
    }

    /** Runs until interrupted (exit code from the JVM) or until something dies (returns 1). */
    public int run(Optional<Path> configOption, boolean infraOnly) throws IOException {
        Path config = resolveConfig(configOption);
        VigilConfig loaded = validate(config);
        List<ServiceSpec> services = List.of();
        if (!infraOnly) {
            SigningKeys keys = SigningKeys.loadOrCreate(home.keysDir());
            services = ServiceSpec.all(home.root(), ports, config, keys, databasePasswords());
            requireBuilt(services);
        }
        try (HomeLock lock = HomeLock.acquire(home)) {
            home.prepare();
            // We hold the lock, so whatever an earlier run recorded and is still alive was orphaned by a killed launcher.
            for (String orphan : pidFiles.reapOrphans()) {
                console.info("stopped " + orphan + " left running by an earlier, killed run");
            }
            PostgresServer.clearStalePidFile(home.postgresDataDir());
            PortCheck.requireFree(infraOnly ? infraPorts() : ports.described());
            console.info("starting Vigil in " + home.dir() + " with " + config + " (" + loaded.rules().size()
                    + " rules, " + loaded.checks().size() + " checks, " + loaded.routes().size() + " routes)");
            installShutdownHook();
            long started = System.nanoTime();
            Infrastructure.Running infrastructure = Infrastructure.start(home, ports, libDir, supervisor, console);
            startServices(services, infrastructure);
            console.ok("Vigil is up", started);
            printUrls(infraOnly);
            // Services are restarted by their SupervisedService; only Kafka or PostgreSQL dying ends the run.
            Managed dead = supervisor.unexpectedExit().join();
            console.fail(dead.name() + " exited unexpectedly; see " + home.log(dead.name()) + " — stopping everything");
            supervisor.stopAll();
            return 1;
        } catch (LauncherException e) {
            supervisor.stopAll();
            throw e;
        }
    }

    /** The services' database passwords, generated on the first run; PostgresServer sets them on every start. */
    private Map<DatabaseRoles.Role, String> databasePasswords() throws IOException {
        Secrets secrets = new Secrets(home.secretsDir());
        Map<DatabaseRoles.Role, String> passwords = new java.util.LinkedHashMap<>();
        for (DatabaseRoles.Role role : DatabaseRoles.ALL) {
            passwords.put(role, secrets.password(role.secret()));
        }
        return passwords;
    }

    private Path resolveConfig(Optional<Path> option) throws IOException {
        if (option.isPresent()) {
            return option.get().toAbsolutePath().normalize();
        }
        Path file = home.defaultConfig();
        if (DefaultConfig.createIfMissing(file)) {
            console.info("created " + file + " (CPU, memory and disk rules for this host, checks of Vigil itself;"
                    + " edit it to add checks and routes)");
        }
        return file;
    }

    private static VigilConfig validate(Path config) {
        try {
            return ConfigLoader.all().load(config);
        } catch (ConfigException e) {
            throw new LauncherException("invalid config: " + e.getMessage(), 2);
        }
    }

    private static void requireBuilt(List<ServiceSpec> services) {
        List<String> missing = services.stream().filter(s -> !Files.isRegularFile(s.jar()))
                .map(s -> s.jar().toString()).toList();
        if (!missing.isEmpty()) {
            throw new LauncherException("not built: " + String.join(", ", missing)
                    + "\n  run ./mvnw -DskipTests install (the vigil script does this for you)");
        }
    }

    private Map<Integer, String> infraPorts() {
        Map<Integer, String> all = ports.described();
        all.keySet().retainAll(List.of(ports.postgres(), ports.kafka(), ports.kafkaController()));
        return all;
    }

    private void installShutdownHook() {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            if (supervisor.members().isEmpty()) {
                return;
            }
            long t = System.nanoTime();
            console.info("stopping Vigil…");
            supervisor.stopAll();
            console.ok("stopped", t);
        }, "vigil-shutdown"));
    }

    /**
     * Starts every service at once, while Kafka may still be booting (a service's start takes longer
     * than the broker's rest, and its clients retry), then waits for Kafka and its topics, then for
     * every service; any failure stops the run. Once all are ready, each is watched and restarted on
     * its own when it dies.
     */
    private void startServices(List<ServiceSpec> services, Infrastructure.Running infrastructure) {
        List<CompletableFuture<Optional<String>>> waits = new ArrayList<>();
        List<SupervisedService> started = new ArrayList<>();
        for (ServiceSpec spec : services) {
            long t = System.nanoTime();
            SupervisedService s = supervisor.add(Supervisor.Tier.SERVICE, SupervisedService.of(spec, home,
                    SERVICE_READY_TIMEOUT, livenessGrace, console, pidFiles));
            s.start();
            started.add(s);
            waits.add(CompletableFuture.supplyAsync(() -> {
                Optional<String> problem = s.awaitReady();
                if (problem.isEmpty()) {
                    console.ok(spec.name() + " ready on " + spec.port(), t);
                }
                return problem;
            }));
        }
        infrastructure.awaitKafka(console);
        List<String> failures = new ArrayList<>();
        for (int i = 0; i < waits.size(); i++) {
            Optional<String> problem = waits.get(i).join();
            if (problem.isPresent()) {
                SupervisedService s = started.get(i);
                console.fail(s.name() + " " + problem.get() + "; last lines of " + s.log() + ":");
                LogTail.lastLines(s.log(), 20).forEach(l -> console.info("    " + l));
                failures.add(s.name());
            }
        }
        if (!failures.isEmpty()) {
            throw new LauncherException(String.join(", ", failures) + " did not start");
        }
        started.forEach(SupervisedService::watch);
    }

    /** {@code VIGIL_LIVENESS_GRACE}: how long a ready service may fail its liveness probe before it is restarted. */
    static Duration livenessGrace(java.util.function.Function<String, String> env) {
        String text = env.apply("VIGIL_LIVENESS_GRACE");
        if (text == null || text.isBlank()) {
            return Liveness.DEFAULT_GRACE;
        }
        try {
            Duration grace = Durations.parse(text);
            if (grace.isZero()) {
                throw new IllegalArgumentException("must be more than 0s");
            }
            return grace;
        } catch (IllegalArgumentException e) {
            throw new LauncherException("VIGIL_LIVENESS_GRACE: " + e.getMessage(), 2);
        }
    }

    private void printUrls(boolean infraOnly) {
        console.info("");
        if (!infraOnly) {
            console.info("  dashboard  http://localhost:" + ports.alert() + "/   log in with: ./vigil open");
            console.info("  API        http://localhost:" + ports.alert() + "/api/alerts");
            console.info("  checks     http://localhost:" + ports.health() + "/api/checks"
                    + "   (may reach loopback and private addresses: HEALTH_ALLOW_PRIVATE_TARGETS=true)");
            console.info("  domains    http://localhost:" + ports.domain() + "/api/domains   certificates http://localhost:"
                    + ports.domain() + "/api/certificates");
            console.info("  routes     http://localhost:" + ports.notifier() + "/api/routes   deliveries http://localhost:"
                    + ports.notifier() + "/api/deliveries");
            console.info("  health     http://localhost:" + ports.alert() + "/q/health  :" + ports.collector()
                    + "/q/health  :" + ports.notifier() + "/q/health  :" + ports.health() + "/q/health  :" + ports.domain()
                    + "/q/health");
            console.info("  metrics    http://localhost:" + ports.alert() + "/q/metrics  :" + ports.collector()
                    + "/q/metrics  :" + ports.notifier() + "/q/metrics  :" + ports.health() + "/q/metrics  :"
                    + ports.domain() + "/q/metrics");
            console.info("  token      TOKEN=$(./vigil token --role admin)   # or viewer, operator");
            console.info("             curl -H \"Authorization: Bearer $TOKEN\" http://localhost:" + ports.alert()
                    + "/api/alerts");
        }
        console.info("  kafka      127.0.0.1:" + ports.kafka() + "   postgres  jdbc:postgresql://127.0.0.1:"
                + ports.postgres() + "/" + PostgresServer.DATABASE + " (roles "
                + DatabaseRoles.ALL.stream().map(r -> r.name() + " owns " + r.schema())
                        .collect(java.util.stream.Collectors.joining(", "))
                + ", superuser " + PostgresServer.USER + "; passwords in " + home.secretsDir() + ")");
        console.info("  logs       " + home.logsDir());
        console.info("Ctrl-C (or SIGTERM, SIGHUP) stops everything; a service that dies is restarted.");
    }
}
