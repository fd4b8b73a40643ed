package io.vigil.domain.dns;

import io.netty.util.NetUtil;
import io.vigil.config.DomainConfig;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.xbill.DNS.ResolverConfig;

/**
 * Turns the configured resolvers into the servers to ask. {@code system} is the settings'
 * {@code domain.system-resolver} or else the machine's first resolver (dnsjava reads
 * /etc/resolv.conf); {@code authoritative} is found by asking the system resolver for the NS
 * records of the name, walking up one label at a time (mail.example.org, then example.org) until a
 * zone answers, and then for each name server's address (A).
 */
final class Targets {

    /** Resolvers listed as {@code authoritative} answer with these labels: {@code authoritative(ns1.example.org)}. */
    static final String AUTHORITATIVE = "authoritative";

    private final InetSocketAddress system;
    private final int authoritativePort;

    /**
     * @param systemResolver {@code ip}, {@code ip:port} or {@code [ipv6]:port}; empty: the machine's resolver
     * @throws IllegalArgumentException when {@code systemResolver} is not an address
     */
    Targets(Optional<String> systemResolver, int authoritativePort) {
        this.system = systemResolver.filter(s -> !s.isBlank()).map(Targets::parse)
                .orElseGet(Targets::machineResolver);
        this.authoritativePort = authoritativePort;
    }

    /** dnsjava's first server from /etc/resolv.conf; loopback (as the resolver library does) when none is set. */
    private static InetSocketAddress machineResolver() {
        InetSocketAddress server = ResolverConfig.getCurrentConfig().server();
        return server != null ? server : new InetSocketAddress(InetAddress.getLoopbackAddress(), 53);
    }

    /** The server {@code system} means. */
    InetSocketAddress system() {
        return system;
    }

    /**
     * Every server the listed resolvers stand for, in the order listed (an {@code authoritative}
     * entry expands to the domain's name servers), and why an {@code authoritative} entry has none.
     */
    CompletableFuture<Servers> servers(List<DomainConfig.Resolver> resolvers, String name, Duration timeout) {
        List<CompletableFuture<Discovery>> found = new ArrayList<>();
        for (DomainConfig.Resolver r : resolvers) {
            found.add(r.kind() == DomainConfig.Resolver.Kind.AUTHORITATIVE ? authoritative(name, timeout)
                    : CompletableFuture.completedFuture(new Discovery(null, List.of(direct(r)), null)));
        }
        return CompletableFuture.allOf(found.toArray(CompletableFuture[]::new)).thenApply(done -> {
            List<Target> targets = new ArrayList<>();
            List<String> failures = new ArrayList<>();
            for (CompletableFuture<Discovery> f : found) {
                Discovery d = f.join();
                targets.addAll(d.targets());
                if (d.failure() != null) {
                    failures.add(d.failure());
                }
            }
            return new Servers(targets, failures);
        });
    }

    /** The one server of a {@code system} or {@code ip[:port]} resolver. */
    Target direct(DomainConfig.Resolver resolver) {
        if (resolver.kind() == DomainConfig.Resolver.Kind.SYSTEM) {
            return Target.at(resolver.toString(), system, false);
        }
        InetAddress ip = NetUtil.createInetAddressFromIpAddressString(resolver.host());
        if (ip == null) {
            return Target.unusable(resolver.toString(), false, "'" + resolver.host() + "' is not an IP address");
        }
        return Target.at(resolver.toString(), new InetSocketAddress(ip, resolver.port()), false);
    }

    /**
     * The domain's name servers for {@code name}, one target each, in the order the NS answer
     * lists them (sorted). Fails (normally completed, {@link Discovery#failure} set) when no zone
     * above the name has NS records or the system resolver does not answer.
     */
    CompletableFuture<Discovery> authoritative(String name, Duration timeout) {
        return nameServers(RecordValues.name(name), timeout).thenCompose(found -> {
            if (found.failure() != null) {
                return CompletableFuture.completedFuture(found);
            }
            List<CompletableFuture<Target>> targets = new ArrayList<>();
            for (Target host : found.targets()) {
                targets.add(address(host.label(), timeout));
            }
            return CompletableFuture.allOf(targets.toArray(CompletableFuture[]::new)).thenApply(done -> {
                List<Target> out = new ArrayList<>();
                targets.forEach(t -> out.add(t.join()));
                return new Discovery(found.zone(), out, null);
            });
        });
    }

    /** NS host names (as labels of unaddressed targets) of the closest zone at or above {@code zone}. */
    private CompletableFuture<Discovery> nameServers(String zone, Duration timeout) {
        return DnsQuery.ask(system, zone, "NS", timeout).thenCompose(answer -> {
            if (answer.outcome() == Answer.Outcome.RECORDS && !answer.values().isEmpty()) {
                List<Target> hosts = new ArrayList<>();
                answer.values().forEach(ns -> hosts.add(Target.unusable(bare(ns), true, null)));
                return CompletableFuture.completedFuture(new Discovery(zone, hosts, null));
            }
            if (!answer.answered()) {
                return CompletableFuture.completedFuture(Discovery.failed("the NS lookup of " + bare(zone)
                        + " on the system resolver failed: " + why(answer)));
            }
            String parent = parent(zone);
            if (parent == null) {
                return CompletableFuture.completedFuture(Discovery.failed("no NS records found for "
                        + bare(zone) + " or the zones above it"));
            }
            return nameServers(parent, timeout);
        });
    }

    private CompletableFuture<Target> address(String host, Duration timeout) {
        String label = AUTHORITATIVE + "(" + host + ")";
        return DnsQuery.ask(system, host, "A", timeout).thenApply(answer -> {
            if (answer.outcome() == Answer.Outcome.RECORDS && !answer.values().isEmpty()) {
                InetAddress ip = NetUtil.createInetAddressFromIpAddressString(answer.values().get(0));
                return Target.at(label, new InetSocketAddress(ip, authoritativePort), true);
            }
            return Target.unusable(label, true, "the name server " + host + " has no address (A) on the system"
                    + " resolver: " + why(answer));
        });
    }

    /**
     * The zone one label up, or null at a top-level domain: the TLD's servers would answer a
     * question about example.org with a referral, not with the record, so they are never asked.
     */
    static String parent(String zone) {
        String bare = bare(zone);
        int dot = bare.indexOf('.');
        if (dot < 0) {
            return null;
        }
        String up = bare.substring(dot + 1);
        return up.contains(".") ? up + "." : null;
    }

    private static String why(Answer answer) {
        if (answer.outcome() == Answer.Outcome.RECORDS) {
            return "no records";
        }
        return answer.error().isEmpty() ? answer.outcome().name() : answer.error();
    }

    static String bare(String name) {
        return name.endsWith(".") ? name.substring(0, name.length() - 1) : name;
    }

    private static InetSocketAddress parse(String text) {
        String t = text.trim();
        String host = t;
        int port = 53;
        if (t.startsWith("[")) {
            int close = t.indexOf(']');
            host = close < 0 ? t : t.substring(1, close);
            if (close > 0 && close + 1 < t.length() && t.charAt(close + 1) == ':') {
                port = port(t.substring(close + 2), text);
            }
        } else if (t.indexOf(':') > 0 && t.indexOf(':') == t.lastIndexOf(':')) {
            host = t.substring(0, t.indexOf(':'));
            port = port(t.substring(t.indexOf(':') + 1), text);
        }
        InetAddress ip = NetUtil.createInetAddressFromIpAddressString(host);
        if (ip == null) {
            throw new IllegalArgumentException("domain.system-resolver: '" + text + "' is not ip[:port]");
        }
        return new InetSocketAddress(ip, port);
    }

    private static int port(String text, String whole) {
        try {
            int port = Integer.parseInt(text);
            if (port >= 1 && port <= 65535) {
                return port;
            }
        } catch (NumberFormatException e) {
            // below
        }
        throw new IllegalArgumentException("domain.system-resolver: '" + whole + "' has no valid port");
    }

    /**
     * The servers to ask for a domain.
     *
     * @param failures why {@code authoritative} found no name server (at most one entry per such resolver)
     */
    record Servers(List<Target> targets, List<String> failures) {
    }

    /**
     * The name servers found for a name.
     *
     * @param zone the zone whose NS records they are ({@code example.org.}); null on failure
     * @param failure why none were found; null when found
     */
    record Discovery(String zone, List<Target> targets, String failure) {

        static Discovery failed(String why) {
            return new Discovery(null, List.of(), why);
        }
    }
}
