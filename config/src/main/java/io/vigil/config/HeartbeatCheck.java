package io.vigil.config;

import java.time.Duration;
import java.util.Objects;

/**
 * {@code type: heartbeat} or {@code type: duplicati}: a push check. An external job calls
 * {@code /api/heartbeats/{token}}; nothing for {@code period + grace} is DOWN. A {@code duplicati}
 * check reads the backup report Duplicati sends there ({@code --send-http-url}) and counts only
 * successful backups as the heartbeat; a report with errors is DEGRADED, a failed one DOWN.
 *
 * @param token the secret part of the URL; null: the health-service makes one and keeps it
 * @param warningsDegrade a {@code duplicati} report with warnings (and no errors) is DEGRADED
 *     rather than UP
 */
public record HeartbeatCheck(boolean duplicati, Duration period, Duration grace, String token,
        boolean warningsDegrade) implements CheckKind {

    public static final String TYPE = "heartbeat";
    public static final String DUPLICATI = "duplicati";
    public static final Duration MIN_PERIOD = Duration.ofSeconds(1);
    /** Tokens shorter than this could be guessed. */
    public static final int MIN_TOKEN_LENGTH = 16;

    public HeartbeatCheck {
        Objects.requireNonNull(period, "period");
        grace = grace == null ? defaultGrace(period) : grace;
    }

    /** A tenth of the period, at least a second and at most an hour. */
    public static Duration defaultGrace(Duration period) {
        Duration tenth = period.dividedBy(10);
        if (tenth.compareTo(Duration.ofSeconds(1)) < 0) {
            return Duration.ofSeconds(1);
        }
        return tenth.compareTo(Duration.ofHours(1)) > 0 ? Duration.ofHours(1) : tenth;
    }

    /** How long after the last heartbeat (or successful backup) the check is DOWN. */
    public Duration deadline() {
        return period.plus(grace);
    }

    @Override
    public String type() {
        return duplicati ? DUPLICATI : TYPE;
    }

    @Override
    public String target() {
        return null;
    }

    @Override
    public String toString() {
        return "HeartbeatCheck[" + type() + ", period=" + period + ", grace=" + grace + ", token="
                + (token == null ? "generated" : "******") + "]";
    }
}
