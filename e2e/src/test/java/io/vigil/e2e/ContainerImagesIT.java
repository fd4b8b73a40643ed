package io.vigil.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vigil.launcher.ServiceSpec;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The container images the build writes (issue 12, acceptance 4; README "Container images"): one
 * tar per service, built by Quarkus's Jib extension on the images module's base without a Docker
 * daemon.
 *
 * <p>Every image is read as a runtime would read it: its manifest, config and layers. Then, where
 * podman is installed ({@code .ci/run} installs it with runc), every image is loaded and run as a
 * container on a real Kafka and PostgreSQL, as compose and Kubernetes would run it: read-only root,
 * a tmpfs at /tmp, the config file mounted read-only. Each must become ready, run as the image's
 * unprivileged user, map its class-data archive, answer the image's own health-check command, and
 * stop cleanly on SIGTERM.
 */
class ContainerImagesIT {

    private static final Path ROOT = Path.of(System.getProperty("vigil.root", "..")).toAbsolutePath().normalize();
    private static final String VERSION = System.getProperty("vigil.version", "0.1.0-SNAPSHOT");
    private static final List<String> SERVICES = List.of(
            "collector-service", "health-service", "domain-service", "alert-service", "notifier-service");
    private static final String USER = "10001:10001";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    @TempDir
    Path dir;

    @Test
    void everyServiceHasAnImageThatRunsAsVigilWithItsJvmFlags() throws IOException {
        assumeTrue(Boolean.getBoolean("vigil.images"), "the build skipped the images (-DskipImages)");
        for (String service : SERVICES) {
            Image image = Image.read(imageTar(service));

            assertThat(image.repoTags).as(service).containsExactly("vigil/" + service + ":" + VERSION);
            JsonNode config = image.config.path("config");
            assertThat(config.path("User").asText()).as(service + " user").isEqualTo(USER);
            assertThat(config.path("WorkingDir").asText()).as(service).isEqualTo("/deployments");

            // The launcher's flags for this service (ServiceSpec), the archive, the fast-jar.
            List<String> entrypoint = new ArrayList<>();
            config.path("Entrypoint").forEach(e -> entrypoint.add(e.asText()));
            assertThat(entrypoint).as(service + " entrypoint").startsWith("java").endsWith("-jar", "quarkus-run.jar")
                    .containsAll(ServiceSpec.jvmFlags(service, dir))
                    .contains("-XX:SharedArchiveFile=app-cds.jsa");
            List<String> env = new ArrayList<>();
            config.path("Env").forEach(e -> env.add(e.asText()));
            assertThat(env).as(service).contains("JAVA_HOME=/opt/java");

            // What it holds: the application, the runtime with its default archive, the C library and
            // its loader, the user, the health check.
            assertThat(image.files.keySet()).as(service).contains(
                    "deployments/quarkus-run.jar", "deployments/app-cds.jsa", "deployments/quarkus/quarkus-application.dat",
                    "opt/java/bin/java", "opt/java/lib/server/libjvm.so", "opt/java/lib/server/classes.jsa",
                    "opt/java/lib/modules", "opt/java/lib/security/cacerts",
                    "lib/x86_64-linux-gnu/libc.so.6", "lib64/ld-linux-x86-64.so.2", "etc/passwd",
                    "opt/vigil/probe/io/vigil/images/Probe.class");
            assertThat(image.text("etc/passwd")).as(service).contains("vigil:x:10001:10001:");
            assertThat(image.files.keySet()).as(service + ": no shell, no package manager")
                    .doesNotContain("bin/sh", "bin/bash", "usr/bin/apt", "usr/bin/dpkg");
            // Nothing the service could rewrite: every file is root's and not writable by others (but
            // /tmp, and the user's home, which are for writing).
            assertThat(image.files.values()).as(service).allSatisfy(f -> {
                if (!f.directory() || !Set.of("tmp", "home/vigil").contains(f.name())) {
                    assertThat(f.uid()).as(f.name()).isZero();
                    assertThat(f.mode() & 0002).as(f.name() + " world-writable").isZero();
                }
            });
            assertThat(image.files.get("deployments/quarkus-run.jar").size()).isPositive();
        }
    }

    @Test
    void everyImageStartsAndBecomesReadyInAContainer() throws Exception {
        assumeTrue(Boolean.getBoolean("vigil.images"), "the build skipped the images (-DskipImages)");
        assumeTrue(Podman.installed(), "podman is not installed (.ci/run installs it)");
        Podman podman = new Podman(dir.resolve("podman.log"));
        List<String> loaded = new ArrayList<>();
        Map<String, String> containers = new LinkedHashMap<>();
        try (AlertServiceStack stack = AlertServiceStack.start(dir, "checks: []\n", 1, false)) {
            Path config = dir.resolve("vigil.yaml");
            for (String service : SERVICES) {
                loaded.add(podman.load(imageTar(service)));
            }
            Map<String, Integer> ports = new HashMap<>();
            for (int i = 0; i < SERVICES.size(); i++) {
                String service = SERVICES.get(i);
                int port = ServiceProcess.freePort();
                ports.put(service, port);
                Map<String, String> env = new LinkedHashMap<>(ServiceSpec.JVM_ENV);
                env.putAll(stack.env());
                env.put("VIGIL_CONFIG_FILE", "/etc/vigil/vigil.yaml");
                env.put("QUARKUS_HTTP_HOST", "127.0.0.1");
                env.put("QUARKUS_HTTP_PORT", Integer.toString(port));
                String name = "vigil-it-" + service + "-" + ProcessHandle.current().pid();
                containers.put(service, name);
                podman.run(name, loaded.get(i), env, config);
            }

            for (String service : SERVICES) {
                String name = containers.get(service);
                String ready = "http://127.0.0.1:" + ports.get(service) + "/q/health/ready";
                try {
                    await(service + " ready in its container").atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(500))
                            .until(() -> status(ready) == 200);
                } catch (RuntimeException e) {
                    throw new AssertionError(service + " never became ready; its log:\n" + podman.logs(name), e);
                }
                // The process runs as the image's user, not root.
                long pid = Long.parseLong(podman.inspect(name, "{{.State.Pid}}"));
                assertThat(uid(pid)).as(service + " uid").isEqualTo(10001);
                // The class-data archive was accepted: the JVM maps it (one it refuses, say from another
                // JDK build, is dropped silently and the service starts slower).
                assertThat(Files.readString(Path.of("/proc", Long.toString(pid), "maps")))
                        .as(service + ": app-cds.jsa mapped").contains("/deployments/app-cds.jsa");
                // The health check compose runs in the image (no shell, no curl there).
                Podman.Result probe = podman.exec(name, "java", "-cp", "/opt/vigil/probe", "io.vigil.images.Probe",
                        ":$/q/health/ready");
                assertThat(probe.exit()).as(service + " probe: " + probe.output()).isZero();
                assertThat(probe.output()).contains("200");
            }

            for (String service : SERVICES) {
                String name = containers.get(service);
                podman.stop(name);
                assertThat(podman.inspect(name, "{{.State.ExitCode}}")).as(service + " exit on SIGTERM").isIn("0", "143");
                assertThat(podman.logs(name)).as(service + " shut down cleanly").contains("stopped in");
            }
        } finally {
            for (String name : containers.values()) {
                podman.removeContainer(name);
            }
            for (String image : loaded) {
                podman.removeImage(image);
            }
        }
    }

    private static Path imageTar(String service) {
        Path tar = ROOT.resolve(service).resolve("target/image").resolve(service + ".tar");
        assertThat(tar).as("the images profile writes " + tar).isRegularFile();
        return tar;
    }

    private static int status(String url) {
        try {
            return HTTP.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(3)).build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    private static int uid(long pid) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
            if (line.startsWith("Uid:")) {
                return Integer.parseInt(line.substring(4).trim().split("\\s+")[0]);
            }
        }
        throw new IOException("no Uid line in /proc/" + pid + "/status");
    }

    /** An image tar as {@code docker load} reads it: manifest, config, and every layer's files. */
    private static final class Image {
        List<String> repoTags = new ArrayList<>();
        JsonNode config;
        final Map<String, LayerFile> files = new LinkedHashMap<>();
        private final Map<String, byte[]> small = new HashMap<>();

        static Image read(Path tar) throws IOException {
            Image image = new Image();
            Map<String, byte[]> entries = new HashMap<>();
            Map<String, Path> layers = new HashMap<>();
            Path scratch = Files.createTempDirectory("vigil-image");
            try {
                try (TarArchiveInputStream in = new TarArchiveInputStream(Files.newInputStream(tar))) {
                    for (TarArchiveEntry e = in.getNextEntry(); e != null; e = in.getNextEntry()) {
                        if (e.getName().endsWith(".json")) {
                            entries.put(e.getName(), in.readAllBytes());
                        } else if (e.isFile()) {
                            Path copy = scratch.resolve(Integer.toString(layers.size()));
                            Files.copy(in, copy);
                            layers.put(e.getName(), copy);
                        }
                    }
                }
                JsonNode manifest = JSON.readTree(entries.get("manifest.json")).get(0);
                manifest.path("RepoTags").forEach(t -> image.repoTags.add(t.asText()));
                image.config = JSON.readTree(entries.get(manifest.path("Config").asText()));
                // Later layers win, as in a container's root.
                for (JsonNode layer : manifest.path("Layers")) {
                    Path file = layers.get(layer.asText());
                    assertThat(file).as("layer " + layer + " in " + tar).isNotNull();
                    image.readLayer(file);
                }
                return image;
            } finally {
                try (var walk = Files.walk(scratch)) {
                    walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
                }
            }
        }

        private void readLayer(Path layer) throws IOException {
            try (InputStream raw = Files.newInputStream(layer);
                    TarArchiveInputStream in = new TarArchiveInputStream(new GZIPInputStream(raw))) {
                for (TarArchiveEntry e = in.getNextEntry(); e != null; e = in.getNextEntry()) {
                    String name = e.getName().replaceFirst("^\\./", "").replaceFirst("^/", "").replaceFirst("/$", "");
                    files.put(name, new LayerFile(name, e.isDirectory(), e.getLongUserId(), e.getMode(), e.getSize()));
                    if (e.isFile() && e.getSize() < 64 * 1024) {
                        small.put(name, in.readAllBytes());
                    }
                }
            }
        }

        String text(String name) {
            byte[] bytes = small.get(name);
            assertThat(bytes).as(name).isNotNull();
            return new String(bytes, StandardCharsets.UTF_8);
        }
    }

    private record LayerFile(String name, boolean directory, long uid, int mode, long size) {
    }

    /**
     * The podman CLI. runc where it is installed: on cgroup v1 hosts such as this one crun refuses
     * ("cgroups in hybrid mode not supported"). Limits on open files and processes are set below the
     * host's: podman's defaults raise them, which an unprivileged sandbox refuses.
     */
    private static final class Podman {
        private final Path log;

        Podman(Path log) {
            this.log = log;
        }

        static boolean installed() {
            return Files.isExecutable(Path.of("/usr/bin/podman"));
        }

        record Result(int exit, String output) {
        }

        String load(Path tar) throws IOException, InterruptedException {
            Result r = must(List.of("podman", "load", "-i", tar.toString()), Duration.ofMinutes(3));
            // "Loaded image: localhost/vigil/health-service:0.1.0-SNAPSHOT" (podman prefixes localhost/).
            return r.output().lines().filter(l -> l.startsWith("Loaded image"))
                    .map(l -> l.substring(l.indexOf(':') + 1).trim()).reduce((a, b) -> b)
                    .orElseThrow(() -> new AssertionError("podman load printed no image name: " + r.output()));
        }

        void run(String name, String image, Map<String, String> env, Path config) throws IOException, InterruptedException {
            List<String> command = new ArrayList<>(List.of("podman"));
            if (Files.isExecutable(Path.of("/usr/sbin/runc")) || Files.isExecutable(Path.of("/usr/bin/runc"))) {
                command.addAll(List.of("--runtime", "runc"));
            }
            command.addAll(List.of("run", "-d", "--name", name, "--network", "host", "--read-only", "--tmpfs", "/tmp",
                    "--ulimit", "nofile=8192:8192", "--ulimit", "nproc=4096:4096",
                    "-v", config + ":/etc/vigil/vigil.yaml:ro"));
            env.forEach((k, v) -> command.addAll(List.of("-e", k + "=" + v)));
            command.add(image);
            must(command, Duration.ofMinutes(1));
        }

        Result exec(String name, String... args) throws IOException, InterruptedException {
            List<String> command = new ArrayList<>(List.of("podman", "exec", name));
            command.addAll(List.of(args));
            return run(command, Duration.ofSeconds(60));
        }

        String inspect(String name, String format) throws IOException, InterruptedException {
            return must(List.of("podman", "inspect", "--format", format, name), Duration.ofSeconds(30)).output().trim();
        }

        String logs(String name) throws IOException, InterruptedException {
            return run(List.of("podman", "logs", name), Duration.ofSeconds(30)).output();
        }

        void stop(String name) throws IOException, InterruptedException {
            must(List.of("podman", "stop", "-t", "30", name), Duration.ofSeconds(60));
        }

        void removeContainer(String name) {
            quietly(List.of("podman", "rm", "-f", "-t", "5", name));
        }

        void removeImage(String image) {
            quietly(List.of("podman", "rmi", "-f", image));
        }

        private void quietly(List<String> command) {
            try {
                run(command, Duration.ofSeconds(60));
            } catch (IOException e) {
                // Best effort in a finally: the assertion that failed, if any, is the one to report.
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        private Result must(List<String> command, Duration timeout) throws IOException, InterruptedException {
            Result r = run(command, timeout);
            if (r.exit() != 0) {
                throw new AssertionError(String.join(" ", command.subList(0, Math.min(4, command.size()))) + "… exited with "
                        + r.exit() + ": " + r.output());
            }
            return r;
        }

        private Result run(List<String> command, Duration timeout) throws IOException, InterruptedException {
            Path out = Files.createTempFile("podman", ".out");
            try {
                Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(out.toFile()).start();
                if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                    p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                    throw new AssertionError(command.get(0) + " " + command.get(1) + " took more than " + timeout);
                }
                String output = Files.readString(out);
                Files.writeString(log, "$ " + String.join(" ", command.subList(0, Math.min(3, command.size()))) + "\n" + output,
                        StandardCharsets.UTF_8, java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND);
                return new Result(p.exitValue(), output);
            } finally {
                Files.deleteIfExists(out);
            }
        }
    }
}
