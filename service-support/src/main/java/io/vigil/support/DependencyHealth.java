package io.vigil.support;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicReference;
import org.jboss.logging.Logger;

/**
 * Whether a dependency (a database, say) answered the last operation that used it: the first
 * failure is logged with what it means, later ones at debug, the recovery with how long it took.
 * Readiness checks read {@link #failure()}. Services extend it as a bean named for what they watch.
 */
public class DependencyHealth {

    /** The failure in progress: since when, and why (exception type and message, never a password). */
    public record Failure(Instant since, String cause) {
    }

    private static final Logger LOG = Logger.getLogger(DependencyHealth.class);

    private final String what;
    private final String meanwhile;
    private final AtomicReference<Failure> failure = new AtomicReference<>();

    /**
     * @param what the dependency as logs name it ({@code delivery log})
     * @param meanwhile what happens while it fails, for the first warning ({@code retrying until it answers})
     */
    protected DependencyHealth(String what, String meanwhile) {
        this.what = what;
        this.meanwhile = meanwhile;
    }

    public void failed(String operation, Throwable t) {
        String cause = operation + ": " + t.getClass().getSimpleName() + (t.getMessage() == null ? "" : ": " + t.getMessage());
        Failure previous = failure.getAndUpdate(f -> new Failure(f == null ? Instant.now() : f.since(), cause));
        if (previous == null) {
            LOG.warnf("%s unavailable cause=%s (%s)", what, cause, meanwhile);
        } else {
            LOG.debugf("%s still unavailable cause=%s", what, cause);
        }
    }

    public void succeeded() {
        Failure previous = failure.getAndSet(null);
        if (previous != null) {
            LOG.infof("%s available again after=%s", what, Duration.between(previous.since(), Instant.now()));
        }
    }

    /** The failure in progress, or null when the last operation succeeded. */
    public Failure failure() {
        return failure.get();
    }
}
