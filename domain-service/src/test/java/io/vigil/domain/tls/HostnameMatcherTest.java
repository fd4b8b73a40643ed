package io.vigil.domain.tls;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** RFC 6125 name matching as browsers apply it. */
class HostnameMatcherTest {

    private static boolean dns(String name, String... sans) {
        return HostnameMatcher.matches(name, List.of(sans), List.of(), "ignored.example");
    }

    @Test
    void exactNameMatchesIgnoringCaseAndTrailingDot() {
        assertThat(dns("www.example.org", "www.example.org")).isTrue();
        assertThat(dns("WWW.Example.ORG", "www.example.org")).isTrue();
        assertThat(dns("www.example.org", "WWW.EXAMPLE.org")).isTrue();
        assertThat(dns("www.example.org.", "www.example.org")).isTrue();
        assertThat(dns("www.example.org", "example.org")).isFalse();
        assertThat(dns("example.org", "www.example.org")).isFalse();
    }

    @Test
    void wildcardCoversExactlyOneLeftMostLabel() {
        assertThat(dns("www.example.org", "*.example.org")).isTrue();
        assertThat(dns("WWW.EXAMPLE.ORG", "*.Example.org")).isTrue();
        assertThat(dns("example.org", "*.example.org")).isFalse();
        assertThat(dns("a.b.example.org", "*.example.org")).isFalse();
        assertThat(dns("wwwexample.org", "*.example.org")).isFalse();
    }

    @Test
    void wildcardsBrowsersRefuseMatchNothing() {
        assertThat(dns("example.org", "*.org")).as("a whole TLD").isFalse();
        assertThat(dns("foo.example.org", "f*.example.org")).as("partial label").isFalse();
        assertThat(dns("www.a.example.org", "www.*.example.org")).as("not left-most").isFalse();
        assertThat(dns("a.b.example.org", "*.*.example.org")).isFalse();
    }

    @Test
    void unicodeNameMatchesItsALabel() {
        assertThat(dns("bücher.example", "xn--bcher-kva.example")).isTrue();
    }

    @Test
    void ipLiteralMatchesOnlyIpSans() {
        assertThat(HostnameMatcher.matches("203.0.113.11", List.of(), List.of("203.0.113.11"), null)).isTrue();
        assertThat(HostnameMatcher.matches("203.0.113.11", List.of("203.0.113.11"), List.of(), null))
                .as("an IP in a DNS SAN").isFalse();
        assertThat(HostnameMatcher.matches("203.0.113.12", List.of(), List.of("203.0.113.11"), null)).isFalse();
    }

    @Test
    void ipv6LiteralsCompareAsAddresses() {
        assertThat(HostnameMatcher.matches("2001:DB8::1", List.of(), List.of("2001:db8:0:0:0:0:0:1"), null)).isTrue();
        assertThat(HostnameMatcher.matches("[2001:db8::1]", List.of(), List.of("2001:db8::1"), null)).isTrue();
    }

    @Test
    void commonNameCountsOnlyWithoutSans() {
        assertThat(HostnameMatcher.matches("www.example.org", List.of(), List.of(), "www.example.org")).isTrue();
        assertThat(HostnameMatcher.matches("www.example.org", List.of(), List.of(), "*.example.org")).isTrue();
        assertThat(HostnameMatcher.matches("www.example.org", List.of("other.example.org"), List.of(),
                "www.example.org")).as("CN next to SANs is ignored").isFalse();
        assertThat(HostnameMatcher.matches("www.example.org", List.of(), List.of("192.0.2.1"), "www.example.org"))
                .as("IP SANs count as SANs").isFalse();
        assertThat(HostnameMatcher.matches("www.example.org", List.of(), List.of(), null)).isFalse();
    }
}
