package io.vigil.events;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

/**
 * One thing the domain-service found about one domain: a record on {@link Topics#DOMAIN_FINDINGS},
 * keyed by {@link #domain()}. One finding per subject per run (a record type on a resolver, a TLS
 * endpoint, the DDNS name), so that an alert can name exactly what is wrong and where.
 *
 * @param domain the domain's name in the config ({@code example.org}), the Kafka key
 * @param kind {@code dns}, {@code tls} or {@code ddns}
 * @param subject what was looked at: {@code A @1.1.1.1}, {@code mail.example.org:587}, ...
 * @param code what was found: {@code match}, {@code mismatch}, {@code nxdomain}, {@code servfail},
 *     {@code timeout}, {@code disagreement}, {@code propagating}, {@code expiry},
 *     {@code chain_invalid}, {@code hostname_mismatch}, {@code not_yet_valid}, {@code self_signed},
 *     {@code weak_key}, {@code protocol}, {@code drift}, ...
 * @param labels the domain's labels plus {@code domain}, {@code kind} and {@code subject}
 * @param details kind-specific facts: {@code observed}, {@code expected}, {@code ttl},
 *     {@code days_left}, {@code not_after}, {@code issuer}, {@code public_address}, ...
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record DomainFinding(
        UUID eventId,
        Instant occurredAt,
        EventSource source,
        int schemaVersion,
        String domain,
        String kind,
        String subject,
        FindingStatus status,
        String code,
        String message,
        Map<String, String> labels,
        Map<String, String> details) {

    public static final int SCHEMA_VERSION = 1;

    public DomainFinding {
        Objects.requireNonNull(eventId, "eventId");
        Objects.requireNonNull(occurredAt, "occurredAt");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(domain, "domain");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(status, "status");
        subject = subject == null ? "" : subject;
        code = code == null ? "" : code;
        message = message == null ? "" : message;
        labels = labels == null ? Map.of() : Map.copyOf(labels);
        details = details == null ? Map.of() : Map.copyOf(details);
    }

    /** A new finding with a fresh event id, stamped with the current schema version. */
    public static DomainFinding of(EventSource source, String domain, String kind, String subject, Instant at,
            FindingStatus status, String code, String message, Map<String, String> labels,
            Map<String, String> details) {
        return new DomainFinding(UUID.randomUUID(), at, source, SCHEMA_VERSION, domain, kind, subject, status, code,
                message, labels, details);
    }
}
