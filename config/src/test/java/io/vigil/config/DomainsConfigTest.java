package io.vigil.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The {@code domains:} section: the issue's example loads as written, and every mistake names its field. */
class DomainsConfigTest {

    /** The example of issue 8, verbatim: it must load and work as written. */
    static final String ISSUE_EXAMPLE = """
            domains:
              - name: example.org
                interval: 5m
                dns:
                  resolvers: [system, 1.1.1.1, "9.9.9.9:53", authoritative]
                  expect: {A: [203.0.113.10], MX: ["10 mail.example.org."]}
                tls:
                  - endpoint: example.org:443
                  - endpoint: mail.example.org:587
                    starttls: smtp
                  - endpoint: 203.0.113.11:443   # one node behind the balancer
                    server-name: example.org
                ddns: {address-source: https://ip.example.net/}
            """;

    private final ConfigLoader loader = ConfigLoader.forSections(ConfigLoader.Section.DOMAINS);

    @Test
    void theIssueExampleLoadsAsWritten() {
        List<DomainConfig> domains = loader.parse(ISSUE_EXAMPLE).domains();

        assertThat(domains).singleElement().satisfies(d -> {
            assertThat(d.name()).isEqualTo("example.org");
            assertThat(d.interval()).isEqualTo(Duration.ofMinutes(5));
            assertThat(d.dns().resolvers()).extracting(Object::toString)
                    .containsExactly("system", "1.1.1.1", "9.9.9.9", "authoritative");
            assertThat(d.dns().resolvers().get(2).port()).isEqualTo(53);
            assertThat(d.dns().expect()).containsOnlyKeys("A", "MX");
            assertThat(d.dns().expect().get("A")).singleElement().satisfies(e -> {
                assertThat(e.matches("203.0.113.10")).isTrue();
                assertThat(e.matches("203.0.113.11")).isFalse();
            });
            assertThat(d.dns().expect().get("MX").get(0).matches("10 MAIL.example.org.")).isTrue();
            assertThat(d.tls()).extracting(DomainConfig.Tls::subject)
                    .containsExactly("example.org:443", "mail.example.org:587", "203.0.113.11:443");
            assertThat(d.tls().get(1).starttls()).isEqualTo("smtp");
            assertThat(d.tls().get(2).serverName()).isEqualTo("example.org");
            assertThat(d.ddns().addressUrl()).hasToString("https://ip.example.net/");
        });
    }

    @Test
    void aWrittenDomainReadsBackEqual() {
        String yaml = """
                domains:
                  - name: example.org
                    labels: {team: web}
                    dns:
                      resolvers: ["[2606:4700::1111]:5353", "127.0.0.1:5300"]
                      expect: {TXT: [{regex: "v=spf1 .*"}], AAAA: ["2001:db8::1"], CNAME: [www.example.org.]}
                      timeout: 2s
                    tls:
                      - {file: /etc/ssl/certs/site.pem, ca-bundle: /etc/ssl/internal-ca.pem}
                      - {endpoint: "imap.example.org:143", starttls: imap}
                  - {name: home.example.net, ddns: {address-source: "interface:eth0"}, interval: 1m}
                """;
        for (DomainConfig d : loader.parse(yaml).domains()) {
            JsonNode written = ConfigWriter.domain(d);
            assertThat(loader.parseDomain(written)).as(d.name()).isEqualTo(d);
        }
        DomainConfig first = loader.parse(yaml).domains().get(0);
        assertThat(first.dns().resolvers().get(0).host()).isEqualTo("2606:4700::1111");
        assertThat(first.dns().resolvers().get(0).port()).isEqualTo(5353);
        assertThat(first.dns().expect().get("TXT").get(0).matches("v=spf1 include:x ~all")).isTrue();
        assertThat(loader.parse(yaml).domains().get(1).ddns().addressInterface()).isEqualTo("eth0");
    }

    @ParameterizedTest(name = "[{index}] {1}")
    @MethodSource
    void refusedNamingTheField(String yaml, String field, String problem) {
        ConfigException e = catchThrowableOfType(() -> loader.parse(yaml), ConfigException.class);

        assertThat(e).as("refused: %s", yaml).isNotNull();
        assertThat(e.field()).isEqualTo(field);
        assertThat(e.problem()).contains(problem);
    }

    static Stream<Arguments> refusedNamingTheField() {
        String d = "domains: [{name: example.org, ";
        return Stream.of(
                Arguments.of("domains: [{name: 'not a domain', ddns: {address-source: 'interface:x'}}]",
                        "domains[0] (not a domain).name", "not a domain name"),
                Arguments.of(d + "}]", "domains[0] (example.org)", "has nothing to check"),
                Arguments.of(d + "dns: {expect: {SRV: [x]}}}]", "domains[0] (example.org).dns.expect.SRV",
                        "not a record type"),
                Arguments.of(d + "dns: {expect: {A: [300.1.1.1]}}}]", "domains[0] (example.org).dns.expect.A[0]",
                        "not an IPv4 address"),
                Arguments.of(d + "dns: {expect: {MX: [mail.example.org.]}}}]",
                        "domains[0] (example.org).dns.expect.MX[0]", "preference host"),
                Arguments.of(d + "dns: {expect: {TXT: [{regex: '('}]}}}]",
                        "domains[0] (example.org).dns.expect.TXT[0].regex", "not a regular expression"),
                Arguments.of(d + "dns: {resolvers: [google]}}]", "domains[0] (example.org).dns.resolvers[0]",
                        "not system, authoritative or an IP address"),
                Arguments.of(d + "dns: {resolvers: ['1.1.1.1:99999']}}]", "domains[0] (example.org).dns.resolvers[0]",
                        "not a port"),
                Arguments.of(d + "tls: [{endpoint: example.org}]}]", "domains[0] (example.org).tls[0].endpoint",
                        "host:port"),
                Arguments.of(d + "tls: [{endpoint: 'example.org:25', starttls: ftp}]}]",
                        "domains[0] (example.org).tls[0].starttls", "not one of smtp, imap, pop3"),
                Arguments.of(d + "tls: [{endpoint: 'example.org:443', file: /x.pem}]}]",
                        "domains[0] (example.org).tls[0]", "either endpoint"),
                Arguments.of(d + "ddns: {address-source: 'ftp://x'}}]", "domains[0] (example.org).ddns.address-source",
                        "http://"),
                Arguments.of(d + "dns: {expect: {A: [1.2.3.4]}}, interval: 1s}]", "domains[0] (example.org).interval",
                        "below the minimum"),
                Arguments.of(d + "dns: {expect: {A: [1.2.3.4]}}, tsl: []}]", "domains[0] (example.org).tsl",
                        "unknown key"),
                Arguments.of("domains: [{name: example.org, ddns: {address-source: 'interface:a'}},"
                        + " {name: EXAMPLE.org, ddns: {address-source: 'interface:a'}}]",
                        "domains[1] (EXAMPLE.org).name", "another domain has the same name"));
    }
}
