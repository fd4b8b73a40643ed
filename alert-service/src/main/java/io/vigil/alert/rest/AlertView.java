package io.vigil.alert.rest;

import io.vigil.alert.store.StoredAlert;
import io.vigil.events.AlertState;
import io.vigil.events.Severity;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

/** An alert as the API shows it. */
public record AlertView(
        UUID id,
        String fingerprint,
        String rule,
        AlertState state,
        Severity severity,
        Map<String, String> labels,
        double value,
        String summary,
        Instant startsAt,
        Instant firedAt,
        Instant resolvedAt,
        Instant updatedAt,
        long sequence) {

    static AlertView of(StoredAlert a) {
        return new AlertView(a.id(), a.fingerprint(), a.rule(), a.state(), a.severity(), a.labels(), a.value(),
                a.summary(), a.startsAt(), a.firedAt(), a.resolvedAt(), a.updatedAt(), a.sequence());
    }
}
