package io.vigil.domain.dns;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.config.DomainConfig;
import io.vigil.domain.check.Observation;
import io.vigil.events.FindingStatus;
import io.vigil.test.DnsServer;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The DNS checker against two real dnsmasq servers that disagree on purpose: {@code primary} is
 * the "system" resolver and holds example.org's NS record (ns1.example.org = 127.0.0.1);
 * {@code secondary} has another A for example.org and plays the authoritative server, since the
 * checker asks name servers on its port.
 */
class DnsCheckerIT {

    private static final Duration WAIT = Duration.ofSeconds(15);

    private static DnsServer primary;
    private static DnsServer secondary;

    @BeforeAll
    static void startServers() {
        primary = DnsServer.start(DnsServer.Records.builder()
                .a("example.org", "203.0.113.10")
                .aaaa("example.org", "2001:db8::10")
                .mx("example.org", 10, "mail.example.org")
                .txt("example.org", "v=spf1 mx -all")
                .cname("www.example.org", "example.org")
                .a("mail.example.org", "203.0.113.20")
                .ns("example.org", "ns1.example.org")
                .a("ns1.example.org", "127.0.0.1")
                .nxdomain("gone.example.org")
                .servfail("broken.example.org")
                .timeout("slow.example.org"));
        secondary = DnsServer.start(DnsServer.Records.builder()
                .ttl(Duration.ofSeconds(60))
                .a("example.org", "198.51.100.1")
                .mx("example.org", 10, "mail.example.org")
                .a("mail.example.org", "203.0.113.20"));
    }

    @AfterAll
    static void stopServers() {
        if (primary != null) {
            primary.close();
        }
        if (secondary != null) {
            secondary.close();
        }
    }

    private final MutableClock clock = new MutableClock();
    private final DnsChecker checker = new DnsChecker(Optional.of("127.0.0.1:" + primary.port()), secondary.port(),
            clock);

    private static DomainConfig.Resolver secondaryResolver() {
        return new DomainConfig.Resolver(DomainConfig.Resolver.Kind.ADDRESS, "127.0.0.1", secondary.port());
    }

    private static DomainConfig domain(String name, List<DomainConfig.Resolver> resolvers,
            Map<String, List<DomainConfig.Expected>> expect, Duration timeout) {
        return new DomainConfig(name, null, null, new DomainConfig.Dns(resolvers, expect, timeout), null, null);
    }

    private static DomainConfig domain(String name, List<DomainConfig.Resolver> resolvers,
            Map<String, List<DomainConfig.Expected>> expect) {
        return domain(name, resolvers, expect, Duration.ofSeconds(3));
    }

    private static List<DomainConfig.Expected> exact(String... values) {
        return java.util.Arrays.stream(values).map(v -> new DomainConfig.Expected(v, null)).toList();
    }

    private List<Observation> check(DomainConfig domain) {
        return checker.check(domain).await().atMost(WAIT);
    }

    private static Observation about(List<Observation> found, String subject) {
        return found.stream().filter(o -> o.subject().equals(subject)).findFirst()
                .orElseThrow(() -> new AssertionError("no finding about '" + subject + "' in " + found));
    }

    @Test
    void everyExpectedTypeMatchesOnTheSystemResolver() {
        Map<String, List<DomainConfig.Expected>> expect = new LinkedHashMap<>();
        expect.put("A", exact("203.0.113.10"));
        expect.put("AAAA", exact("2001:0db8:0::10"));
        expect.put("MX", exact("10 Mail.example.org"));
        expect.put("TXT", exact("v=spf1 mx -all"));
        List<Observation> found = check(domain("example.org", List.of(DomainConfig.Resolver.SYSTEM), expect));

        assertThat(found).hasSize(4).allSatisfy(o -> {
            assertThat(o.kind()).isEqualTo("dns");
            assertThat(o.code()).as(o.message()).isEqualTo("match");
            assertThat(o.status()).isEqualTo(FindingStatus.OK);
        });
        Observation mx = about(found, "MX @system");
        assertThat(mx.details()).containsEntry("observed", "10 mail.example.org.").containsEntry("rcode", "NOERROR")
                .containsEntry("ttl", "300").containsEntry("resolver", "system").containsEntry("type", "MX");
        assertThat(about(found, "AAAA @system").details()).containsEntry("observed", "2001:db8::10");
    }

    @Test
    void cnameMatchesWithoutTheTrailingDot() {
        List<Observation> found = check(domain("www.example.org", List.of(DomainConfig.Resolver.SYSTEM),
                Map.of("CNAME", exact("example.org"))));

        assertThat(about(found, "CNAME @system").code()).isEqualTo("match");
        assertThat(about(found, "CNAME @system").details()).containsEntry("observed", "example.org.");
    }

    @Test
    void mismatchNamesWhatWasObservedAndWhatWasExpected() {
        List<Observation> found = check(domain("example.org", List.of(DomainConfig.Resolver.SYSTEM),
                Map.of("A", exact("192.0.2.99"))));

        Observation a = about(found, "A @system");
        assertThat(a.status()).isEqualTo(FindingStatus.FAIL);
        assertThat(a.code()).isEqualTo("mismatch");
        assertThat(a.message()).contains("203.0.113.10").contains("192.0.2.99");
        assertThat(a.details()).containsEntry("observed", "203.0.113.10").containsEntry("expected", "192.0.2.99");
    }

    @Test
    void regexExpectationsMatchTheWholeValue() {
        Map<String, List<DomainConfig.Expected>> expect = new LinkedHashMap<>();
        expect.put("TXT", List.of(new DomainConfig.Expected(null, Pattern.compile("v=spf1 .* -all"))));
        expect.put("A", List.of(new DomainConfig.Expected(null, Pattern.compile("198\\.51\\.100\\.\\d+"))));
        List<Observation> found = check(domain("example.org", List.of(DomainConfig.Resolver.SYSTEM), expect));

        assertThat(about(found, "TXT @system").code()).isEqualTo("match");
        assertThat(about(found, "A @system").code()).isEqualTo("mismatch");
        assertThat(about(found, "A @system").details()).containsEntry("expected", "~198\\.51\\.100\\.\\d+");
    }

    @Test
    void withoutExpectationsTheNameMustResolve() {
        List<Observation> ok = check(domain("mail.example.org", List.of(DomainConfig.Resolver.SYSTEM), null));
        List<Observation> gone = check(domain("gone.example.org", List.of(DomainConfig.Resolver.SYSTEM), null));

        assertThat(about(ok, "A @system").code()).isEqualTo("match");
        assertThat(about(ok, "A @system").message()).contains("resolves to 203.0.113.20");
        Observation nx = about(gone, "A @system");
        assertThat(nx.status()).isEqualTo(FindingStatus.FAIL);
        assertThat(nx.code()).isEqualTo("nxdomain");
        assertThat(nx.details()).containsEntry("rcode", "NXDOMAIN");
    }

    @Test
    void servfailIsItsOwnFinding() {
        List<Observation> found = check(domain("broken.example.org", List.of(DomainConfig.Resolver.SYSTEM),
                Map.of("A", exact("192.0.2.1"))));

        Observation a = about(found, "A @system");
        assertThat(a.status()).isEqualTo(FindingStatus.FAIL);
        assertThat(a.code()).isEqualTo("servfail");
        assertThat(a.details()).containsEntry("rcode", "SERVFAIL");
    }

    @Test
    void aSilentResolverTimesOutAfterTheDomainsTimeoutAndDoesNotCountAsDisagreement() {
        try (DnsServer.BlackHole hole = DnsServer.BlackHole.open()) {
            DomainConfig.Resolver silent = new DomainConfig.Resolver(DomainConfig.Resolver.Kind.ADDRESS, "127.0.0.1",
                    hole.port());
            long start = System.nanoTime();
            List<Observation> found = check(domain("example.org",
                    List.of(DomainConfig.Resolver.SYSTEM, silent, secondaryResolver()), null, Duration.ofMillis(500)));
            long tookMillis = (System.nanoTime() - start) / 1_000_000;

            Observation timeout = about(found, "A @127.0.0.1:" + hole.port());
            assertThat(timeout.status()).isEqualTo(FindingStatus.FAIL);
            assertThat(timeout.code()).isEqualTo("timeout");
            assertThat(timeout.message()).contains("500 ms");
            assertThat(tookMillis).as("bounded by the 500 ms timeout").isLessThan(3_000);
            // system and secondary answer differently; the silent one is left out of the comparison.
            assertThat(about(found, "A").details().get("answers")).doesNotContain(Integer.toString(hole.port()));
        }
    }

    @Test
    void aForwardedQueryThatNeverReturnsTimesOut() {
        List<Observation> found = check(domain("slow.example.org", List.of(DomainConfig.Resolver.SYSTEM),
                Map.of("A", exact("192.0.2.1")), Duration.ofMillis(500)));

        assertThat(about(found, "A @system").code()).isEqualTo("timeout");
    }

    @Test
    void resolversWithDifferentAnswersDisagreeAndWithTheSameAgree() {
        Map<String, List<DomainConfig.Expected>> none = Map.of();
        List<Observation> a = check(domain("example.org", List.of(DomainConfig.Resolver.SYSTEM, secondaryResolver()),
                none));
        List<Observation> mx = check(domain("example.org", List.of(DomainConfig.Resolver.SYSTEM, secondaryResolver()),
                Map.of("MX", exact("10 mail.example.org."))));

        Observation disagreement = about(a, "A");
        assertThat(disagreement.status()).isEqualTo(FindingStatus.WARN);
        assertThat(disagreement.code()).isEqualTo("disagreement");
        assertThat(disagreement.details().get("answers")).contains("system=203.0.113.10")
                .contains("127.0.0.1:" + secondary.port() + "=198.51.100.1");
        Observation agreement = about(mx, "MX");
        assertThat(agreement.status()).isEqualTo(FindingStatus.OK);
        assertThat(agreement.code()).isEqualTo("agreement");
    }

    @Test
    void nxdomainAgainstRecordsIsADisagreement() {
        List<Observation> found = check(domain("www.example.org", List.of(DomainConfig.Resolver.SYSTEM,
                secondaryResolver()), null));

        assertThat(about(found, "A").code()).isEqualTo("disagreement");
        assertThat(about(found, "A").details().get("answers")).contains("NXDOMAIN");
    }

    @Test
    void aLaggingResolverIsPropagatingForTheOldTtlThenAMismatch() {
        DomainConfig d = domain("example.org", List.of(DomainConfig.Resolver.SYSTEM, secondaryResolver()),
                Map.of("A", exact("203.0.113.10")));

        List<Observation> first = check(d);
        Observation lagging = about(first, "A @127.0.0.1:" + secondary.port());
        assertThat(lagging.status()).isEqualTo(FindingStatus.WARN);
        assertThat(lagging.code()).isEqualTo("propagating");
        assertThat(lagging.details()).containsEntry("ttl", "60").containsEntry("expires_in", "60");
        assertThat(about(first, "A").code()).isEqualTo("propagating");
        assertThat(about(first, "A @system").code()).isEqualTo("match");

        clock.advance(Duration.ofSeconds(45));
        assertThat(about(check(d), "A @127.0.0.1:" + secondary.port()).details()).containsEntry("expires_in", "15");

        clock.advance(Duration.ofSeconds(15));
        List<Observation> after = check(d);
        assertThat(about(after, "A @127.0.0.1:" + secondary.port()).code()).isEqualTo("mismatch");
        assertThat(about(after, "A").code()).isEqualTo("disagreement");
    }

    @Test
    void authoritativeMeansTheNameServersOfTheClosestZone() {
        DomainConfig d = domain("mail.example.org", List.of(DomainConfig.Resolver.AUTHORITATIVE),
                Map.of("A", exact("203.0.113.20")));

        Observation a = about(check(d), "A @authoritative(ns1.example.org)");
        assertThat(a.code()).as(a.message()).isEqualTo("match");
        assertThat(a.details()).containsEntry("resolver", "authoritative(ns1.example.org)")
                // secondary's TTL: the answer came from the server on the authoritative port.
                .containsEntry("ttl", "60");
    }

    @Test
    void aCacheBehindTheAuthoritativeAnswerIsPropagating() {
        List<Observation> found = check(domain("example.org",
                List.of(DomainConfig.Resolver.SYSTEM, DomainConfig.Resolver.AUTHORITATIVE),
                Map.of("A", exact("198.51.100.1"))));

        assertThat(about(found, "A @authoritative(ns1.example.org)").code()).isEqualTo("match");
        assertThat(about(found, "A @system").code()).isEqualTo("propagating");
        assertThat(about(found, "A @system").details()).containsEntry("ttl", "300");
    }

    @Test
    void noNameServersIsOneFailureForTheAuthoritativeResolver() {
        List<Observation> found = check(domain("nowhere.test", List.of(DomainConfig.Resolver.AUTHORITATIVE),
                Map.of("A", exact("192.0.2.1"))));

        assertThat(found).hasSize(1);
        Observation o = found.get(0);
        assertThat(o.subject()).isEqualTo("authoritative");
        assertThat(o.status()).isEqualTo(FindingStatus.FAIL);
        assertThat(o.message()).contains("no NS records found for nowhere.test");
    }

    @Test
    void aDomainWithoutDnsSectionHasNoDnsFindings() {
        DomainConfig tlsOnly = new DomainConfig("example.org", null, null, null,
                List.of(new DomainConfig.Tls("example.org", 443, null, null, null, null)), null);

        assertThat(check(tlsOnly)).isEmpty();
    }
}
