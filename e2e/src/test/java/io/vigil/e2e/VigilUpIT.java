package io.vigil.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.vigil.test.mattermost.MattermostFake;
import io.vigil.test.mattermost.ReceivedPost;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetSocketAddress;
import java.net.Socket;
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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ./vigil up} as a user runs it: the real script, embedded Kafka and PostgreSQL, all three
 * services, a route to a (fake) Mattermost webhook; then {@code ./vigil token}, the API, and a
 * Ctrl-C that must leave nothing of Vigil's running.
 */
class VigilUpIT {

    private static final Path ROOT = Path.of(System.getProperty("vigil.root", "..")).toAbsolutePath().normalize();

    @TempDir
    Path home;

    @Test
    void upDeliversOnePostServesTheApiAndStopsCleanlyOnCtrlC() throws Exception {
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
                    routes:
                      - name: everything
                        mattermost:
                          webhook-url: ${VIGIL_MM_TEST}
                    """);
            Map<String, String> env = new HashMap<>();
            env.put("VIGIL_HOME", home.resolve("data").toString());
            env.put("VIGIL_SKIP_BUILD", "1");
            env.put("VIGIL_MM_TEST", mattermost.hookUrl(hook));
            for (String name : List.of("VIGIL_PG_PORT", "VIGIL_KAFKA_PORT", "VIGIL_KAFKA_CONTROLLER_PORT",
                    "VIGIL_ALERT_PORT", "VIGIL_COLLECTOR_PORT", "VIGIL_NOTIFIER_PORT")) {
                env.put(name, Integer.toString(ServiceProcess.freePort()));
            }
            int alertPort = Integer.parseInt(env.get("VIGIL_ALERT_PORT"));

            ProcessBuilder pb = new ProcessBuilder("bash", ROOT.resolve("vigil").toString(), "up", "--config", config.toString())
                    .directory(ROOT.toFile()).redirectErrorStream(true);
            pb.environment().putAll(env);
            Process up = pb.start();
            List<String> output = Collections.synchronizedList(new ArrayList<>());
            Thread reader = new Thread(() -> readLines(up, output), "vigil-up-output");
            reader.start();
            try {
                await("vigil up reports ready").atMost(Duration.ofSeconds(150))
                        .failFast("vigil up exited:\n" + String.join("\n", output), () -> !up.isAlive())
                        .until(() -> output.stream().anyMatch(l -> l.contains("Vigil is up")));
                List<ProcessHandle> children = up.toHandle().descendants().toList();
                assertThat(children).hasSizeGreaterThanOrEqualTo(4);

                // One valid post within 30 s of ready (the fake refuses posts that break Mattermost's contract).
                await("first post").atMost(Duration.ofSeconds(30)).until(() -> mattermost.posts(hook).size() >= 1);
                ReceivedPost post = mattermost.posts(hook).get(0);
                assertThat(post.rawBody()).contains("memory-present").contains("bytes of memory");

                // Later ticks keep breaching: the alert is already firing, so they post nothing more.
                double evaluated = evaluatedBatches(alertPort);
                await("three more evaluated batches").atMost(Duration.ofSeconds(30))
                        .until(() -> evaluatedBatches(alertPort) >= evaluated + 3);
                assertThat(mattermost.posts(hook)).hasSize(1);

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

                // Ctrl-C.
                new ProcessBuilder("kill", "-INT", Long.toString(up.pid())).start().waitFor();
                assertThat(up.waitFor(60, TimeUnit.SECONDS)).as("vigil up exits after SIGINT").isTrue();
                await("children gone").atMost(Duration.ofSeconds(20))
                        .until(() -> children.stream().noneMatch(ProcessHandle::isAlive));
                assertThat(processesMentioning(home.toString())).as("processes still using " + home).isEmpty();
                for (String name : env.keySet()) {
                    if (name.endsWith("_PORT")) {
                        assertThat(listening(Integer.parseInt(env.get(name)))).as(name + " still listening").isFalse();
                    }
                }
            } finally {
                if (up.isAlive()) {
                    up.destroyForcibly();
                    up.toHandle().descendants().forEach(ProcessHandle::destroyForcibly);
                }
                reader.join(5000);
            }
        }
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
        readLines(p, lines);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as("vigil %s exit code; output %s", String.join(" ", args), lines).isZero();
        return lines;
    }

    private static String lastLine(List<String> lines) {
        assertThat(lines).isNotEmpty();
        return lines.get(lines.size() - 1).trim();
    }

    private static void readLines(Process p, List<String> sink) {
        try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = r.readLine()) != null) {
                sink.add(line);
            }
        } catch (IOException e) {
            sink.add("(output closed: " + e.getMessage() + ")");
        }
    }

    private static List<String> processesMentioning(String text) {
        return ProcessHandle.allProcesses()
                .filter(p -> p.info().commandLine().map(c -> c.contains(text)).orElse(false))
                .map(p -> p.pid() + " " + p.info().commandLine().orElse(""))
                .toList();
    }

    private static boolean listening(int port) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 300);
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
