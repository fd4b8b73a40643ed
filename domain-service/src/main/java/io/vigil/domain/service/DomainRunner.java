package io.vigil.domain.service;

import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import io.vigil.config.DomainConfig;
import io.vigil.domain.check.Observation;
import io.vigil.domain.check.SeenCertificate;
import io.vigil.domain.check.TlsReport;
import io.vigil.domain.dns.DdnsChecker;
import io.vigil.domain.dns.DnsChecker;
import io.vigil.domain.messaging.FindingPublisher;
import io.vigil.domain.store.FindingStore;
import io.vigil.domain.store.StoreHealth;
import io.vigil.domain.tls.TlsChecker;
import io.vigil.events.DomainFinding;
import io.vigil.events.EventSource;
import io.vigil.events.FindingStatus;
import io.vigil.support.messaging.KeyedPublisher;
import jakarta.enterprise.context.ApplicationScoped;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One run of one domain, end to end: DNS, TLS and DDNS checks at once, each observation stamped
 * with the domain's labels and published on {@code domain-findings}, counted, and the run written
 * to PostgreSQL (latest findings, certificate inventory). A subject the previous run had and this
 * one has not (an endpoint or a record type taken out of the definition) gets a last OK finding
 * with code {@code removed}, so an alert about it resolves instead of waiting forever.
 */
@ApplicationScoped
public class DomainRunner {

    static final String SERVICE = "domain-service";
    /** The code of the last finding of a subject that is no longer watched. */
    public static final String REMOVED = "removed";
    /** How long a delete waits for Kafka to take the removals. */
    static final Duration REMOVAL_WAIT = Duration.ofSeconds(10);

    private final DnsChecker dns;
    private final TlsChecker tls;
    private final DdnsChecker ddns;
    private final FindingPublisher publisher;
    private final FindingStore store;
    private final StoreHealth storeHealth;
    private final DomainMetrics metrics;
    private final Clock clock;
    private final EventSource source;
    /** The subjects each domain's last run reported (kind + subject → finding), to notice the ones that go. */
    private final Map<String, Map<String, DomainFinding>> last = new ConcurrentHashMap<>();

    public DomainRunner(DnsChecker dns, TlsChecker tls, DdnsChecker ddns, FindingPublisher publisher,
            FindingStore store, StoreHealth storeHealth, DomainMetrics metrics, Clock clock) {
        this.dns = dns;
        this.tls = tls;
        this.ddns = ddns;
        this.publisher = publisher;
        this.store = store;
        this.storeHealth = storeHealth;
        this.metrics = metrics;
        this.clock = clock;
        this.source = new EventSource(SERVICE, localHost());
    }

    /**
     * What the stored findings say each domain reported last, so the first run after a restart still
     * notices a subject that was removed while the service was down.
     */
    public void restore(List<FindingStore.StoredFinding> stored) {
        for (FindingStore.StoredFinding s : stored) {
            DomainFinding f = new DomainFinding(java.util.UUID.randomUUID(), s.checkedAt(), source,
                    DomainFinding.SCHEMA_VERSION, s.domain(), s.kind(), s.subject(), FindingStatus.valueOf(s.status()),
                    s.code(), s.message(), Map.of(), s.details());
            last.computeIfAbsent(s.domain(), k -> new ConcurrentHashMap<>()).put(key(f.kind(), f.subject()), f);
        }
    }

    /** Runs every check of the domain; completes with the findings published (never fails). */
    public Uni<List<DomainFinding>> run(DomainConfig domain) {
        return Uni.combine().all().unis(dns.check(domain), tls.check(domain), ddns.check(domain)).asTuple()
                .chain(t -> record(domain, t.getItem1(), t.getItem2(), t.getItem3()));
    }

    private Uni<List<DomainFinding>> record(DomainConfig domain, List<Observation> dnsFound, List<TlsReport> tlsFound,
            List<Observation> ddnsFound) {
        Instant at = clock.instant();
        List<Observation> observations = new ArrayList<>(dnsFound);
        Map<String, List<SeenCertificate>> chains = new LinkedHashMap<>();
        for (TlsReport r : tlsFound) {
            observations.add(r.observation());
            if (!r.chain().isEmpty()) {
                chains.put(r.observation().subject(), r.chain());
            }
        }
        observations.addAll(ddnsFound);
        Map<String, DomainFinding> now = new LinkedHashMap<>();
        for (Observation o : observations) {
            DomainFinding f = finding(domain, o.kind(), o.subject(), at, o.status(), o.code(), o.message(), o.details());
            now.put(key(o.kind(), o.subject()), f);
        }
        List<DomainFinding> published = new ArrayList<>(now.values());
        Map<String, DomainFinding> before = last.getOrDefault(domain.name(), Map.of());
        for (Map.Entry<String, DomainFinding> gone : before.entrySet()) {
            if (!now.containsKey(gone.getKey())) {
                published.add(removal(domain, gone.getValue(), at));
            }
        }
        last.put(domain.name(), new ConcurrentHashMap<>(now));
        for (DomainFinding f : published) {
            publisher.publish(f, metrics::published);
            metrics.finding(f);
            if (f.status() != FindingStatus.OK) {
                Log.debugf("finding %s domain=%s kind=%s subject=%s code=%s message=%s", f.status(), f.domain(),
                        f.kind(), f.subject(), f.code(), f.message());
            }
        }
        Set<String> locations = new LinkedHashSet<>();
        domain.tls().forEach(t -> locations.add(t.subject()));
        return store.save(domain.name(), List.copyOf(now.values()), chains, locations, at)
                .invoke(v -> {
                    storeHealth.succeeded();
                    metrics.stored(true);
                })
                .onFailure().recoverWithItem(e -> {
                    storeHealth.failed("save findings of " + domain.name(), e);
                    metrics.stored(false);
                    return null;
                })
                .replaceWith(published);
    }

    /**
     * Tells the alert-service that every subject of the domain is done with (the domain is deleted):
     * one OK {@code removed} finding each. Completes once Kafka acknowledged them, so the caller
     * deletes the stored domain only after they are safe on the topic; with the broker away it
     * gives up after {@link #REMOVAL_WAIT} and says so in the log.
     */
    public Uni<Void> removed(DomainConfig domain) {
        Map<String, DomainFinding> before = last.getOrDefault(domain.name(), Map.of());
        if (before.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        Instant at = clock.instant();
        List<Uni<KeyedPublisher.Outcome>> sends = new ArrayList<>();
        for (DomainFinding f : before.values()) {
            sends.add(publisher.publishAndWait(removal(domain, f, at)).invoke(metrics::published));
        }
        return Uni.join().all(sends).andCollectFailures()
                .ifNoItem().after(REMOVAL_WAIT).recoverWithItem(List.of())
                .invoke(outcomes -> {
                    long sent = outcomes.stream().filter(o -> o == KeyedPublisher.Outcome.SENT).count();
                    if (sent == before.size()) {
                        Log.infof("domain removal published domain=%s subjects=%d", domain.name(), sent);
                    } else {
                        Log.warnf("domain removal not fully published domain=%s sent=%d of %d: alerts of its subjects"
                                + " stay open until resolved by hand", domain.name(), sent, before.size());
                    }
                })
                .replaceWithVoid();
    }

    /** Forgets a deleted domain. */
    public void forget(String domain) {
        last.remove(domain);
        dns.forget(domain);
    }

    private DomainFinding removal(DomainConfig domain, DomainFinding old, Instant at) {
        return finding(domain, old.kind(), old.subject(), at, FindingStatus.OK, REMOVED,
                old.subject() + " is no longer watched", Map.of());
    }

    private DomainFinding finding(DomainConfig domain, String kind, String subject, Instant at, FindingStatus status,
            String code, String message, Map<String, String> details) {
        Map<String, String> labels = new HashMap<>(domain.labels());
        labels.put("domain", domain.name());
        labels.put("kind", kind);
        labels.put("subject", subject);
        return DomainFinding.of(source, domain.name(), kind, subject, at, status, code, message, labels, details);
    }

    private static String key(String kind, String subject) {
        return kind + "\n" + subject;
    }

    private static String localHost() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "localhost";
        }
    }
}
