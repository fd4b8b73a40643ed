package io.vigil.bench;

import io.vigil.launcher.ChildProcess;
import io.vigil.launcher.LogTail;
import io.vigil.launcher.ServiceSpec;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A packaged service ({@code target/quarkus-app/quarkus-run.jar}) as a child JVM on 127.0.0.1,
 * started with the launcher's {@link ChildProcess}, with its start-up time and resident memory.
 */
final class ChildService implements AutoCloseable {

    final String name;
    private final ChildProcess process;
    private final int port;
    private final long startedNanos;

    private ChildService(String name, ChildProcess process, int port, long startedNanos) {
        this.name = name;
        this.process = process;
        this.port = port;
        this.startedNanos = startedNanos;
    }

    /**
     * The JVM flags {@code ./vigil up} and the e2e tests start {@code module} with (the launcher's
     * {@link ServiceSpec#jvmFlags}: heap ceiling, GC, JIT, and the class-data archive when built).
     */
    static List<String> launcherFlags(String module) {
        return ServiceSpec.jvmFlags(module, ServiceSpec.workDir(jar(module)));
    }

    static ChildService start(String module, Map<String, String> env, Path logDir) throws IOException {
        return start(module, launcherFlags(module), env, logDir);
    }

    private static Path jar(String module) {
        return HostBatches.root().resolve(module).resolve("target/quarkus-app/quarkus-run.jar");
    }

    /** Starts the packaged {@code module} with these JVM flags (figures say which they ran with). */
    static ChildService start(String module, List<String> jvmFlags, Map<String, String> env, Path logDir)
            throws IOException {
        Path jar = jar(module);
        if (!Files.exists(jar)) {
            throw new IllegalStateException(jar + " is missing: build the services first (./mvnw -o package -DskipTests)");
        }
        int port = freePort();
        Map<String, String> all = new HashMap<>(ServiceSpec.JVM_ENV);
        all.putAll(env);
        all.put("QUARKUS_HTTP_PORT", Integer.toString(port));
        all.put("QUARKUS_HTTP_HOST", "127.0.0.1");
        long started = System.nanoTime();
        List<String> command = new ArrayList<>();
        command.add(ChildProcess.javaBinary());
        command.addAll(jvmFlags);
        command.add("-jar");
        command.add(jar.toString());
        // In its quarkus-app directory, as the launcher runs it: the class-data archive names the jar relative to it.
        ChildProcess process = ChildProcess.start(module, command, all, ServiceSpec.workDir(jar),
                logDir.resolve(module + ".log"));
        return new ChildService(module, process, port, started);
    }

    /**
     * Polls {@code /q/health/ready} every 50 ms (finer than the launcher's 500 ms, since the
     * start-up time is a figure here); returns seconds from process start to the first 200.
     */
    double awaitReady(Duration timeout) throws InterruptedException {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
        HttpRequest ready = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/q/health/ready"))
                .timeout(Duration.ofSeconds(2)).build();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException(name + " exited with " + process.exitValue() + "; end of its log:\n" + tail());
            }
            try {
                if (http.send(ready, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return (System.nanoTime() - startedNanos) / 1e9;
                }
            } catch (IOException notYet) {
                // Not listening yet.
            }
            process.waitForExit(Duration.ofMillis(50)); // pause, but notice a crash at once
        }
        throw new IllegalStateException(name + " not ready after " + timeout + "; end of its log:\n" + tail());
    }

    long pid() {
        return process.pid();
    }

    int port() {
        return port;
    }

    boolean isAlive() {
        return process.isAlive();
    }

    /** Resident set size in MB, from {@code /proc/<pid>/status}. */
    double rssMb() throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc", Long.toString(process.pid()), "status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024.0;
            }
        }
        return Double.NaN;
    }

    String tail() {
        return String.join("\n", LogTail.lastLines(process.log(), 40));
    }

    /** SIGTERM, then SIGKILL after the launcher's grace period; safe to call twice (the shutdown hook may). */
    @Override
    public void close() {
        process.stop();
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }
}
