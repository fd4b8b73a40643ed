package io.vigil.health.service;

import io.smallrye.mutiny.Uni;
import io.vigil.config.CheckConfig;
import io.vigil.config.HeartbeatCheck;
import io.vigil.events.HealthResult;
import io.vigil.health.heartbeat.DuplicatiReport;
import io.vigil.health.heartbeat.DuplicatiReports;
import io.vigil.health.heartbeat.RateLimiter;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Optional;

/**
 * A call of {@code /api/heartbeats/{token}}: rate limits (per client address, then per token),
 * finds the check, reads a Duplicati report when the check expects one, records the call and
 * publishes the verdict it leads to. An unknown token records nothing.
 */
@ApplicationScoped
public class HeartbeatService {

    /** How a call ended. */
    public enum Outcome {
        ACCEPTED, UNKNOWN_TOKEN, RATE_LIMITED, BAD_REPORT;

        public String label() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /** What the endpoint answers: the outcome, the check (when found), the result (when one was published), why not. */
    public record Answer(Outcome outcome, String check, HealthResult result, String problem) {
    }

    private final PushChecks push;
    private final CheckRunner runner;
    private final HealthMetrics metrics;
    private final RateLimiter perClient = RateLimiter.perClient(System::nanoTime);
    private final RateLimiter perToken = RateLimiter.perToken(System::nanoTime);

    public HeartbeatService(PushChecks push, CheckRunner runner, HealthMetrics metrics) {
        this.push = push;
        this.runner = runner;
        this.metrics = metrics;
    }

    public Uni<Answer> call(String token, String client, String contentType, String body) {
        if (!perClient.tryAcquire(client == null ? "unknown" : client)) {
            return done(new Answer(Outcome.RATE_LIMITED, null, null, "too many calls from this address"));
        }
        Optional<CheckConfig> found = push.byToken(token);
        if (found.isEmpty()) {
            return done(new Answer(Outcome.UNKNOWN_TOKEN, null, null, "no check has this token"));
        }
        CheckConfig check = found.get();
        // Keyed by check, not token text: the bucket must not outlive a token change, nor hold the secret.
        if (!perToken.tryAcquire(check.name())) {
            return done(new Answer(Outcome.RATE_LIMITED, check.name(), null, "too many calls for this check"));
        }
        DuplicatiReport report = null;
        if (((HeartbeatCheck) check.kind()).duplicati() && body != null && !body.isBlank()) {
            try {
                report = DuplicatiReports.parse(contentType, body);
            } catch (IllegalArgumentException e) {
                return done(new Answer(Outcome.BAD_REPORT, check.name(), null, e.getMessage()));
            }
        }
        return push.called(check, report).map(verdict -> new Answer(Outcome.ACCEPTED, check.name(),
                verdict.map(v -> runner.record(check, v)).orElse(null), null))
                .invoke(a -> metrics.heartbeat(a.outcome().label()));
    }

    private Uni<Answer> done(Answer answer) {
        metrics.heartbeat(answer.outcome().label());
        return Uni.createFrom().item(answer);
    }
}
