package io.vigil.config;

import java.time.Duration;
import java.util.Map;
import java.util.Objects;

/**
 * A health check from the {@code checks:} section (or the health-service API): what every kind
 * shares here, the kind's own settings in {@link #kind()}.
 *
 * @param name unique, letters/digits/{@code -_.}: the check id on {@code health-results}
 * @param interval how often the check runs (push kinds: how often their verdict is re-evaluated)
 * @param timeout how long one run may take before it counts as DOWN
 * @param retries runs repeated at once after a failure before DOWN is declared (0: none)
 * @param labels copied onto every result; alert rules match on them
 * @param severity the severity an alert for this check takes; null: the rule's
 */
public record CheckConfig(
        String name,
        CheckKind kind,
        Duration interval,
        Duration timeout,
        int retries,
        Map<String, String> labels,
        String severity) {

    public static final Duration DEFAULT_INTERVAL = Duration.ofSeconds(60);
    public static final Duration MIN_INTERVAL = Duration.ofSeconds(1);
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);
    public static final int MAX_RETRIES = 5;

    public CheckConfig {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(kind, "kind");
        interval = interval == null ? DEFAULT_INTERVAL : interval;
        timeout = timeout == null ? DEFAULT_TIMEOUT : timeout;
        labels = labels == null ? Map.of() : Map.copyOf(labels);
    }

    /** The {@code type:} of the check. */
    public String type() {
        return kind.type();
    }
}
