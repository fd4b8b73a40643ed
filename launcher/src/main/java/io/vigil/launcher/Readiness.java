package io.vigil.launcher;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Optional;

/** Polls a service's {@code /q/health/ready} until it answers 200, the process dies, or time runs out; probes liveness. */
public final class Readiness {

    static final Duration POLL_INTERVAL = Duration.ofMillis(200);

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();

    private Readiness() {
    }

    /** Empty when ready; otherwise why not. */
    public static Optional<String> await(ChildProcess process, String healthUrl, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        String last = "no answer";
        HttpRequest request = HttpRequest.newBuilder(URI.create(healthUrl)).timeout(Duration.ofSeconds(2)).GET().build();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                return Optional.of("exited during start-up (exit " + process.exitValue() + ")");
            }
            try {
                int status = HTTP.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
                if (status == 200) {
                    return Optional.empty();
                }
                last = "HTTP " + status;
            } catch (IOException e) {
                last = "no answer";
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return Optional.of("interrupted");
            }
            // Pause, but notice a crash at once; a probe of a port nobody listens on yet costs next to nothing,
            // and each pause is time the whole start may wait.
            process.waitForExit(POLL_INTERVAL);
        }
        return Optional.of("not ready after " + timeout.toSeconds() + " s (last: " + last + ")");
    }

    /** One probe, as an orchestrator's HTTP probe: empty for 200, else what failed ("HTTP 503", "no answer"). */
    public static String probe(String url) {
        HttpRequest request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(2)).GET().build();
        try {
            int status = HTTP.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
            return status == 200 ? "" : "HTTP " + status;
        } catch (IOException e) {
            return "no answer";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted";
        }
    }
}
