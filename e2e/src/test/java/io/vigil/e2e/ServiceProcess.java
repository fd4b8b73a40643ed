package io.vigil.e2e;

import io.vigil.launcher.ChildProcess;
import io.vigil.launcher.LogTail;
import io.vigil.launcher.Readiness;
import io.vigil.launcher.ServiceSpec;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * A packaged Vigil service ({@code target/quarkus-app}) running as a child JVM on a random loopback
 * port, started and watched with the launcher's own process handling.
 */
final class ServiceProcess implements AutoCloseable {

    private final ChildProcess process;
    private final int port;

    private ServiceProcess(ChildProcess process, int port) {
        this.process = process;
        this.port = port;
    }

    /**
     * OIDC settings for a service whose API the test does not call: every service with an API needs a
     * verification key to start, and this one is fresh (no token the test could mint matches it).
     */
    static Map<String, String> unusedOidc() {
        try {
            java.security.KeyPairGenerator rsa = java.security.KeyPairGenerator.getInstance("RSA");
            rsa.initialize(2048);
            return Map.of("QUARKUS_OIDC_PUBLIC_KEY",
                    java.util.Base64.getEncoder().encodeToString(rsa.generateKeyPair().getPublic().getEncoded()),
                    "QUARKUS_OIDC_TOKEN_ISSUER", "vigil-e2e");
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static ServiceProcess start(String module, Map<String, String> env, Path logDir) throws IOException {
        return start(module, env, logDir, freePort());
    }

    /** On a given port: a test that restarts a service keeps its address (a browser reconnects to it). */
    static ServiceProcess start(String module, Map<String, String> env, Path logDir, int port) throws IOException {
        Path root = Path.of(System.getProperty("vigil.root", ".."));
        Path jar = root.resolve(module).resolve("target/quarkus-app/quarkus-run.jar").toAbsolutePath();
        if (!Files.exists(jar)) {
            throw new IllegalStateException(jar + " is missing: run the build from the repository root (./mvnw verify)");
        }
        Map<String, String> all = new HashMap<>(ServiceSpec.JVM_ENV);
        all.putAll(env);
        all.put("QUARKUS_HTTP_PORT", Integer.toString(port));
        all.put("QUARKUS_HTTP_HOST", "127.0.0.1");
        // The JVM flags and directory ./vigil up gives the service, so these tests run what users run.
        ChildProcess process = ChildProcess.start(module, ServiceSpec.command(module, jar), all,
                ServiceSpec.workDir(jar), logDir.resolve(module + ".log"));
        return new ServiceProcess(process, port);
    }

    /** Waits for {@code /q/health/ready}; on failure the exception carries the end of the service's log. */
    void awaitReady(Duration timeout) {
        Readiness.await(process, url("/q/health/ready"), timeout).ifPresent(problem -> {
            throw new IllegalStateException(process.name() + " " + problem + "; end of its log:\n" + tail());
        });
    }

    String url(String path) {
        return "http://127.0.0.1:" + port + path;
    }

    /** The whole log so far. */
    String log() {
        try {
            return Files.readString(process.log());
        } catch (IOException e) {
            return "(cannot read " + process.log() + ": " + e.getMessage() + ")";
        }
    }

    String tail() {
        return String.join("\n", LogTail.lastLines(process.log(), 40));
    }

    /** SIGKILL, as a crash or the OOM killer would: no shutdown hook runs. Returns once it has gone. */
    void kill() {
        process.processes().forEach(ProcessHandle::destroyForcibly);
        process.waitForExit(Duration.ofSeconds(30));
    }

    boolean isAlive() {
        return process.isAlive();
    }

    @Override
    public void close() {
        process.stop();
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }
}
