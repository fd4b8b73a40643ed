package io.vigil.alert.rule;

import java.time.Instant;
import java.util.Map;

/**
 * A series an absence rule watches, as stored: so that after a restart a host that was seen before
 * and stays away still alerts, while a host never seen does not.
 *
 * @param key the rule name and labels hashed ({@link Fingerprint})
 * @param intervalMillis the source's interval, 0 when not known yet
 */
public record SeenSeries(String rule, String key, Map<String, String> labels, Instant lastSeen, long intervalMillis) {
}
