package io.vigil.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.vigil.test.mattermost.MattermostFake;
import io.vigil.test.mattermost.ReceivedPost;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ./vigil up} as a user runs it: the real script, embedded Kafka and PostgreSQL, all four
 * services, a route to a (fake) Mattermost webhook, a health check; then {@code ./vigil token}, the
 * alert and check APIs, a service killed and restarted while the rest keeps running, the Grafana dashboards'
 * metrics on the services' {@code /q/metrics}, and a Ctrl-C
 * that must leave nothing of Vigil's running. A build started with SIGINT ignored (a plain {@code &} from a script) cannot deliver a
 * Ctrl-C to any JVM below it; the test then stops {@code vigil up} with SIGTERM and says so.
 */
class VigilUpIT {

    private static final Path ROOT = Path.of(System.getProperty("vigil.root", "..")).toAbsolutePath().normalize();

    @TempDir
    Path home;

    /** Set as soon as vigil up is started; stops whatever of the run is left, however the test ended. */
    private VigilUpCleanup cleanup;

    @AfterEach
    void nothingOfTheRunIsLeft() {
        if (cleanup != null) {
            assertThat(cleanup.stopAll()).as("processes left running by vigil up after the cleanup").isEmpty();
        }
    }

    @Test
    void upDeliversOnePostServesTheApisRestartsAKilledServiceAndStopsCleanlyOnCtrlC() throws Exception {
        try (MattermostFake mattermost = MattermostFake.start()) {
            String hook = mattermost.createHook("town-square");
            Path config = Files.writeString(home.resolve("breach.yaml"), """
                    collector:
                      interval: 1s
                    rules:
                      - name: memory-present
                        metric: host_memory_total_bytes
                        warning: {above: 1, for: 0s}
                        summary: "{host} has {value} bytes of memory"
                    checks:
                      - name: vigil-alert
                        type: http
                        url: http://127.0.0.1:${VIGIL_ALERT_PORT}/q/health/ready
                        interval: 1s
                    routes:
                      # Only the metric rule: this test counts its posts, whatever the check's results do.
                      - name: memory
                        match: {rule: memory-present}
                        mattermost:
                          webhook-url: ${VIGIL_MM_TEST}
                    """);
            Map<String, String> env = new HashMap<>();
            env.put("VIGIL_HOME", home.resolve("data").toString());
            env.put("VIGIL_SKIP_BUILD", "1");
            env.put("VIGIL_MM_TEST", mattermost.hookUrl(hook));
            env.put("VIGIL_LIVENESS_GRACE", "10s");
            for (String name : List.of("VIGIL_PG_PORT", "VIGIL_KAFKA_PORT", "VIGIL_KAFKA_CONTROLLER_PORT",
                    "VIGIL_ALERT_PORT", "VIGIL_COLLECTOR_PORT", "VIGIL_NOTIFIER_PORT", "VIGIL_HEALTH_PORT",
                    "VIGIL_DOMAIN_PORT")) {
                env.put(name, Integer.toString(ServiceProcess.freePort()));
            }
            int alertPort = Integer.parseInt(env.get("VIGIL_ALERT_PORT"));
            int healthPort = Integer.parseInt(env.get("VIGIL_HEALTH_PORT"));
            int domainPort = Integer.parseInt(env.get("VIGIL_DOMAIN_PORT"));
            int notifierPort = Integer.parseInt(env.get("VIGIL_NOTIFIER_PORT"));

            ProcessBuilder pb = new ProcessBuilder("bash", ROOT.resolve("vigil").toString(), "up", "--config", config.toString())
                    .directory(ROOT.toFile()).redirectErrorStream(true);
            pb.environment().putAll(env);
            Process up = pb.start();
            cleanup = new VigilUpCleanup(up, home, home.resolve("data/postgres/data"));
            List<String> output = Collections.synchronizedList(new ArrayList<>());
            Thread reader = new Thread(() -> ProcessIo.readLines(up, output), "vigil-up-output");
            reader.start();
            try {
                await("vigil up reports ready").atMost(Duration.ofSeconds(150))
                        .failFast("vigil up exited:\n" + String.join("\n", output), () -> !up.isAlive())
                        .until(() -> output.stream().anyMatch(l -> l.contains("Vigil is up")));
                // The URLs come after the ready line; the reader thread may not have them yet.
                await("vigil up prints its URLs").atMost(Duration.ofSeconds(10))
                        .until(() -> output.stream().anyMatch(l -> l.startsWith("Ctrl-C")));
                List<ProcessHandle> children = up.toHandle().descendants().toList();
                List<ProcessHandle> firstChildren = children;
                assertThat(output).anyMatch(l -> l.contains("postgres  jdbc:postgresql://127.0.0.1:")
                        && l.contains("roles vigil_alert owns alert, vigil_notifier owns notifier, vigil_health owns health, vigil_domain owns domain"));
                assertThat(output).anyMatch(l -> l.startsWith("✔ health-service ready on " + healthPort));
                assertThat(output).anyMatch(l -> l.contains("checks     http://localhost:" + healthPort + "/api/checks")
                        && l.contains("HEALTH_ALLOW_PRIVATE_TARGETS=true"));
                assertThat(output).anyMatch(l -> l.startsWith("✔ domain-service ready on " + domainPort));
                assertThat(output).anyMatch(l -> l.contains("domains    http://localhost:" + domainPort + "/api/domains"));
                assertThat(output).anyMatch(l -> l.contains("routes     http://localhost:" + notifierPort + "/api/routes"));
                // Kafka and the five services (pg_ctl daemonizes PostgreSQL).
                assertThat(children).hasSizeGreaterThanOrEqualTo(6);

                // One valid post within 30 s of ready (the fake refuses posts that break Mattermost's contract).
                await("first post").atMost(Duration.ofSeconds(30)).until(() -> mattermost.posts(hook).size() >= 1);
                ReceivedPost post = mattermost.posts(hook).get(0);
                assertThat(post.rawBody()).contains("memory-present").contains("bytes of memory");

                // Later ticks keep breaching: the alert is already firing, so they post nothing more.
                double evaluated = evaluatedBatches(alertPort);
                await("three more evaluated batches").atMost(Duration.ofSeconds(30))
                        .until(() -> evaluatedBatches(alertPort) >= evaluated + 3);
                assertThat(mattermost.posts(hook)).hasSize(1);

                // SIGKILL one service: it is restarted and ready again, the others keep their processes.
                ProcessHandle collector = service(up, "collector-service");
                ProcessHandle alert = service(up, "alert-service");
                ProcessHandle notifier = service(up, "notifier-service");
                ProcessHandle health = service(up, "health-service");
                ProcessHandle domain = service(up, "domain-service");
                collector.destroyForcibly();
                await("collector-service ready again").atMost(Duration.ofSeconds(90))
                        .failFast("vigil up exited:\n" + String.join("\n", output), () -> !up.isAlive())
                        .until(() -> output.stream().anyMatch(l -> l.startsWith("✔ collector-service ready again on ")));
                assertThat(output).anyMatch(l -> l.startsWith("✘ collector-service exited (exit 137); restarting in 1 s (restart 1)"));
                ProcessHandle restarted = service(up, "collector-service");
                assertThat(restarted.pid()).isNotEqualTo(collector.pid());
                assertThat(alert.isAlive()).as("alert-service kept running").isTrue();
                assertThat(notifier.isAlive()).as("notifier-service kept running").isTrue();
                assertThat(health.isAlive()).as("health-service kept running").isTrue();
                assertThat(domain.isAlive()).as("domain-service kept running").isTrue();
                assertThat(service(up, "alert-service").pid()).isEqualTo(alert.pid());
                assertThat(output).noneMatch(l -> l.contains("stopping everything"));
                assertThat(Files.readString(home.resolve("data/run/collector-service.pid")))
                        .startsWith(restarted.pid() + " ");
                await("alert-service still evaluates").atMost(Duration.ofSeconds(30))
                        .until(() -> evaluatedBatches(alertPort) >= evaluated + 5);

                String token = lastLine(runVigil(env, "token", "--role", "viewer"));
                HttpClient http = HttpClient.newHttpClient();
                HttpResponse<String> withToken = http.send(HttpRequest.newBuilder(
                                URI.create("http://127.0.0.1:" + alertPort + "/api/alerts"))
                        .header("Authorization", "Bearer " + token).build(), HttpResponse.BodyHandlers.ofString());
                assertThat(withToken.statusCode()).isEqualTo(200);
                assertThat(withToken.body()).contains("\"rule\":\"memory-present\"").contains("\"state\":\"firing\"");
                HttpResponse<String> without = http.send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + alertPort + "/api/alerts")).build(), HttpResponse.BodyHandlers.ofString());
                assertThat(without.statusCode()).isEqualTo(401);

                // The check of the config file runs against the alert-service's readiness (loopback: allowed in
                // the embedded run), finds it UP, and its results are kept in the health schema.
                URI results = URI.create("http://127.0.0.1:" + healthPort + "/api/checks/vigil-alert/results");
                await("a stored UP result of the check").atMost(Duration.ofSeconds(30)).until(() -> http.send(
                        HttpRequest.newBuilder(results).header("Authorization", "Bearer " + token).build(),
                        HttpResponse.BodyHandlers.ofString()).body()
                        .matches("(?s).*\"check\":\"vigil-alert\",\"seq\":\\d+,\"checked_at\":\"[^\"]+\",\"status\":\"up\".*"));
                assertThat(http.send(HttpRequest.newBuilder(results).build(), HttpResponse.BodyHandlers.ofString())
                        .statusCode()).isEqualTo(401);

                // The domain-service answers with the same token, and a viewer may not add a domain.
                URI domains = URI.create("http://127.0.0.1:" + domainPort + "/api/domains");
                HttpResponse<String> list = http.send(HttpRequest.newBuilder(domains)
                        .header("Authorization", "Bearer " + token).build(), HttpResponse.BodyHandlers.ofString());
                assertThat(list.statusCode()).isEqualTo(200);
                assertThat(list.body()).startsWith("[");
                assertThat(http.send(HttpRequest.newBuilder(domains).header("Authorization", "Bearer " + token)
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString("{\"name\": \"example.org\"}")).build(),
                        HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(403);

                // The dashboard: `open` prints its URL with a token in the fragment; the page is served
                // without one, and its Checks page reads this run's health-service through the alert-service.
                assertThat(output).anyMatch(l -> l.contains("dashboard  http://localhost:" + alertPort + "/")
                        && l.contains("./vigil open"));
                String link = lastLine(runVigil(env, "open", "--print", "--role", "viewer"));
                assertThat(link).startsWith("http://localhost:" + alertPort + "/#token=");
                HttpResponse<String> page = http.send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + alertPort + "/")).build(), HttpResponse.BodyHandlers.ofString());
                assertThat(page.statusCode()).isEqualTo(200);
                assertThat(page.body()).contains("assets/app.js");
                String fromLink = link.substring(link.indexOf("#token=") + "#token=".length());
                HttpResponse<String> checks = http.send(HttpRequest.newBuilder(
                                URI.create("http://127.0.0.1:" + alertPort + "/api/sources/health/checks"))
                        .header("Authorization", "Bearer " + fromLink).build(), HttpResponse.BodyHandlers.ofString());
                assertThat(checks.statusCode()).isEqualTo(200);
                assertThat(checks.body()).contains("vigil-alert");

                // The notifier's API takes the same tokens: deliveries for a viewer, routes for admins only.
                URI deliveries = URI.create("http://127.0.0.1:" + notifierPort + "/api/deliveries");
                HttpResponse<String> delivered = http.send(HttpRequest.newBuilder(deliveries)
                        .header("Authorization", "Bearer " + token).build(), HttpResponse.BodyHandlers.ofString());
                assertThat(delivered.statusCode()).isEqualTo(200);
                assertThat(delivered.body()).startsWith("[");
                assertThat(http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + notifierPort + "/api/routes"))
                        .header("Authorization", "Bearer " + token).build(), HttpResponse.BodyHandlers.ofString())
                        .statusCode()).isEqualTo(403);

                // The provisioned Grafana dashboards query only metrics that these services expose, now that
                // they have evaluated, posted, checked and served requests (issue 12, acceptance 3).
                List<URI> metrics = new ArrayList<>();
                for (String port : List.of("VIGIL_ALERT_PORT", "VIGIL_COLLECTOR_PORT", "VIGIL_NOTIFIER_PORT",
                        "VIGIL_HEALTH_PORT", "VIGIL_DOMAIN_PORT")) {
                    metrics.add(URI.create("http://127.0.0.1:" + env.get(port) + "/q/metrics"));
                }
                GrafanaDashboards.assertEveryQueriedMetricIsExposed(ROOT, metrics);

                // Ctrl-C, or SIGTERM where this build cannot deliver SIGINT.
                children = up.toHandle().descendants().toList();
                String signal = stopSignal();
                new ProcessBuilder("kill", "-" + signal, Long.toString(up.pid())).start().waitFor();
                assertThat(up.waitFor(60, TimeUnit.SECONDS)).as("vigil up exits after SIG" + signal).isTrue();
                assertThat(output).anyMatch(l -> l.startsWith("✔ stopped"));
                List<ProcessHandle> lastChildren = children;
                await("children gone").atMost(Duration.ofSeconds(20))
                        .until(() -> lastChildren.stream().noneMatch(ProcessHandle::isAlive)
                                && firstChildren.stream().noneMatch(ProcessHandle::isAlive));
                assertThat(processesMentioning(home.toString())).as("processes still using " + home).isEmpty();
                assertNoSecretIn(home.resolve("data"), output);
                for (String name : env.keySet()) {
                    if (name.endsWith("_PORT")) {
                        assertThat(ProcessIo.listening(Integer.parseInt(env.get(name)))).as(name + " still listening").isFalse();
                    }
                }
            } finally {
                // Whatever failed: SIGTERM and a bounded wait first, so that vigil up stops PostgreSQL (which
                // pg_ctl daemonized: a SIGKILL of vigil up would leave it running), then the rest by force.
                // Failures are reported by nothingOfTheRunIsLeft(), without hiding the test's own.
                cleanup.stopAll();
                reader.join(5000);
            }
        }
    }

    /** The generated database passwords appear in no log and nowhere on the console. */
    private static void assertNoSecretIn(Path data, List<String> output) throws IOException {
        List<Path> secrets;
        try (var files = Files.list(data.resolve("secrets"))) {
            secrets = files.filter(f -> f.toString().endsWith(".password")).toList();
        }
        // The superuser's and one per storing service.
        assertThat(secrets).hasSizeGreaterThanOrEqualTo(4);
        List<Path> logs;
        try (var files = Files.walk(data.resolve("logs"))) {
            logs = files.filter(Files::isRegularFile).toList();
        }
        for (Path secret : secrets) {
            String password = Files.readString(secret).strip();
            assertThat(String.join("\n", output)).as("console").doesNotContain(password);
            for (Path log : logs) {
                assertThat(new String(Files.readAllBytes(log), StandardCharsets.ISO_8859_1)).as(log + " mentions " + secret)
                        .doesNotContain(password);
            }
        }
    }

    /**
     * INT as Ctrl-C sends it, unless this JVM has SIGINT ignored: then so has every process it starts,
     * and only TERM can stop {@code vigil up}.
     */
    static String stopSignal() {
        if (sigintIgnored()) {
            System.out.println("SIGINT is ignored in this build (started with a plain '&'?), so no JVM below it"
                    + " can see Ctrl-C: stopping vigil up with SIGTERM instead");
            return "TERM";
        }
        return "INT";
    }

    /** Bit 2 (mask 0x2) of {@code SigIgn} in /proc/self/status. */
    static boolean sigintIgnored() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("SigIgn:")) {
                    return (Long.parseUnsignedLong(line.substring(7).trim(), 16) & (1L << (2 - 1))) != 0;
                }
            }
        } catch (IOException e) {
            // no /proc: assume signals as usual
        }
        return false;
    }

    /** The live JVM of one service below {@code vigil up}, found by its jar. */
    static ProcessHandle service(Process up, String name) {
        String jar = name + "/target/quarkus-app/quarkus-run.jar";
        List<ProcessHandle> found = up.toHandle().descendants()
                .filter(p -> p.isAlive() && p.info().commandLine().map(c -> c.contains(jar)).orElse(false))
                .toList();
        assertThat(found).as("processes running " + jar).hasSize(1);
        return found.get(0);
    }

    private static double evaluatedBatches(int alertPort) throws IOException, InterruptedException {
        String metrics = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + alertPort + "/q/metrics")).build(), HttpResponse.BodyHandlers.ofString()).body();
        Matcher m = Pattern.compile("(?m)^vigil_metric_batches_total\\{[^}]*outcome=\"evaluated\"[^}]*} (\\S+)$").matcher(metrics);
        return m.find() ? Double.parseDouble(m.group(1)) : 0;
    }

    private static List<String> runVigil(Map<String, String> env, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of("bash", ROOT.resolve("vigil").toString()));
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command).directory(ROOT.toFile()).redirectError(ProcessBuilder.Redirect.DISCARD);
        pb.environment().putAll(env);
        Process p = pb.start();
        List<String> lines = new ArrayList<>();
        ProcessIo.readLines(p, lines);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as("vigil %s exit code; output %s", String.join(" ", args), lines).isZero();
        return lines;
    }

    private static String lastLine(List<String> lines) {
        assertThat(lines).isNotEmpty();
        return lines.get(lines.size() - 1).trim();
    }

    private static List<String> processesMentioning(String text) {
        return ProcessHandle.allProcesses()
                .filter(p -> p.info().commandLine().map(c -> c.contains(text)).orElse(false))
                .map(p -> p.pid() + " " + p.info().commandLine().orElse(""))
                .toList();
    }
}
