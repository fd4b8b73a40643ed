package io.vigil.domain.dns;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.config.DomainConfig;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.AAAARecord;
import org.xbill.DNS.CAARecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.MXRecord;
import org.xbill.DNS.Name;
import org.xbill.DNS.TXTRecord;

class RecordValuesTest {

    private static DomainConfig.Expected exact(String text) {
        return new DomainConfig.Expected(text, null);
    }

    private static DomainConfig.Expected regex(String pattern) {
        return new DomainConfig.Expected(null, Pattern.compile(pattern));
    }

    @Test
    void observedRecordsTakeTheirCanonicalText() throws Exception {
        Name owner = Name.fromString("example.org.");
        assertThat(RecordValues.canonical(new AAAARecord(owner, DClass.IN, 60,
                java.net.InetAddress.getByName("2001:DB8:0:0:0:0:0:1")))).isEqualTo("2001:db8::1");
        assertThat(RecordValues.canonical(new MXRecord(owner, DClass.IN, 60, 10, Name.fromString("Mail.Example.ORG.")))).isEqualTo(
                "10 mail.example.org.");
        assertThat(RecordValues.canonical(new TXTRecord(owner, DClass.IN, 60, List.of("v=spf1 ", "-all"))))
                .isEqualTo("v=spf1 -all");
        assertThat(RecordValues.canonical(new CAARecord(owner, DClass.IN, 60, 0, "issue", "letsencrypt.org")))
                .isEqualTo("0 issue \"letsencrypt.org\"");
    }

    @Test
    void namesMatchWithOrWithoutTrailingDotInAnyCase() {
        assertThat(RecordValues.matches("CNAME", List.of(exact("WWW.example.org")), List.of("www.example.org.")))
                .isTrue();
        assertThat(RecordValues.matches("MX", List.of(exact("10  mail.example.org")), List.of("10 mail.example.org.")))
                .isTrue();
        assertThat(RecordValues.matches("MX", List.of(exact("20 mail.example.org")), List.of("10 mail.example.org.")))
                .isFalse();
    }

    @Test
    void addressesCompareAsAddressesNotText() {
        assertThat(RecordValues.matches("AAAA", List.of(exact("2001:0db8:0:0::1")), List.of("2001:db8::1"))).isTrue();
        assertThat(RecordValues.matches("A", List.of(exact("203.0.113.10")), List.of("203.0.113.11"))).isFalse();
    }

    @Test
    void txtValuesAreCaseSensitive() {
        assertThat(RecordValues.matches("TXT", List.of(exact("v=DKIM1; p=AbC")), List.of("v=DKIM1; p=AbC"))).isTrue();
        assertThat(RecordValues.matches("TXT", List.of(exact("v=DKIM1; p=abc")), List.of("v=DKIM1; p=AbC"))).isFalse();
    }

    @Test
    void answerMustBeTheExpectedSetNoMoreNoFewer() {
        List<DomainConfig.Expected> two = List.of(exact("192.0.2.1"), exact("192.0.2.2"));
        assertThat(RecordValues.matches("A", two, List.of("192.0.2.1", "192.0.2.2"))).isTrue();
        assertThat(RecordValues.matches("A", two, List.of("192.0.2.1"))).as("one missing").isFalse();
        assertThat(RecordValues.matches("A", List.of(exact("192.0.2.1")), List.of("192.0.2.1", "192.0.2.9")))
                .as("one extra").isFalse();
        assertThat(RecordValues.matches("A", two, List.of())).as("no records").isFalse();
    }

    @Test
    void regexMatchesTheWholeValueAndNamesWithoutTheirDot() {
        assertThat(RecordValues.matches("TXT", List.of(regex("v=spf1 .* -all")), List.of("v=spf1 mx -all"))).isTrue();
        assertThat(RecordValues.matches("TXT", List.of(regex("v=spf1")), List.of("v=spf1 mx -all"))).isFalse();
        assertThat(RecordValues.matches("CNAME", List.of(regex("[a-z]+\\.cdn\\.example\\.net")),
                List.of("edge.cdn.example.net."))).isTrue();
        assertThat(RecordValues.matches("A", List.of(regex("203\\.0\\.113\\.\\d+")), List.of("203.0.113.7", "10.0.0.1")))
                .as("every observed value must match").isFalse();
    }

    @Test
    void caaExpectationIsNormalised() {
        assertThat(RecordValues.canonical("CAA", "0  ISSUE  \"letsencrypt.org\"")).isEqualTo("0 issue \"letsencrypt.org\"");
        assertThat(RecordValues.canonical("CAA", "x issue \"letsencrypt.org\"")).isEqualTo("x issue \"letsencrypt.org\"");
    }
}
