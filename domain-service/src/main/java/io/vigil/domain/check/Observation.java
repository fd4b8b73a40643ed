package io.vigil.domain.check;

import io.vigil.events.FindingStatus;
import java.util.Map;
import java.util.Objects;

/**
 * What one look at one subject of a domain found (a record type on a resolver, a TLS endpoint, the
 * DDNS name), before the service stamps it with the domain, its labels and the time and publishes
 * it as a {@link io.vigil.events.DomainFinding}. The checkers return these and nothing else, so they
 * test without Kafka.
 *
 * @param kind {@code dns}, {@code tls} or {@code ddns}
 * @param subject {@code A @1.1.1.1}, {@code A}, {@code mail.example.org:587}, {@code AAAA} (ddns)
 * @param code what was found (see DomainFinding's codes)
 * @param message one sentence a person reads in an alert
 * @param details facts by name (all text): {@code observed}, {@code expected}, {@code ttl}, {@code days_left}, ...
 */
public record Observation(String kind, String subject, FindingStatus status, String code, String message,
        Map<String, String> details) {

    public static final String DNS = "dns";
    public static final String TLS = "tls";
    public static final String DDNS = "ddns";

    public Observation {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(code, "code");
        message = message == null ? "" : message;
        details = details == null ? Map.of() : Map.copyOf(details);
    }
}
