package io.vigil.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import io.vigil.events.Json;
import io.vigil.launcher.ChildProcess;
import io.vigil.launcher.LogTail;
import io.vigil.launcher.Readiness;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * A real Keycloak (the distribution unpacked into target/keycloak by the build) in development mode,
 * as docker-compose.yml runs it: {@code start-dev --import-realm}, on 127.0.0.1 and a free port. The
 * test's copy of the distribution lives in its temp dir, so its H2 database and the dev-mode build
 * never touch target/keycloak. Keycloak 26 needs Java 21+: {@link #javaHome()} finds one.
 */
final class KeycloakServer implements AutoCloseable {

    /** Where the build unpacked the distribution (failsafe sets it; see e2e/pom.xml). */
    static final Path DIST = Path.of(System.getProperty("vigil.keycloak.home", "target/keycloak/keycloak-26.4.7"));
    static final String BOOTSTRAP_ADMIN = "kc-admin";
    static final String BOOTSTRAP_ADMIN_PASSWORD = "kc-admin-e2e";

    private static final Pattern JAVA_VERSION = Pattern.compile("^JAVA_VERSION=\"(\\d+)", Pattern.MULTILINE);
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    private final ChildProcess process;
    private final int port;

    private KeycloakServer(ChildProcess process, int port) {
        this.process = process;
        this.port = port;
    }

    /** A JDK of version 21 or later: this JVM's, else the newest under /usr/lib/jvm; empty when none. */
    static Optional<Path> javaHome() {
        Path self = Path.of(System.getProperty("java.home"));
        if (Runtime.version().feature() >= 21) {
            return Optional.of(self);
        }
        Path jvms = Path.of("/usr/lib/jvm");
        if (!Files.isDirectory(jvms)) {
            return Optional.empty();
        }
        try (Stream<Path> dirs = Files.list(jvms)) {
            return dirs.filter(d -> Files.isExecutable(d.resolve("bin/java")) && featureVersion(d) >= 21)
                    .max(Comparator.comparingInt(KeycloakServer::featureVersion));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    private static int featureVersion(Path jdk) {
        try {
            Matcher m = JAVA_VERSION.matcher(Files.readString(jdk.resolve("release")));
            return m.find() ? Integer.parseInt(m.group(1)) : 0;
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }

    /**
     * Copies the distribution into {@code dir}, puts {@code realmFile} into its data/import and starts
     * it with {@code env} (the realm's placeholders) on a free loopback port. Call {@link #awaitReady}.
     */
    static KeycloakServer start(Path javaHome, Path dir, Path realmFile, Map<String, String> realmEnv) throws IOException {
        if (!Files.exists(DIST.resolve("bin/kc.sh"))) {
            throw new IllegalStateException(DIST + " has no bin/kc.sh: the e2e build unpacks "
                    + "org.keycloak:keycloak-quarkus-dist there (pre-integration-test)");
        }
        Path home = dir.resolve("keycloak");
        copyTree(DIST, home);
        Path imports = Files.createDirectories(home.resolve("data/import"));
        Files.copy(realmFile, imports.resolve(realmFile.getFileName()));
        int port = ServiceProcess.freePort();
        String url = "http://127.0.0.1:" + port;
        Map<String, String> env = new HashMap<>(realmEnv);
        env.put("JAVA_HOME", javaHome.toString());
        // kc.sh's own defaults apply only without JAVA_OPTS; its heap is this one.
        env.put("JAVA", null);
        env.put("JAVA_OPTS", null);
        env.put("JAVA_OPTS_APPEND", null);
        env.put("JAVA_OPTS_KC_HEAP", "-Xms64m -Xmx512m");
        env.put("KC_BOOTSTRAP_ADMIN_USERNAME", BOOTSTRAP_ADMIN);
        env.put("KC_BOOTSTRAP_ADMIN_PASSWORD", BOOTSTRAP_ADMIN_PASSWORD);
        // sh: whether the unpacked kc.sh kept its executable bit does not matter.
        List<String> command = List.of("sh", home.resolve("bin/kc.sh").toString(), "start-dev",
                "--http-host=127.0.0.1", "--http-port=" + port,
                // As compose's KC_HOSTNAME: the issuer is this URL, whoever asks.
                "--hostname=" + url,
                "--import-realm",
                // Health on the main port: no management interface on 9000, which other runs may hold.
                "--health-enabled=true", "--http-management-health-enabled=false");
        Path log = dir.resolve("keycloak.log");
        return new KeycloakServer(ChildProcess.start("keycloak", command, env, home, log), port);
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> all = Files.walk(from)) {
            for (Path p : (Iterable<Path>) all::iterator) {
                Path target = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(p, target, StandardCopyOption.COPY_ATTRIBUTES);
                }
            }
        }
    }

    /** Waits for {@code /health/ready} (after the realm import); on failure the exception carries the end of its log. */
    void awaitReady(Duration timeout) {
        Readiness.await(process, url("/health/ready"), timeout).ifPresent(problem -> {
            throw new IllegalStateException("keycloak " + problem + "; end of its log:\n" + tail());
        });
    }

    String url(String path) {
        return "http://127.0.0.1:" + port + path;
    }

    /** The realm's issuer URL ({@code iss} of its tokens, QUARKUS_OIDC_AUTH_SERVER_URL). */
    String realmUrl(String realm) {
        return url("/realms/" + realm);
    }

    /** POSTs a form to a realm's token endpoint; the answer's JSON (an error answer throws, with its body). */
    JsonNode token(String realm, Map<String, String> form) {
        String body = form.entrySet().stream()
                .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
                        + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
        HttpRequest request = HttpRequest.newBuilder(URI.create(realmUrl(realm) + "/protocol/openid-connect/token"))
                .timeout(Duration.ofSeconds(30)).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
        try {
            HttpResponse<String> response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new IllegalStateException("token request to " + realm + " answered " + response.statusCode()
                        + ": " + response.body());
            }
            return Json.mapper().readTree(response.body());
        } catch (IOException e) {
            throw new IllegalStateException("token request to " + realm + " failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    boolean isAlive() {
        return process.isAlive();
    }

    /** Every process of it (kc.sh execs java; descendants too, should there be any). */
    List<ProcessHandle> processes() {
        return process.processes();
    }

    String tail() {
        return String.join("\n", LogTail.lastLines(process.log(), 40));
    }

    /** SIGTERM, then SIGKILL after the launcher's grace period; returns once every process has gone. */
    @Override
    public void close() {
        process.stop();
    }
}
