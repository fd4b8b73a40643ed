package io.vigil.bench;

import io.vigil.config.Durations;
import io.vigil.launcher.VigilHome;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Issue 9, the whole stack: {@code ./vigil up} as a user runs it (the repository's script, the
 * default config, a fresh {@code VIGIL_HOME}, free ports), the time until it prints "Vigil is up",
 * then after {@code --idle} the memory and CPU of every process under it by role (launcher, Kafka,
 * each service, PostgreSQL's processes summed), then SIGTERM and the time until all are gone.
 *
 * <p>RSS counts shared pages once per process (PostgreSQL's shared buffers in every backend); PSS
 * divides them among the processes that share them, so PSS is the column that adds up. The
 * launcher's output is kept in {@code bench/target/footprint-stack/vigil-up.log}.
 */
public final class StackFootprint {

    private static final List<String> PORTS = List.of("VIGIL_PG_PORT", "VIGIL_KAFKA_PORT",
            "VIGIL_KAFKA_CONTROLLER_PORT", "VIGIL_ALERT_PORT", "VIGIL_COLLECTOR_PORT", "VIGIL_NOTIFIER_PORT",
            "VIGIL_HEALTH_PORT", "VIGIL_DOMAIN_PORT");
    private static final Pattern SERVICE_JAR = Pattern.compile("([a-z-]+)/target/quarkus-app/quarkus-run\\.jar");
    private static final Pattern READY = Pattern.compile("^✔ (.+?) \\(([0-9.]+ s)\\)$");

    /** Command-line options. */
    record Options(Duration idle) {

        static Options parse(String[] args) {
            Duration idle = Duration.ofSeconds(30);
            for (int i = 0; i < args.length; i++) {
                if (args[i].equals("--idle")) {
                    idle = Durations.parse(args[++i]);
                } else {
                    throw new IllegalArgumentException("unknown argument " + args[i] + " (footprint --stack takes --idle)");
                }
            }
            return new Options(idle);
        }
    }

    /** The processes of one role: what they hold, their CPU seconds so far by pid, their CPU over the idle time. */
    private static final class Group {
        final Map<Long, Double> cpu = new LinkedHashMap<>();
        double rss;
        double pss;
        double idleCpu;
    }

    private final Options options;
    private final List<String> output = Collections.synchronizedList(new ArrayList<>());
    private long startedNanos;

    private StackFootprint(Options options) {
        this.options = options;
    }

    public static void main(String[] args) throws Exception {
        StackFootprint bench = new StackFootprint(Options.parse(args));
        Path root = HostBatches.root();
        Path dir = Files.createDirectories(root.resolve("bench/target/footprint-stack"));
        Path home = Files.createTempDirectory("vigil-footprint-");
        int status = 1;
        try {
            Process up = bench.start(root, home, dir.resolve("vigil-up.log"));
            // Also on Ctrl-C of the bench: nothing of this run may outlive it.
            Thread cleanup = new Thread(() -> killAll(up), "bench-cleanup");
            Runtime.getRuntime().addShutdownHook(cleanup);
            status = bench.run(up, new VigilHome(root, home.resolve("data"))) ? 0 : 1;
            killAll(up);
        } catch (Exception e) {
            e.printStackTrace();
        } finally {
            deleteTree(home);
        }
        System.exit(status);
    }

    /** What is still alive of the run, killed; descendants first, since the launcher's death re-parents them. */
    private static void killAll(Process up) {
        if (up.isAlive()) {
            up.toHandle().descendants().forEach(ProcessHandle::destroyForcibly);
            up.destroyForcibly();
        }
    }

    /** Starts {@code bash vigil up} with every port free and VIGIL_SKIP_BUILD=1 (bench/run has built it). */
    private Process start(Path root, Path home, Path log) throws IOException {
        ProcessBuilder pb = new ProcessBuilder("bash", root.resolve("vigil").toString(), "up").directory(root.toFile())
                .redirectErrorStream(true);
        pb.environment().put("VIGIL_HOME", home.resolve("data").toString());
        pb.environment().put("VIGIL_SKIP_BUILD", "1");
        for (String name : PORTS) {
            pb.environment().put(name, Integer.toString(freePort()));
        }
        startedNanos = System.nanoTime();
        Process up = pb.start();
        Thread reader = new Thread(() -> copy(up, log), "vigil-up-output");
        reader.setDaemon(true);
        reader.start();
        return up;
    }

    private void copy(Process up, Path log) {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(up.getInputStream(), StandardCharsets.UTF_8));
                PrintWriter out = new PrintWriter(Files.newBufferedWriter(log, StandardCharsets.UTF_8), true)) {
            String line;
            while ((line = in.readLine()) != null) {
                output.add(line);
                out.println(line);
            }
        } catch (IOException e) {
            // The launcher is gone.
        }
    }

    private boolean run(Process up, VigilHome home) throws Exception {
        String loadAtStart = Proc.loadAverage();
        long deadline = System.nanoTime() + Duration.ofMinutes(5).toNanos();
        Optional<String> ready = Optional.empty();
        while (ready.isEmpty()) {
            if (!up.isAlive() || System.nanoTime() > deadline) {
                throw new IllegalStateException((up.isAlive() ? "no \"Vigil is up\" after 5 minutes" : "vigil up exited")
                        + "; its output:\n" + String.join("\n", output));
            }
            synchronized (output) {
                ready = output.stream().filter(l -> l.contains("Vigil is up")).findFirst();
            }
            Thread.sleep(50);
        }
        double upSeconds = (System.nanoTime() - startedNanos) / 1e9;
        log("%s after %.1f s; idle for %s", ready.get(), upSeconds, Durations.format(options.idle()));

        Map<String, Group> before = groups(up, home);
        Thread.sleep(options.idle().toMillis());
        if (!up.isAlive()) {
            throw new IllegalStateException("vigil up exited while idle; its output:\n" + String.join("\n", output));
        }
        Map<String, Group> groups = groups(up, home);
        for (Map.Entry<String, Group> e : groups.entrySet()) {
            Group b = before.get(e.getKey());
            // A process started while idle (a PostgreSQL backend, a restarted service) counts from zero.
            e.getValue().cpu.forEach((pid, seconds) -> e.getValue().idleCpu +=
                    seconds - (b == null ? 0 : b.cpu.getOrDefault(pid, 0.0)));
        }

        Optional<ProcessHandle> postmaster = postmaster(home);
        List<ProcessHandle> all = Stream.of(Stream.of(up.toHandle()), up.toHandle().descendants(), postmaster.stream(),
                postmaster.stream().flatMap(ProcessHandle::descendants)).flatMap(s -> s).toList();
        long stopStart = System.nanoTime();
        up.destroy(); // SIGTERM
        boolean exited = up.waitFor(90, TimeUnit.SECONDS);
        double launcherExit = (System.nanoTime() - stopStart) / 1e9;
        long goneDeadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() < goneDeadline && all.stream().anyMatch(ProcessHandle::isAlive)) {
            Thread.sleep(20);
        }
        double allGone = (System.nanoTime() - stopStart) / 1e9;
        List<ProcessHandle> left = all.stream().filter(ProcessHandle::isAlive).toList();
        left.forEach(ProcessHandle::destroyForcibly);

        report(loadAtStart, ready.get(), upSeconds, options.idle(), groups, exited, launcherExit, allGone, left);
        return exited && left.isEmpty();
    }

    /**
     * The processes under the launcher by role, with their RSS, PSS and CPU seconds so far. PostgreSQL is found from its pid file: pg_ctl daemonizes the postmaster,
     * so it is not the launcher's descendant.
     */
    private static Map<String, Group> groups(Process up, VigilHome home) {
        Map<String, Group> groups = new LinkedHashMap<>();
        Map<Long, String> role = new LinkedHashMap<>();
        role.put(up.pid(), "launcher");
        up.toHandle().descendants().forEach(p -> role.put(p.pid(), roleOf(p.pid())));
        postmaster(home).ifPresent(pm -> {
            role.put(pm.pid(), "postgresql");
            pm.descendants().forEach(p -> role.put(p.pid(), "postgresql"));
        });
        role.forEach((pid, name) -> {
            double rss = Proc.rssMb(pid);
            if (Double.isNaN(rss)) {
                return; // exited meanwhile
            }
            Group g = groups.computeIfAbsent(name, n -> new Group());
            g.rss += rss;
            g.pss += Proc.pssMb(pid);
            g.cpu.put(pid, Proc.cpuSeconds(pid));
        });
        return groups;
    }

    private static String roleOf(long pid) {
        String cmd = Proc.commandLine(pid);
        Matcher service = SERVICE_JAR.matcher(cmd);
        if (service.find()) {
            return service.group(1);
        }
        if (cmd.contains("kafka.Kafka")) {
            return "kafka";
        }
        if (cmd.contains("postgres")) {
            return "postgresql";
        }
        return "other: " + (cmd.length() > 40 ? cmd.substring(0, 40) + "…" : cmd);
    }

    private static Optional<ProcessHandle> postmaster(VigilHome home) {
        try (Stream<String> lines = Files.lines(home.postgresDataDir().resolve("postmaster.pid"))) {
            return lines.findFirst().map(String::trim).filter(s -> s.matches("\\d+")).map(Long::parseLong)
                    .flatMap(ProcessHandle::of);
        } catch (IOException | java.io.UncheckedIOException e) {
            return Optional.empty();
        }
    }

    private void report(String loadAtStart, String readyLine, double upSeconds, Duration idle,
            Map<String, Group> groups, boolean exited, double launcherExit, double allGone, List<ProcessHandle> left) {
        System.out.printf(Locale.ROOT, "stack             ./vigil up, default config, fresh VIGIL_HOME: \"Vigil is up\" %.1f s after the script started (the launcher's own clock: %s)%n",
                upSeconds, readyLine.replaceAll(".*\\(([0-9.]+ s)\\).*", "$1"));
        StringBuilder steps = new StringBuilder();
        synchronized (output) {
            for (String line : output) {
                Matcher m = READY.matcher(line);
                if (m.find() && !line.contains("Vigil is up")) {
                    String what = m.group(1).replaceAll(" (ready|started|up)\\b.*", "");
                    steps.append(steps.length() == 0 ? "" : ", ").append(what).append(' ').append(m.group(2));
                }
            }
        }
        System.out.printf(Locale.ROOT, "  ready, each from its own start: %s%n", steps);
        System.out.printf(Locale.ROOT, "after %-11s %-20s %5s %9s %9s %14s%n", Durations.format(idle) + " idle", "process", "pids",
                "RSS MB", "PSS MB", "CPU % of core");
        Group total = new Group();
        groups.entrySet().stream().sorted(Comparator.comparing(e -> order(e.getKey()))).forEach(e -> {
            Group g = e.getValue();
            row(e.getKey(), g, idle);
            total.cpu.putAll(g.cpu);
            total.rss += g.rss;
            total.pss += g.pss;
            total.idleCpu += g.idleCpu;
        });
        row("total", total, idle);
        System.out.printf(Locale.ROOT, "stop              SIGTERM: the launcher %s, every process gone after %.1f s%s%n",
                exited ? String.format(Locale.ROOT, "exited after %.1f s", launcherExit) : "did NOT exit within 90 s", allGone,
                left.isEmpty() ? "" : "; still alive and killed: " + left.stream().map(p -> roleOf(p.pid()) + " " + p.pid()).toList());
        System.out.printf(Locale.ROOT, "load average      %s at start, %s at end (1/5/15 min)%n", loadAtStart, Proc.loadAverage());
    }

    private static void row(String name, Group g, Duration idle) {
        System.out.printf(Locale.ROOT, "                  %-20s %5d %9.0f %9.0f %14.2f%n", name, g.cpu.size(), g.rss, g.pss,
                100 * g.idleCpu / (idle.toMillis() / 1000.0));
    }

    /** Launcher, infrastructure, then the services by name. */
    private static String order(String role) {
        return switch (role) {
            case "launcher" -> "0";
            case "kafka" -> "1";
            case "postgresql" -> "2";
            default -> "3" + role;
        };
    }

    private static void deleteTree(Path dir) {
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            log("could not delete %s: %s", dir, e);
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    private static void log(String format, Object... args) {
        System.err.printf(Locale.ROOT, format + "%n", args);
    }
}
