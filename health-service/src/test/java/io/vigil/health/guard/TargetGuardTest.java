package io.vigil.health.guard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.Future;
import io.vigil.support.net.AddressClass;
import io.vigil.support.net.TargetRefusedException;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TargetGuardTest {

    private static final Map<String, List<String>> DNS = Map.of(
            "shop.example.org", List.of("169.254.169.254"),
            "rebind.example.org", List.of("93.184.215.14", "169.254.169.254"),
            "mixed.example.org", List.of("10.0.0.5", "93.184.215.14"),
            "lan.example.org", List.of("10.0.0.5", "192.168.1.9"),
            "public.example.org", List.of("93.184.215.14"));

    /** Answers from the map above; no DNS server involved. */
    private static final Resolver FAKE_DNS = host -> {
        List<String> answers = DNS.get(host);
        if (answers == null) {
            return Future.failedFuture(new UnknownHostException(host));
        }
        return Future.succeededFuture(answers.stream().map(TargetGuardTest::ip).toList());
    };

    private final TargetGuard strict = new TargetGuard(false, FAKE_DNS);
    private final TargetGuard lenient = new TargetGuard(true, FAKE_DNS);

    @ParameterizedTest(name = "{0} is {1}")
    @CsvSource({
        "169.254.169.254, LINK_LOCAL_V4",
        "169.254.0.1, LINK_LOCAL_V4",
        "169.254.255.255, LINK_LOCAL_V4",
        "100.100.100.200, CLOUD_METADATA",
        "192.0.0.192, CLOUD_METADATA",
        "fd00:ec2::254, CLOUD_METADATA",
        "fe80::1, LINK_LOCAL",
        "febf:ffff::1, LINK_LOCAL",
        "0.0.0.0, UNSPECIFIED",
        "0.1.2.3, UNSPECIFIED",
        "::, UNSPECIFIED",
        "224.0.0.1, MULTICAST",
        "239.255.255.250, MULTICAST",
        "ff02::1, MULTICAST",
        "255.255.255.255, BROADCAST",
        "240.0.0.1, RESERVED",
        "127.0.0.1, LOOPBACK",
        "127.255.0.9, LOOPBACK",
        "::1, LOOPBACK",
        "10.0.0.5, PRIVATE",
        "10.255.255.255, PRIVATE",
        "172.16.0.1, PRIVATE",
        "172.31.255.255, PRIVATE",
        "192.168.1.1, PRIVATE",
        "100.64.0.1, CARRIER_GRADE_NAT",
        "100.127.255.255, CARRIER_GRADE_NAT",
        "fc00::1, UNIQUE_LOCAL",
        "fd12:3456::1, UNIQUE_LOCAL",
        "172.15.255.255, PUBLIC",
        "172.32.0.1, PUBLIC",
        "100.63.255.255, PUBLIC",
        "100.128.0.1, PUBLIC",
        "169.253.255.255, PUBLIC",
        "11.0.0.1, PUBLIC",
        "93.184.215.14, PUBLIC",
        "223.255.255.255, PUBLIC",
        "2606:4700::1111, PUBLIC",
        "fe7f::1, PUBLIC",
        "fec0::1, PRIVATE",
    })
    void classifiesEveryRange(String address, AddressClass expected) {
        assertThat(AddressClass.of(ip(address))).isEqualTo(expected);
    }

    @ParameterizedTest(name = "{0} is judged as {1}")
    @CsvSource({
        "::ffff:a9fe:a9fe, LINK_LOCAL_V4",
        "::ffff:10.0.0.5, PRIVATE",
        "::ffff:127.0.0.1, LOOPBACK",
        "::ffff:93.184.215.14, PUBLIC",
        "::169.254.169.254, LINK_LOCAL_V4",
        "64:ff9b::169.254.169.254, LINK_LOCAL_V4",
        "64:ff9b::93.184.215.14, PUBLIC",
        "2002:a9fe:a9fe::1, LINK_LOCAL_V4",
        "2002:5db8:d70e::1, PUBLIC",
    })
    void judgesIpv6FormsThatCarryAnIpv4AddressByThatAddress(String address, AddressClass expected) {
        assertThat(AddressClass.of(mappedAsIs(address))).isEqualTo(expected);
    }

    @Test
    void neverAllowsLinkLocalOrMetadataEvenWhenPrivateTargetsAreAllowed() {
        assertThat(refusal(lenient, "169.254.169.254"))
                .isEqualTo("refused: 169.254.169.254 (link-local/cloud metadata, never allowed)");
        assertThat(refusal(lenient, "100.100.100.200")).isEqualTo("refused: 100.100.100.200 (cloud metadata, never allowed)");
        assertThat(refusal(lenient, "[fe80::1]")).contains("(link-local, never allowed)");
        assertThat(refusal(lenient, "[fd00:ec2::254]")).contains("(cloud metadata, never allowed)");
        assertThat(refusal(lenient, "224.0.0.1")).contains("(multicast, never allowed)");
        assertThat(refusal(lenient, "255.255.255.255")).contains("(broadcast, never allowed)");
        assertThat(refusal(lenient, "0.0.0.0")).contains("never allowed");
    }

    @Test
    void unwrapsIpv4MappedIpv6LiteralsInUrls() {
        assertThat(refusal(lenient, "[::ffff:169.254.169.254]")).contains("never allowed");
        assertThat(refusal(strict, "[::ffff:10.0.0.5]")).contains("a private address");
        assertThat(address(lenient, "[::ffff:10.0.0.5]")).isEqualTo(ip("10.0.0.5"));
    }

    @Test
    void refusesPrivateAndLoopbackTargetsUnlessThePolicyAllowsThem() {
        assertThat(refusal(strict, "10.0.0.5"))
                .isEqualTo("refused: 10.0.0.5 is a private address (set health.allow-private-targets=true to allow)");
        assertThat(refusal(strict, "127.0.0.1")).startsWith("refused: 127.0.0.1 is a loopback address");
        assertThat(refusal(strict, "[::1]")).contains("loopback");
        assertThat(refusal(strict, "100.64.0.1")).contains("carrier-grade NAT");
        assertThat(refusal(strict, "[fd12::1]")).contains("unique-local");

        assertThat(address(lenient, "10.0.0.5")).isEqualTo(ip("10.0.0.5"));
        assertThat(address(lenient, "127.0.0.1")).isEqualTo(ip("127.0.0.1"));
        assertThat(address(lenient, "[::1]")).isEqualTo(ip("::1"));
    }

    @Test
    void allowsPublicAddressesWhateverThePolicy() {
        assertThat(address(strict, "93.184.215.14")).isEqualTo(ip("93.184.215.14"));
        assertThat(address(strict, "public.example.org")).isEqualTo(ip("93.184.215.14"));
    }

    @Test
    void refusesANameThatResolvesToTheMetadataAddress() {
        assertThat(refusal(lenient, "shop.example.org"))
                .isEqualTo("refused: shop.example.org resolves to 169.254.169.254 (link-local/cloud metadata, never allowed)");
    }

    @Test
    void refusesANameWhenAnyAnswerIsNeverAllowedEvenIfTheFirstIsPublic() {
        assertThat(refusal(lenient, "rebind.example.org")).contains("resolves to 169.254.169.254");
    }

    @Test
    void connectsToTheFirstAllowedAnswer() {
        assertThat(address(strict, "mixed.example.org")).isEqualTo(ip("93.184.215.14"));
        assertThat(address(lenient, "mixed.example.org")).isEqualTo(ip("10.0.0.5"));
    }

    @Test
    void refusesANameWhoseAnswersAreAllPrivateWhenThePolicyForbidsThem() {
        assertThat(refusal(strict, "lan.example.org"))
                .isEqualTo("refused: lan.example.org resolves to 10.0.0.5, a private address (set health.allow-private-targets=true to allow)");
    }

    @Test
    void reportsANameThatDoesNotResolve() {
        Future<InetAddress> f = strict.address("nosuch.example.org");
        assertThat(f.failed()).isTrue();
        assertThat(f.cause()).isInstanceOf(UnknownHostException.class);
        assertThatThrownBy(() -> strict.choose("empty.example.org", false, List.of()))
                .isInstanceOf(UnknownHostException.class);
    }

    private static String refusal(TargetGuard guard, String host) {
        Future<InetAddress> f = guard.address(host);
        assertThat(f.failed()).as("%s should be refused, got %s", host, f.result()).isTrue();
        assertThat(f.cause()).isInstanceOf(TargetRefusedException.class);
        return f.cause().getMessage();
    }

    private static InetAddress address(TargetGuard guard, String host) {
        Future<InetAddress> f = guard.address(host);
        assertThat(f.succeeded()).as("%s should be allowed: %s", host, f.cause()).isTrue();
        return f.result();
    }

    private static InetAddress ip(String literal) {
        try {
            return InetAddress.getByName(literal);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(e);
        }
    }

    /** An Inet6Address even for ::ffff:a.b.c.d, which InetAddress.getByName turns into IPv4. */
    private static InetAddress mappedAsIs(String literal) {
        byte[] b = ip(literal).getAddress();
        if (b.length == 4) {
            byte[] v6 = new byte[16];
            v6[10] = (byte) 0xff;
            v6[11] = (byte) 0xff;
            System.arraycopy(b, 0, v6, 12, 4);
            b = v6;
        }
        try {
            return Inet6Address.getByAddress(null, b, -1);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(Arrays.toString(b), e);
        }
    }
}
