package io.vigil.domain.dns;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.vertx.core.Vertx;
import io.vigil.config.DomainConfig;
import io.vigil.domain.check.Observation;
import io.vigil.events.FindingStatus;
import io.vigil.test.DnsServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The DDNS checker against a real dnsmasq (the system resolver) and a real HTTP address source on
 * 127.0.0.1 whose answer each test sets.
 */
class DdnsCheckerIT {

    private static final Duration WAIT = Duration.ofSeconds(15);
    private static final DnsServer.Records DRIFTED = DnsServer.Records.builder()
            .a("home.example.org", "198.51.100.1")
            .a("lo.example.org", "127.0.0.1")
            .aaaa("lo.example.org", "::1");

    private static DnsServer dnsServer;
    private static HttpServer source;
    private static Vertx vertx;
    private static final AtomicReference<String> body = new AtomicReference<>();
    private static final AtomicInteger status = new AtomicInteger(200);
    private static final AtomicInteger requests = new AtomicInteger();
    private static final AtomicReference<String> hostHeader = new AtomicReference<>();

    private DdnsChecker checker;

    @BeforeAll
    static void startServers() throws IOException {
        dnsServer = DnsServer.start(DRIFTED);
        source = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        source.createContext("/", exchange -> {
            requests.incrementAndGet();
            hostHeader.set(exchange.getRequestHeaders().getFirst("Host"));
            byte[] bytes = body.get().getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(status.get(), bytes.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        });
        source.start();
        vertx = Vertx.vertx();
    }

    @AfterAll
    static void stopServers() throws Exception {
        if (source != null) {
            source.stop(0);
        }
        if (dnsServer != null) {
            dnsServer.close();
        }
        if (vertx != null) {
            vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        }
    }

    @BeforeEach
    void reset() {
        body.set("203.0.113.7\n");
        status.set(200);
        requests.set(0);
        checker = checker(true);
    }

    @AfterEach
    void closeChecker() {
        checker.close();
    }

    private DdnsChecker checker(boolean allowPrivateTargets) {
        DnsChecker dns = new DnsChecker(Optional.of("127.0.0.1:" + dnsServer.port()), dnsServer.port(), Clock.systemUTC());
        // Generous: a CI run once saw the first request of a cold JVM miss a 3 s source timeout.
        return new DdnsChecker(dns, vertx, allowPrivateTargets, Duration.ofSeconds(10));
    }

    private static URI sourceUrl() {
        return URI.create("http://127.0.0.1:" + source.getAddress().getPort() + "/ip?format=text");
    }

    private static DomainConfig ddns(String name, DomainConfig.Ddns ddns) {
        return new DomainConfig(name, null, null, null, null, ddns);
    }

    private List<Observation> check(DdnsChecker c, DomainConfig domain) {
        return c.check(domain).await().atMost(WAIT);
    }

    @Test
    void driftIsFoundAndClearsOnceTheRecordIsFixed() {
        DomainConfig home = ddns("home.example.org", new DomainConfig.Ddns(sourceUrl(), null));
        try {
            List<Observation> drift = check(checker, home);

            assertThat(drift).hasSize(1);
            Observation o = drift.get(0);
            assertThat(o.kind()).isEqualTo("ddns");
            assertThat(o.subject()).isEqualTo("A");
            assertThat(o.status()).as(o.message()).isEqualTo(FindingStatus.FAIL);
            assertThat(o.code()).isEqualTo("drift");
            assertThat(o.message()).isEqualTo("home.example.org A is 198.51.100.1 but the public address is 203.0.113.7");
            assertThat(o.details()).containsEntry("record_address", "198.51.100.1")
                    .containsEntry("public_address", "203.0.113.7").containsEntry("source", sourceUrl().toString())
                    .containsEntry("resolver", "system");
            assertThat(hostHeader.get()).isEqualTo("127.0.0.1:" + source.getAddress().getPort());

            dnsServer.restart(DnsServer.Records.builder().a("home.example.org", "203.0.113.7"));
            Observation fixed = check(checker, home).get(0);

            assertThat(fixed.status()).as(fixed.message()).isEqualTo(FindingStatus.OK);
            assertThat(fixed.code()).isEqualTo("in_sync");
            assertThat(fixed.message()).isEqualTo("home.example.org A is 203.0.113.7, the current public address");
        } finally {
            dnsServer.restart(DRIFTED);
        }
    }

    @Test
    void anIpv6PublicAddressIsComparedWithTheAaaaRecord() {
        body.set("2001:DB8:0::7");
        Observation o = check(checker, ddns("home.example.org", new DomainConfig.Ddns(sourceUrl(), null))).get(0);

        assertThat(o.subject()).isEqualTo("AAAA");
        assertThat(o.code()).as(o.message()).isEqualTo("drift");
        assertThat(o.details()).containsEntry("public_address", "2001:db8::7").containsEntry("record_address", "");
    }

    @Test
    void garbageFromTheSourceIsSourceFailed() {
        body.set("<html>your ip is 203.0.113.7</html>");
        Observation o = check(checker, ddns("home.example.org", new DomainConfig.Ddns(sourceUrl(), null))).get(0);

        assertThat(o.status()).isEqualTo(FindingStatus.WARN);
        assertThat(o.code()).isEqualTo("source_failed");
        assertThat(o.message()).contains("not an IP address");
    }

    @Test
    void anHttpErrorFromTheSourceIsSourceFailed() {
        status.set(503);
        Observation o = check(checker, ddns("home.example.org", new DomainConfig.Ddns(sourceUrl(), null))).get(0);

        assertThat(o.code()).isEqualTo("source_failed");
        assertThat(o.message()).contains("HTTP 503");
    }

    @Test
    void aPrivateSourceIsRefusedWhenPrivateTargetsAreOff() {
        try (DdnsChecker strict = checker(false)) {
            Observation o = check(strict, ddns("home.example.org", new DomainConfig.Ddns(sourceUrl(), null))).get(0);

            assertThat(o.code()).isEqualTo("source_failed");
            assertThat(o.message()).contains("refused").contains("loopback").contains("domain.allow-private-targets");
            assertThat(requests.get()).as("no request reached the source").isZero();
        }
    }

    @Test
    void theLoopbackInterfaceIsASource() {
        List<Observation> found = check(checker, ddns("lo.example.org", new DomainConfig.Ddns(null, "lo")));

        Observation a = found.stream().filter(o -> o.subject().equals("A")).findFirst().orElseThrow();
        assertThat(a.code()).as(a.message()).isEqualTo("in_sync");
        assertThat(a.details()).containsEntry("public_address", "127.0.0.1").containsEntry("source", "interface:lo");
        // Where lo has ::1 (most hosts), the AAAA record is compared too.
        found.stream().filter(o -> o.subject().equals("AAAA"))
                .forEach(aaaa -> assertThat(aaaa.code()).as(aaaa.message()).isEqualTo("in_sync"));
    }

    @Test
    void aMissingInterfaceIsSourceFailed() {
        Observation o = check(checker, ddns("lo.example.org", new DomainConfig.Ddns(null, "vigil-nosuch0"))).get(0);

        assertThat(o.code()).isEqualTo("source_failed");
        assertThat(o.message()).contains("no interface vigil-nosuch0");
    }

    @Test
    void aRecordThatDoesNotExistIsNxdomain() {
        Observation o = check(checker, ddns("gone.example.org", new DomainConfig.Ddns(sourceUrl(), null))).get(0);

        assertThat(o.status()).as(o.message()).isEqualTo(FindingStatus.FAIL);
        assertThat(o.code()).isEqualTo("nxdomain");
    }

    @Test
    void theAuthoritativeServersAreAskedWhenListed() {
        // ns1 (127.0.0.1) is asked on the authoritative port, which is dnsServer's own in this test.
        dnsServer.restart(DnsServer.Records.builder().a("home.example.org", "203.0.113.7")
                .ns("example.org", "ns1.example.org").a("ns1.example.org", "127.0.0.1"));
        try {
            DomainConfig home = new DomainConfig("home.example.org", null, null,
                    new DomainConfig.Dns(List.of(DomainConfig.Resolver.SYSTEM, DomainConfig.Resolver.AUTHORITATIVE),
                            null, Duration.ofSeconds(2)), null, new DomainConfig.Ddns(sourceUrl(), null));
            Observation o = check(checker, home).get(0);

            assertThat(o.code()).as(o.message()).isEqualTo("in_sync");
            assertThat(o.details()).containsEntry("resolver", "authoritative(ns1.example.org)");
        } finally {
            dnsServer.restart(DRIFTED);
        }
    }

    @Test
    void aDomainWithoutDdnsHasNoDdnsFindings() {
        DomainConfig dnsOnly = new DomainConfig("example.org", null, null,
                new DomainConfig.Dns(null, null, null), null, null);

        assertThat(check(checker, dnsOnly)).isEmpty();
    }
}
