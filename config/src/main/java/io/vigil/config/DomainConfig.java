package io.vigil.config;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A domain from the {@code domains:} section (or the domain-service API): what its DNS records
 * must be and on which resolvers, which TLS certificates to watch for it, and whether it is a
 * dynamic-DNS name that must follow the current public address.
 *
 * @param name the domain ({@code example.org}): the key of its findings
 * @param dns null: no record expectations (TLS or DDNS only)
 * @param tls endpoints and files whose certificates are watched; empty: none
 * @param ddns null: not a dynamic-DNS name
 */
public record DomainConfig(String name, Duration interval, Map<String, String> labels, Dns dns, List<Tls> tls,
        Ddns ddns) {

    public static final Duration DEFAULT_INTERVAL = Duration.ofMinutes(5);
    public static final Duration MIN_INTERVAL = Duration.ofSeconds(10);
    public static final Duration DEFAULT_DNS_TIMEOUT = Duration.ofSeconds(5);
    /** The record types a domain may expect. */
    public static final List<String> RECORD_TYPES = List.of("A", "AAAA", "CNAME", "MX", "TXT", "NS", "CAA");

    public DomainConfig {
        Objects.requireNonNull(name, "name");
        interval = interval == null ? DEFAULT_INTERVAL : interval;
        labels = labels == null ? Map.of() : Map.copyOf(labels);
        tls = tls == null ? List.of() : List.copyOf(tls);
    }

    /**
     * Record expectations and the resolvers to ask.
     *
     * @param expect by record type ({@code A}, {@code MX}, ...): the values the answer must hold,
     *     no more and no fewer
     */
    public record Dns(List<Resolver> resolvers, Map<String, List<Expected>> expect, Duration timeout) {

        public Dns {
            resolvers = resolvers == null || resolvers.isEmpty() ? List.of(Resolver.SYSTEM) : List.copyOf(resolvers);
            expect = expect == null ? Map.of() : Map.copyOf(expect);
            timeout = timeout == null ? DEFAULT_DNS_TIMEOUT : timeout;
        }
    }

    /**
     * A resolver to ask: the system's, one at an address, or the domain's authoritative servers
     * (found through NS).
     */
    public record Resolver(Kind kind, String host, int port) {

        /** Which kind of resolver. */
        public enum Kind {
            SYSTEM, ADDRESS, AUTHORITATIVE
        }

        public static final Resolver SYSTEM = new Resolver(Kind.SYSTEM, null, 0);
        public static final Resolver AUTHORITATIVE = new Resolver(Kind.AUTHORITATIVE, null, 0);

        @Override
        public String toString() {
            return switch (kind) {
                case SYSTEM -> "system";
                case AUTHORITATIVE -> "authoritative";
                case ADDRESS -> (host.contains(":") ? "[" + host + "]" : host) + (port == 53 ? "" : ":" + port);
            };
        }
    }

    /** One expected value: written as text, matched exactly (case-insensitive for names), or a regex. */
    public record Expected(String exact, Pattern regex) {

        public boolean matches(String observed) {
            return regex != null ? regex.matcher(observed).matches() : exact.equalsIgnoreCase(observed);
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Expected e && Objects.equals(exact, e.exact)
                    && Objects.equals(pattern(), e.pattern());
        }

        @Override
        public int hashCode() {
            return Objects.hash(exact, pattern());
        }

        private String pattern() {
            return regex == null ? null : regex.pattern();
        }

        @Override
        public String toString() {
            return regex != null ? "~" + regex.pattern() : exact;
        }
    }

    /**
     * A certificate to watch: at an endpoint ({@code host:port}, optionally at one address behind a
     * balancer, optionally after STARTTLS), or in a PEM file on disk.
     *
     * @param serverName the SNI and the name the certificate must cover; null: the endpoint's host
     * @param starttls null, {@code smtp}, {@code imap} or {@code pop3}
     * @param caBundle a PEM file of trusted CAs instead of the JDK's trust store; null: the JDK's
     */
    public record Tls(String host, int port, String serverName, String starttls, String file, String caBundle) {

        public static final List<String> STARTTLS = List.of("smtp", "imap", "pop3");

        /** What findings name: {@code host:port}, or the file. */
        public String subject() {
            return file != null ? file : (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
        }
    }

    /**
     * A dynamic-DNS name: its A/AAAA answer must be the current public address, read from an HTTP
     * endpoint that answers with the address, or from a local network interface.
     */
    public record Ddns(URI addressUrl, String addressInterface) {
    }
}
