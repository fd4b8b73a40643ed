package io.vigil.domain.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.Tuple;
import io.vigil.domain.check.SeenCertificate;
import io.vigil.events.DomainFinding;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The latest finding per subject and the certificate inventory ({@code domain.findings},
 * {@code domain.certificates}). A domain's run is written in one transaction: its findings
 * replace the previous ones (subjects that are gone are deleted), and each endpoint that showed a
 * chain replaces its certificates; an endpoint that could not be reached keeps the chain last seen
 * (with when), so the inventory does not forget a certificate because of one timeout.
 */
@ApplicationScoped
public class FindingStore {

    /** A finding as stored, with when its status last changed. */
    public record StoredFinding(String domain, String kind, String subject, Instant checkedAt, Instant since,
            String status, String code, String message, Map<String, String> details) {
    }

    /** A certificate of the inventory: where it was seen (domain and endpoint or file) and when. */
    public record StoredCertificate(String domain, String location, SeenCertificate certificate, Instant seenAt) {
    }

    private static final TypeReference<Map<String, String>> DETAILS = new TypeReference<>() {
    };

    private final Pool pool;

    public FindingStore(Pool pool) {
        this.pool = pool;
    }

    /**
     * Writes one run of {@code domain}.
     *
     * @param findings every finding of the run (one per subject)
     * @param chains by location: the chains the run obtained (only endpoints that answered)
     * @param locations every TLS location the domain has now: certificates of other locations are deleted
     */
    public Uni<Void> save(String domain, List<DomainFinding> findings, Map<String, List<SeenCertificate>> chains,
            Set<String> locations, Instant at) {
        List<Tuple> rows = new ArrayList<>();
        String[] keys = new String[findings.size()];
        int i = 0;
        for (DomainFinding f : findings) {
            keys[i++] = f.kind() + "\n" + f.subject();
            rows.add(Tuple.tuple(List.of(domain, f.kind(), f.subject(), DomainStore.time(f.occurredAt()),
                    f.status().name(), f.code(), f.message(), json(f.details()))));
        }
        List<Tuple> certs = new ArrayList<>();
        chains.forEach((location, chain) -> chain.forEach(c -> certs.add(Tuple.tuple(List.of(domain, location,
                c.position(), c.sha256(), c.subject(), c.sans().toArray(String[]::new), c.issuer(),
                c.serial() == null ? "" : c.serial(), DomainStore.time(c.notBefore()), DomainStore.time(c.notAfter()),
                c.keyAlgorithm() == null ? "" : c.keyAlgorithm(), c.keyBits(), c.selfSigned(), DomainStore.time(at))))));
        return pool.withTransaction(c -> {
            Uni<?> step = c.preparedQuery("DELETE FROM domain.findings WHERE domain = $1"
                    + " AND NOT (kind || E'\\n' || subject = ANY($2::text[]))").execute(Tuple.of(domain, keys));
            if (!rows.isEmpty()) {
                step = step.chain(() -> c.preparedQuery("INSERT INTO domain.findings"
                        + " (domain, kind, subject, checked_at, since, status, code, message, details)"
                        + " VALUES ($1, $2, $3, $4, $4, $5, $6, $7, $8::text::jsonb)"
                        + " ON CONFLICT (domain, kind, subject) DO UPDATE SET checked_at = EXCLUDED.checked_at,"
                        + " since = CASE WHEN domain.findings.status = EXCLUDED.status THEN domain.findings.since"
                        + " ELSE EXCLUDED.since END, status = EXCLUDED.status, code = EXCLUDED.code,"
                        + " message = EXCLUDED.message, details = EXCLUDED.details").executeBatch(rows));
            }
            step = step.chain(() -> c.preparedQuery("DELETE FROM domain.certificates WHERE domain = $1"
                    + " AND (NOT (location = ANY($2::text[])) OR location = ANY($3::text[]))")
                    .execute(Tuple.of(domain, locations.toArray(String[]::new), chains.keySet().toArray(String[]::new))));
            if (!certs.isEmpty()) {
                step = step.chain(() -> c.preparedQuery("INSERT INTO domain.certificates (domain, location, position,"
                        + " sha256, subject, sans, issuer, serial, not_before, not_after, key_algorithm, key_bits,"
                        + " self_signed, seen_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)")
                        .executeBatch(certs));
            }
            return step.replaceWithVoid();
        });
    }

    /** The latest findings of one domain (all domains when null), by domain, kind and subject. */
    public Uni<List<StoredFinding>> findings(String domain) {
        String sql = "SELECT domain, kind, subject, checked_at, since, status, code, message, details::text AS details"
                + " FROM domain.findings" + (domain == null ? "" : " WHERE domain = $1") + " ORDER BY domain, kind, subject";
        return (domain == null ? pool.query(sql).execute() : pool.preparedQuery(sql).execute(Tuple.of(domain)))
                .map(FindingStore::findings);
    }

    /** The inventory, soonest expiry first; one domain's when {@code domain} is not null. */
    public Uni<List<StoredCertificate>> certificates(String domain) {
        String sql = "SELECT domain, location, position, sha256, subject, sans, issuer, serial, not_before, not_after,"
                + " key_algorithm, key_bits, self_signed, seen_at FROM domain.certificates"
                + (domain == null ? "" : " WHERE domain = $1") + " ORDER BY not_after, domain, location, position";
        return (domain == null ? pool.query(sql).execute() : pool.preparedQuery(sql).execute(Tuple.of(domain)))
                .map(FindingStore::certificates);
    }

    private static List<StoredFinding> findings(RowSet<Row> rows) {
        List<StoredFinding> out = new ArrayList<>();
        for (Row r : rows) {
            out.add(new StoredFinding(r.getString("domain"), r.getString("kind"), r.getString("subject"),
                    r.getOffsetDateTime("checked_at").toInstant(), r.getOffsetDateTime("since").toInstant(),
                    r.getString("status"), r.getString("code"), r.getString("message"), details(r.getString("details"))));
        }
        return out;
    }

    private static List<StoredCertificate> certificates(RowSet<Row> rows) {
        List<StoredCertificate> out = new ArrayList<>();
        for (Row r : rows) {
            String serial = r.getString("serial");
            String algorithm = r.getString("key_algorithm");
            SeenCertificate c = new SeenCertificate(r.getInteger("position"), r.getString("subject"),
                    List.of(r.getArrayOfStrings("sans")), r.getString("issuer"), serial.isEmpty() ? null : serial,
                    r.getOffsetDateTime("not_before").toInstant(), r.getOffsetDateTime("not_after").toInstant(),
                    r.getString("sha256"), algorithm.isEmpty() ? null : algorithm, r.getInteger("key_bits"),
                    r.getBoolean("self_signed"));
            out.add(new StoredCertificate(r.getString("domain"), r.getString("location"), c,
                    r.getOffsetDateTime("seen_at").toInstant()));
        }
        return out;
    }

    private static String json(Map<String, String> details) {
        try {
            return DomainStore.JSON.writeValueAsString(details);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("details do not serialise", e);
        }
    }

    private static Map<String, String> details(String text) {
        try {
            return DomainStore.JSON.readValue(text, DETAILS);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored details do not parse: " + e.getOriginalMessage(), e);
        }
    }
}
