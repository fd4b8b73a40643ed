package io.vigil.alert.it;

import io.vigil.events.Json;
import io.vigil.test.PostgresResource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

/**
 * Resolved alerts written straight into {@code alert.alerts}, for tests that need exact times
 * (statistics, ordering). Only resolved ones: the engine never loads those, so they cannot disturb
 * the pipeline the other tests drive.
 */
final class AlertRowsFixture {

    private AlertRowsFixture() {
    }

    /** A resolved alert; {@code firedAt} and {@code acknowledgedAt} may be null. */
    static UUID resolved(String rule, Map<String, String> labels, String severity, Instant startsAt, Instant firedAt,
            Instant acknowledgedAt, Instant resolvedAt, boolean flapping) throws Exception {
        UUID id = UUID.randomUUID();
        try (Connection c = PostgresResource.connect();
                PreparedStatement s = c.prepareStatement("""
                        INSERT INTO alert.alerts (id, fingerprint, rule, state, severity, labels, value, summary,
                            starts_at, fired_at, resolved_at, updated_at, sequence, acknowledged_by, acknowledged_at,
                            flapping)
                        VALUES (?, ?, ?, 'RESOLVED', ?, ?::jsonb, 1.5, ?, ?, ?, ?, ?, 2, ?, ?, ?)""")) {
            s.setObject(1, id);
            s.setString(2, "fp-" + id);
            s.setString(3, rule);
            s.setString(4, severity);
            s.setString(5, Json.write(labels));
            s.setString(6, rule + " on " + labels.get("host"));
            s.setTimestamp(7, Timestamp.from(startsAt));
            s.setTimestamp(8, firedAt == null ? null : Timestamp.from(firedAt));
            s.setTimestamp(9, Timestamp.from(resolvedAt));
            s.setTimestamp(10, Timestamp.from(resolvedAt));
            s.setString(11, acknowledgedAt == null ? null : "someone");
            s.setTimestamp(12, acknowledgedAt == null ? null : Timestamp.from(acknowledgedAt));
            s.setBoolean(13, flapping);
            s.executeUpdate();
        }
        return id;
    }
}
