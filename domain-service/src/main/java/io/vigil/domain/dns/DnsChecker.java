package io.vigil.domain.dns;

import io.smallrye.mutiny.Uni;
import io.vigil.config.DomainConfig;
import io.vigil.domain.check.Observation;
import io.vigil.domain.config.DomainSettings;
import io.vigil.events.FindingStatus;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * Checks a domain's DNS records: every expected record type on every configured resolver, all
 * questions at once and each bounded by the domain's DNS timeout, one finding per type and
 * resolver plus one per type about whether the resolvers agree (see {@link TypeFindings} for the
 * codes, {@link RecordValues} for how values compare, {@link Propagation} for when a mismatch is a
 * change still on its way). Without expectations it checks that the name resolves (A).
 */
@ApplicationScoped
public class DnsChecker {

    private final Targets targets;
    private final Propagation propagation;

    @Inject
    public DnsChecker(DomainSettings settings) {
        this(settings.systemResolver(), settings.authoritativePort(), Clock.systemUTC());
    }

    /**
     * @param systemResolver what {@code system} means, {@code ip[:port]}; empty: the machine's resolver
     * @param authoritativePort the port the domain's name servers are asked on (53 but in tests)
     * @param clock the time propagation is measured with
     */
    public DnsChecker(Optional<String> systemResolver, int authoritativePort, Clock clock) {
        this.targets = new Targets(systemResolver, authoritativePort);
        this.propagation = new Propagation(clock);
    }

    /** The findings of one run; empty when the domain has no {@code dns} section. Never fails. */
    public Uni<List<Observation>> check(DomainConfig domain) {
        if (domain.dns() == null) {
            return Uni.createFrom().item(List.of());
        }
        return Uni.createFrom().completionStage(() -> run(domain))
                .onFailure().recoverWithItem(e -> List.of(new Observation(Observation.DNS, "dns", FindingStatus.FAIL,
                        "error", domain.name() + ": the DNS check failed: " + e, Map.of())));
    }

    /** Drops what is remembered about a deleted domain (propagation in progress). */
    public void forget(String domain) {
        propagation.forget(domain);
    }

    /** The servers {@code resolvers} stand for when asking about {@code name}; shared with the DDNS check. */
    CompletableFuture<Targets.Servers> servers(List<DomainConfig.Resolver> resolvers, String name, Duration timeout) {
        return targets.servers(resolvers, name, timeout);
    }

    /** Asks every usable target at once; unusable ones come back without an answer. */
    static CompletableFuture<List<Asked>> ask(List<Target> servers, String name, String type, Duration timeout) {
        List<CompletableFuture<Asked>> asked = new ArrayList<>();
        for (Target t : servers) {
            asked.add(t.address() == null ? CompletableFuture.completedFuture(new Asked(t, null))
                    : DnsQuery.ask(t.address(), name, type, timeout).thenApply(a -> new Asked(t, a)));
        }
        return CompletableFuture.allOf(asked.toArray(CompletableFuture[]::new)).thenApply(done -> {
            List<Asked> out = new ArrayList<>();
            asked.forEach(a -> out.add(a.join()));
            return out;
        });
    }

    private CompletableFuture<List<Observation>> run(DomainConfig domain) {
        DomainConfig.Dns dns = domain.dns();
        Map<String, List<DomainConfig.Expected>> types = types(dns);
        return servers(dns.resolvers(), domain.name(), dns.timeout()).thenCompose(servers -> {
            Map<String, CompletableFuture<List<Asked>>> byType = new LinkedHashMap<>();
            types.keySet().forEach(type -> byType.put(type, ask(servers.targets(), domain.name(), type, dns.timeout())));
            return CompletableFuture.allOf(byType.values().toArray(CompletableFuture[]::new))
                    .thenApply(done -> judge(domain.name(), types, servers, byType));
        });
    }

    private List<Observation> judge(String domain, Map<String, List<DomainConfig.Expected>> types,
            Targets.Servers servers, Map<String, CompletableFuture<List<Asked>>> byType) {
        List<Observation> out = new ArrayList<>();
        for (String failure : servers.failures()) {
            out.add(new Observation(Observation.DNS, Targets.AUTHORITATIVE, FindingStatus.FAIL, "error",
                    domain + " @" + Targets.AUTHORITATIVE + ": " + failure,
                    Map.of("resolver", Targets.AUTHORITATIVE)));
        }
        Set<Propagation.Key> seen = new HashSet<>();
        byType.forEach((type, asked) -> {
            out.addAll(new TypeFindings(domain, type, types.get(type), propagation).observe(asked.join()));
            servers.targets().forEach(t -> seen.add(new Propagation.Key(type, t.label())));
        });
        propagation.retain(domain, seen);
        return out;
    }

    /** The types asked, in the order of {@link DomainConfig#RECORD_TYPES}; just A (null: no expectation) when none are. */
    private static Map<String, List<DomainConfig.Expected>> types(DomainConfig.Dns dns) {
        Map<String, List<DomainConfig.Expected>> types = new LinkedHashMap<>();
        if (dns.expect().isEmpty()) {
            types.put("A", null);
            return types;
        }
        DomainConfig.RECORD_TYPES.stream().filter(dns.expect()::containsKey).forEach(t -> types.put(t, dns.expect().get(t)));
        dns.expect().forEach(types::putIfAbsent);
        return types;
    }
}
