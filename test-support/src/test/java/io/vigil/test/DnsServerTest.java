package io.vigil.test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Section;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.Type;

class DnsServerTest {

    @Test
    void twoServersAnswerTheSameNameDifferently() throws IOException {
        try (DnsServer one = DnsServer.start(DnsServer.Records.builder().a("www.example.test", "192.0.2.1"));
                DnsServer two = DnsServer.start(DnsServer.Records.builder().a("www.example.test", "192.0.2.2"))) {
            assertThat(one.port()).isNotEqualTo(two.port());
            assertThat(answers(one, "www.example.test", Type.A)).containsExactly("192.0.2.1");
            assertThat(answers(two, "www.example.test", Type.A)).containsExactly("192.0.2.2");
        }
    }

    @Test
    void servesEveryRecordTypeWithTheTtlSet() throws IOException {
        DnsServer.Records records = DnsServer.Records.builder().ttl(Duration.ofSeconds(42))
                .a("example.test", "192.0.2.10")
                .a("example.test", "192.0.2.11")
                .aaaa("example.test", "2001:db8::1")
                .a("mail.example.test", "192.0.2.25")
                .cname("www.example.test", "example.test")
                .mx("example.test", 10, "mail.example.test")
                .txt("example.test", "v=spf1 -all")
                .ns("example.test", "ns1.example.test", "ns2.example.test");
        try (DnsServer server = DnsServer.start(records)) {
            assertThat(answers(server, "example.test", Type.A)).containsExactlyInAnyOrder("192.0.2.10", "192.0.2.11");
            assertThat(answers(server, "example.test", Type.AAAA)).containsExactly("2001:db8:0:0:0:0:0:1");
            assertThat(answers(server, "www.example.test", Type.CNAME)).containsExactly("example.test.");
            assertThat(answers(server, "example.test", Type.MX)).containsExactly("10 mail.example.test.");
            assertThat(answers(server, "example.test", Type.TXT)).containsExactly("\"v=spf1 -all\"");
            assertThat(answers(server, "example.test", Type.NS))
                    .containsExactlyInAnyOrder("ns1.example.test.", "ns2.example.test.");

            for (int type : List.of(Type.A, Type.AAAA, Type.MX, Type.TXT, Type.NS)) {
                Message reply = query(server, "example.test", type);
                assertThat(reply.getSection(Section.ANSWER)).allSatisfy(r -> assertThat(r.getTTL())
                        .as("TTL of %s", r).isEqualTo(42L));
            }
        }
    }

    @Test
    void unknownAndBlockedNamesAreNxdomain() throws IOException {
        DnsServer.Records records = DnsServer.Records.builder()
                .a("www.example.test", "192.0.2.1")
                .nxdomain("gone.example.test");
        try (DnsServer server = DnsServer.start(records)) {
            assertThat(query(server, "nope.example.test", Type.A).getRcode()).isEqualTo(Rcode.NXDOMAIN);
            assertThat(query(server, "elsewhere.invalid", Type.A).getRcode()).isEqualTo(Rcode.NXDOMAIN);
            assertThat(query(server, "gone.example.test", Type.A).getRcode()).isEqualTo(Rcode.NXDOMAIN);
            assertThat(query(server, "a.gone.example.test", Type.MX).getRcode()).isEqualTo(Rcode.NXDOMAIN);
            assertThat(query(server, "www.example.test", Type.A).getRcode()).isEqualTo(Rcode.NOERROR);
        }
    }

    @Test
    void servfailDomainAnswersServfail() throws IOException {
        try (DnsServer server = DnsServer.start(DnsServer.Records.builder().servfail("broken.test"))) {
            assertThat(Rcode.string(query(server, "www.broken.test", Type.A).getRcode())).isEqualTo("SERVFAIL");
        }
    }

    @Test
    void timeoutDomainAndBlackHoleNeverAnswer() {
        try (DnsServer server = DnsServer.start(DnsServer.Records.builder().timeout("slow.test"));
                DnsServer.BlackHole hole = DnsServer.BlackHole.open()) {
            assertThatThrownBy(() -> query(server, "www.slow.test", Type.A)).isInstanceOf(IOException.class)
                    .hasMessageContaining("Timed out");
            assertThatThrownBy(() -> query(hole.host(), hole.port(), "www.example.test", Type.A))
                    .isInstanceOf(IOException.class).hasMessageContaining("Timed out");
        }
    }

    @Test
    void restartServesTheChangedRecordOnTheSamePort() throws IOException {
        try (DnsServer server = DnsServer.start(DnsServer.Records.builder().a("www.example.test", "192.0.2.1"))) {
            int port = server.port();
            assertThat(answers(server, "www.example.test", Type.A)).containsExactly("192.0.2.1");

            server.restart(DnsServer.Records.builder().a("www.example.test", "192.0.2.77"));

            assertThat(server.port()).isEqualTo(port);
            assertThat(answers(server, "www.example.test", Type.A)).containsExactly("192.0.2.77");
        }
    }

    @Test
    void closeStopsDnsmasqAndRemovesItsDirectory() throws IOException {
        DnsServer server = DnsServer.start(DnsServer.Records.builder().a("www.example.test", "192.0.2.1"));
        Path dir = server.dir();
        assertThat(dir.resolve("dnsmasq.conf")).exists();
        server.close();
        assertThat(server.isRunning()).isFalse();
        assertThat(Files.exists(dir)).as("%s left behind", dir).isFalse();
        assertThatThrownBy(() -> query(server, "www.example.test", Type.A)).isInstanceOf(IOException.class);
    }

    @Test
    void rejectsNamesThatWouldInjectOptions() {
        assertThatThrownBy(() -> DnsServer.Records.builder().a("evil.test,1.2.3.4\nserver=8.8.8.8", "192.0.2.1"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> DnsServer.Records.builder().a("ok.test", "not-an-address"))
                .isInstanceOf(IllegalArgumentException.class);
    }

    private static List<String> answers(DnsServer server, String name, int type) throws IOException {
        Message reply = query(server, name, type);
        assertThat(Rcode.string(reply.getRcode())).as("rcode for %s %s", name, Type.string(type)).isEqualTo("NOERROR");
        return reply.getSection(Section.ANSWER).stream().filter(r -> r.getType() == type)
                .map(r -> r.rdataToString()).collect(Collectors.toList());
    }

    private static Message query(DnsServer server, String name, int type) throws IOException {
        return query(server.host(), server.port(), name, type);
    }

    private static Message query(String host, int port, String name, int type) throws IOException {
        SimpleResolver resolver = new SimpleResolver(host);
        resolver.setPort(port);
        resolver.setTimeout(Duration.ofSeconds(2));
        return resolver.send(Message.newQuery(org.xbill.DNS.Record.newRecord(Name.fromString(name + "."), type, DClass.IN)));
    }
}
