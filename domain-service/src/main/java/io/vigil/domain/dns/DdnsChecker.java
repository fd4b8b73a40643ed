package io.vigil.domain.dns;

import io.smallrye.mutiny.Uni;
import io.vertx.core.Vertx;
import io.vigil.config.DomainConfig;
import io.vigil.domain.check.Observation;
import io.vigil.domain.config.DomainSettings;
import io.vigil.events.FindingStatus;
import io.vigil.support.net.TargetPolicy;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * Checks a dynamic-DNS name: is its A (or AAAA) record the current public address? The address
 * comes from the domain's source (an HTTP endpoint or a local interface); the record is asked, in
 * this order of preference, of the domain's authoritative servers when its {@code dns.resolvers}
 * list {@code authoritative} (their answer is the record as it is now; a cache may lag behind an
 * update for a TTL and would report a drift that is already fixed), else of the first resolver
 * listed, else of the system resolver. Questions go through the DNS checker's query code. The
 * record is in sync when its answer holds the public address (a name with several addresses may
 * list others too).
 *
 * <p>Codes: {@code in_sync} (OK), {@code drift} (FAIL), {@code source_failed} (WARN: the public
 * address is unknown, so nothing is said about the record), and {@code nxdomain}, {@code timeout},
 * {@code servfail}, {@code error} (FAIL) when the record cannot be read. Subjects are {@code A} and
 * {@code AAAA}, by the family of the public address; a failed source reports on {@code A}, as its
 * family is unknown then.
 */
@ApplicationScoped
public class DdnsChecker implements AutoCloseable {

    private final DnsChecker dns;
    private final HttpAddressSource http;

    @Inject
    public DdnsChecker(DomainSettings settings, Vertx vertx, DnsChecker dns) {
        this(dns, vertx, settings.allowPrivateTargets(), settings.ddns().timeout());
    }

    /**
     * @param dns where records are asked (its system resolver and authoritative port apply)
     * @param allowPrivateTargets whether an HTTP address source may be on a loopback or private address
     * @param sourceTimeout how long the HTTP address source may take
     */
    public DdnsChecker(DnsChecker dns, Vertx vertx, boolean allowPrivateTargets, Duration sourceTimeout) {
        this.dns = dns;
        this.http = new HttpAddressSource(vertx,
                new TargetPolicy(allowPrivateTargets, DomainSettings.ALLOW_PRIVATE_SETTING), sourceTimeout);
    }

    /** The findings of one run; empty when the domain is not a DDNS name. Never fails. */
    public Uni<List<Observation>> check(DomainConfig domain) {
        if (domain.ddns() == null) {
            return Uni.createFrom().item(List.of());
        }
        return Uni.createFrom().completionStage(() -> run(domain))
                .onFailure().recoverWithItem(e -> List.of(new Observation(Observation.DDNS, "A", FindingStatus.FAIL,
                        "error", domain.name() + ": the DDNS check failed: " + e, Map.of())));
    }

    private CompletableFuture<List<Observation>> run(DomainConfig domain) {
        DomainConfig.Ddns ddns = domain.ddns();
        CompletableFuture<PublicAddress> source = ddns.addressUrl() != null ? http.read(ddns.addressUrl())
                : CompletableFuture.completedFuture(InterfaceAddressSource.read(ddns.addressInterface()));
        return source.thenCompose(found -> {
            if (found.failure() != null) {
                return CompletableFuture.completedFuture(List.of(new Observation(Observation.DDNS, "A",
                        FindingStatus.WARN, "source_failed", domain.name() + ": the public address is unknown: "
                                + found.failure(), Map.of("source", found.source()))));
            }
            List<CompletableFuture<Observation>> each = new ArrayList<>();
            for (InetAddress ip : found.addresses()) {
                each.add(compare(domain, ip, found.source()));
            }
            return CompletableFuture.allOf(each.toArray(CompletableFuture[]::new)).thenApply(done -> {
                List<Observation> out = new ArrayList<>();
                each.forEach(o -> out.add(o.join()));
                return out;
            });
        });
    }

    private CompletableFuture<Observation> compare(DomainConfig domain, InetAddress ip, String source) {
        String type = ip instanceof Inet6Address ? "AAAA" : "A";
        String publicAddress = RecordValues.address(ip);
        Duration timeout = domain.dns() != null ? domain.dns().timeout() : DomainConfig.DEFAULT_DNS_TIMEOUT;
        return dns.servers(List.of(recordResolver(domain.dns())), domain.name(), timeout).thenCompose(servers -> {
            Map<String, String> details = new LinkedHashMap<>();
            details.put("public_address", publicAddress);
            details.put("source", source);
            if (servers.targets().isEmpty()) {
                return CompletableFuture.completedFuture(new Observation(Observation.DDNS, type, FindingStatus.FAIL,
                        "error", domain.name() + " " + type + " cannot be read: " + String.join("; ", servers.failures()),
                        details));
            }
            return DnsChecker.ask(servers.targets(), domain.name(), type, timeout)
                    .thenApply(asked -> judge(domain.name(), type, publicAddress, first(asked), details));
        });
    }

    /** The first server (of several name servers) that answered about the name, else the first asked. */
    private static Asked first(List<Asked> asked) {
        return asked.stream().filter(Asked::answered).findFirst().orElse(asked.get(0));
    }

    private static Observation judge(String name, String type, String publicAddress, Asked asked,
            Map<String, String> details) {
        details.put("resolver", asked.target().label());
        String record = name + " " + type;
        if (asked.target().problem() != null) {
            return fail(type, "error", record + " cannot be read: " + asked.target().problem(), details);
        }
        Answer answer = asked.answer();
        switch (answer.outcome()) {
            case NXDOMAIN:
                return fail(type, "nxdomain", record + " cannot be read: " + name + " does not exist (NXDOMAIN) @"
                        + asked.target().label(), details);
            case TIMEOUT:
                return fail(type, "timeout", record + " cannot be read @" + asked.target().label() + ": "
                        + answer.error(), details);
            case SERVFAIL:
                return fail(type, "servfail", record + " cannot be read: SERVFAIL @" + asked.target().label(), details);
            case ERROR:
                return fail(type, "error", record + " cannot be read @" + asked.target().label() + ": "
                        + answer.error(), details);
            default:
                break;
        }
        details.put("record_address", String.join(", ", answer.values()));
        if (answer.values().contains(publicAddress)) {
            return new Observation(Observation.DDNS, type, FindingStatus.OK, "in_sync",
                    record + " is " + answer.shown() + ", the current public address", details);
        }
        String is = answer.values().isEmpty() ? " has no record" : " is " + answer.shown();
        return fail(type, "drift", record + is + " but the public address is " + publicAddress, details);
    }

    /** Authoritative when listed (the record as it is now), else the first listed, else the system's. */
    private static DomainConfig.Resolver recordResolver(DomainConfig.Dns dns) {
        if (dns == null) {
            return DomainConfig.Resolver.SYSTEM;
        }
        return dns.resolvers().contains(DomainConfig.Resolver.AUTHORITATIVE) ? DomainConfig.Resolver.AUTHORITATIVE
                : dns.resolvers().get(0);
    }

    private static Observation fail(String type, String code, String message, Map<String, String> details) {
        return new Observation(Observation.DDNS, type, FindingStatus.FAIL, code, message, details);
    }

    @PreDestroy
    @Override
    public void close() {
        http.close();
    }
}
