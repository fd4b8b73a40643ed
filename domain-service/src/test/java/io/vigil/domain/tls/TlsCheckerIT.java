package io.vigil.domain.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.vigil.config.DomainConfig;
import io.vigil.domain.check.Observation;
import io.vigil.domain.check.SeenCertificate;
import io.vigil.domain.check.TlsReport;
import io.vigil.events.FindingStatus;
import io.vigil.test.TestCertificates;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The TLS checker against real TLS servers on 127.0.0.1: each kind of broken certificate, SNI, STARTTLS, refusals. */
class TlsCheckerIT {

    private static final Duration TIMEOUT = Duration.ofSeconds(5);
    private static final Duration WAIT = Duration.ofSeconds(20);

    private static TestCertificates certs;
    private static TlsChecker checker;
    private final List<TlsTestServer> servers = new ArrayList<>();

    @BeforeAll
    static void createCaAndChecker() {
        certs = TestCertificates.create();
        checker = new TlsChecker(true, 21, 7, TIMEOUT, 4, Clock.systemUTC());
    }

    @AfterAll
    static void closeCaAndChecker() {
        checker.close();
        certs.close();
    }

    @AfterEach
    void stopServers() throws Exception {
        for (TlsTestServer s : servers) {
            s.close();
        }
    }

    @Test
    void goodChainIsOkAgainstTheCaBundle() throws Exception {
        TestCertificates.Issued issued = certs.leaf("127.0.0.1").issue();
        TlsTestServer server = serve(issued.serverContext());

        TlsReport report = one(endpoint(server, null, null, bundle()));

        Observation o = report.observation();
        assertThat(o.code()).as(o.message()).isEqualTo("ok");
        assertThat(o.status()).isEqualTo(FindingStatus.OK);
        assertThat(o.kind()).isEqualTo(Observation.TLS);
        assertThat(o.subject()).isEqualTo("127.0.0.1:" + server.port());
        assertThat(o.details()).containsEntry("problems", "").containsEntry("address", "127.0.0.1")
                .containsEntry("server_name", "127.0.0.1").containsEntry("sans", "127.0.0.1")
                .containsEntry("subject", "O=Vigil Tests,CN=127.0.0.1")
                .containsEntry("issuer", "O=Vigil Tests,CN=Vigil Test Intermediate CA")
                .containsEntry("protocol", "TLSv1.3").containsEntry("days_left", "90")
                .containsEntry("leaf_days_left", "90").containsKey("cipher");
        assertThat(report.chain()).hasSize(2);
        SeenCertificate leaf = report.chain().get(0);
        assertThat(leaf.position()).isZero();
        assertThat(leaf.sans()).containsExactly("127.0.0.1");
        assertThat(leaf.keyAlgorithm()).isEqualTo("RSA");
        assertThat(leaf.keyBits()).isEqualTo(2048);
        assertThat(leaf.sha256()).matches("[0-9a-f]{64}");
        assertThat(report.chain().get(1).subject()).isEqualTo("O=Vigil Tests,CN=Vigil Test Intermediate CA");
        // An IP literal is never sent as SNI (RFC 6066).
        await().atMost(Duration.ofSeconds(10))
                .untilAsserted(() -> assertThat(server.serverNames()).containsExactly(""));
    }

    @Test
    void testCaIsUntrustedByTheJdkTrustStore() throws Exception {
        TlsTestServer server = serve(certs.leaf("127.0.0.1").issue().serverContext());

        Observation o = one(endpoint(server, null, null, null)).observation();

        assertThat(o.code()).isEqualTo("chain_invalid");
        assertThat(o.status()).isEqualTo(FindingStatus.FAIL);
        assertThat(o.message()).contains("the JDK's trust store");
    }

    @Test
    void expiredCertificateIsExpiredOnly() throws Exception {
        TlsTestServer server = serve(certs.leaf("127.0.0.1").expired(Duration.ofDays(3).plusHours(1)).issue()
                .serverContext());

        Observation o = one(endpoint(server, null, null, bundle())).observation();

        assertThat(o.code()).isEqualTo("expired");
        assertThat(o.status()).isEqualTo(FindingStatus.FAIL);
        assertThat(o.message()).startsWith("certificate O=Vigil Tests,CN=127.0.0.1 expired 3 days ago (");
        // Validated at a date inside its validity: not reported a second time as an invalid chain.
        assertThat(o.details()).containsEntry("problems", "expired").containsEntry("days_left", "-3");
    }

    @Test
    void certificateExpiringInFiveDaysIsACriticalExpiry() throws Exception {
        TlsTestServer server = serve(certs.leaf("127.0.0.1").expiringInDays(5).issue().serverContext());

        Observation o = one(endpoint(server, null, null, bundle())).observation();

        assertThat(o.code()).isEqualTo("expiry");
        assertThat(o.status()).isEqualTo(FindingStatus.FAIL);
        assertThat(o.message()).contains("expires in 5 days");
        assertThat(o.details()).containsEntry("days_left", "5").containsEntry("problems", "")
                .containsEntry("expiring", "O=Vigil Tests,CN=127.0.0.1");
    }

    @Test
    void notYetValidCertificate() throws Exception {
        TlsTestServer server = serve(certs.leaf("127.0.0.1").notYetValid(Duration.ofDays(2)).issue().serverContext());

        Observation o = one(endpoint(server, null, null, bundle())).observation();

        assertThat(o.code()).isEqualTo("not_yet_valid");
        assertThat(o.status()).isEqualTo(FindingStatus.FAIL);
        assertThat(o.message()).contains("is not valid before");
        assertThat(o.details()).containsEntry("problems", "not_yet_valid");
    }

    @Test
    void certificateForAnotherHostIsAHostnameMismatch() throws Exception {
        TlsTestServer server = serve(certs.leaf("other.test").issue().serverContext());

        Observation o = one(endpoint(server, null, null, bundle())).observation();

        assertThat(o.code()).isEqualTo("hostname_mismatch");
        assertThat(o.message()).contains("does not cover 127.0.0.1").contains("other.test");
        assertThat(o.details()).containsEntry("problems", "hostname_mismatch");
    }

    @Test
    void selfSignedCertificateIsSaidAsSuch() throws Exception {
        TlsTestServer server = serve(certs.leaf("127.0.0.1").selfSigned().issue().serverContext());

        TlsReport report = one(endpoint(server, null, null, bundle()));

        assertThat(report.observation().code()).isEqualTo("self_signed");
        assertThat(report.observation().details()).containsEntry("problems", "self_signed");
        assertThat(report.chain()).singleElement().extracting(SeenCertificate::selfSigned).isEqualTo(true);
    }

    @Test
    void missingIntermediateIsAnInvalidChain() throws Exception {
        TlsTestServer server = serve(certs.leaf("127.0.0.1").withoutIntermediate().issue().serverContext());

        TlsReport report = one(endpoint(server, null, null, bundle()));

        assertThat(report.observation().code()).isEqualTo("chain_invalid");
        assertThat(report.observation().message()).contains("unable to find valid certification path");
        assertThat(report.chain()).hasSize(1);
    }

    @Test
    void rsa1024IsAWeakKey() throws Exception {
        TlsTestServer server = serve(certs.leaf("127.0.0.1").rsa(1024).issue().serverContext());

        TlsReport report = one(endpoint(server, null, null, bundle()));

        assertThat(report.observation().code()).isEqualTo("weak_key");
        assertThat(report.observation().message()).contains("RSA 1024 bits");
        assertThat(report.chain().get(0).keyBits()).isEqualTo(1024);
    }

    @Test
    void serverNameIsSentAsSniAndJudgedWhileTheIpIsConnectedTo() throws Exception {
        TlsTestServer server = serve(certs.leaf("example.test").issue().serverContext());

        Observation o = one(endpoint(server, "example.test", null, bundle())).observation();

        assertThat(o.code()).as(o.message()).isEqualTo("ok");
        assertThat(o.details()).containsEntry("server_name", "example.test").containsEntry("address", "127.0.0.1");
        await().atMost(Duration.ofSeconds(10))
                .untilAsserted(() -> assertThat(server.serverNames()).containsExactly("example.test"));
    }

    @Test
    void refusedPortIsUnreachable() throws Exception {
        int port;
        try (ServerSocket closed = new ServerSocket()) {
            closed.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            port = closed.getLocalPort();
        }

        TlsReport report = one(new DomainConfig.Tls("127.0.0.1", port, null, null, null, null));

        assertThat(report.observation().code()).isEqualTo("unreachable");
        assertThat(report.observation().status()).isEqualTo(FindingStatus.FAIL);
        assertThat(report.observation().message()).startsWith("connect to 127.0.0.1:" + port + " failed");
        assertThat(report.observation().details()).containsEntry("step", "connect")
                .containsEntry("problems", "unreachable");
        assertThat(report.chain()).isEmpty();
    }

    @Test
    void privateTargetIsRefusedWhenNotAllowed() throws Exception {
        TlsTestServer server = serve(certs.leaf("127.0.0.1").issue().serverContext());
        TlsChecker strict = new TlsChecker(false, 21, 7, TIMEOUT, 1, Clock.systemUTC());
        try {
            TlsReport report = strict.check(domain(endpoint(server, null, null, bundle())))
                    .await().atMost(WAIT).get(0);

            assertThat(report.observation().code()).isEqualTo("unreachable");
            assertThat(report.observation().message()).contains("domain.allow-private-targets");
            assertThat(report.observation().details()).containsEntry("step", "refused");
            assertThat(server.connections()).isZero();
        } finally {
            strict.close();
        }
    }

    @Test
    void smtpStartTlsYieldsTheCertificate() throws Exception {
        TlsTestServer server = serve(certs.leaf("mail.test").issue().serverContext(), MailDialogues.SMTP);

        Observation o = one(endpoint(server, "mail.test", "smtp", bundle())).observation();

        assertThat(o.code()).as(o.message()).isEqualTo("ok");
        assertThat(server.received()).containsExactly("EHLO vigil.invalid", "STARTTLS");
        await().atMost(Duration.ofSeconds(10))
                .untilAsserted(() -> assertThat(server.serverNames()).containsExactly("mail.test"));
    }

    @Test
    void imapStartTlsYieldsTheCertificate() throws Exception {
        TlsTestServer server = serve(certs.leaf("mail.test").issue().serverContext(), MailDialogues.IMAP);

        Observation o = one(endpoint(server, "mail.test", "imap", bundle())).observation();

        assertThat(o.code()).as(o.message()).isEqualTo("ok");
        // The server counts its handshake when its side of it returns, which can be after the client's.
        await().atMost(Duration.ofSeconds(10)).until(() -> server.handshakes() == 1);
    }

    @Test
    void pop3StartTlsYieldsTheCertificate() throws Exception {
        TlsTestServer server = serve(certs.leaf("mail.test").issue().serverContext(), MailDialogues.POP3);

        Observation o = one(endpoint(server, "mail.test", "pop3", bundle())).observation();

        assertThat(o.code()).as(o.message()).isEqualTo("ok");
        assertThat(server.received()).containsExactly("STLS");
    }

    @Test
    void smtpServerWithoutStartTlsIsUnreachable() throws Exception {
        TlsTestServer server = serve(certs.leaf("mail.test").issue().serverContext(),
                MailDialogues.SMTP_WITHOUT_STARTTLS);

        Observation o = one(endpoint(server, "mail.test", "smtp", bundle())).observation();

        assertThat(o.code()).isEqualTo("unreachable");
        assertThat(o.message()).contains("STARTTLS (smtp)").contains("does not advertise STARTTLS");
        assertThat(o.details()).containsEntry("step", "starttls");
        assertThat(server.handshakes()).isZero();
    }

    @Test
    void imapServerRefusingStartTlsIsUnreachable() throws Exception {
        TlsTestServer server = serve(certs.leaf("mail.test").issue().serverContext(), MailDialogues.IMAP_REFUSING);

        Observation o = one(endpoint(server, "mail.test", "imap", bundle())).observation();

        assertThat(o.code()).isEqualTo("unreachable");
        assertThat(o.message()).contains("STARTTLS (imap)").contains("'a1 NO STARTTLS unavailable'");
    }

    @Test
    void domainWithoutTlsEntriesHasNoReports() {
        assertThat(checker.check(domain()).await().atMost(WAIT)).isEmpty();
    }

    @Test
    void silentServerEndsInTheTimeout() throws Exception {
        TlsTestServer server = serve(certs.leaf("mail.test").issue().serverContext(), MailDialogues.SILENT);
        TlsChecker impatient = new TlsChecker(true, 21, 7, Duration.ofMillis(500), 1, Clock.systemUTC());
        try {
            Observation o = impatient.check(domain(endpoint(server, "mail.test", "smtp", bundle())))
                    .await().atMost(WAIT).get(0).observation();

            assertThat(o.code()).isEqualTo("unreachable");
            assertThat(o.message()).contains("timed out");
        } finally {
            impatient.close();
        }
    }

    @Test
    void plainTextPortWithoutStartTlsIsAFailedHandshake() throws Exception {
        TlsTestServer server = serve(certs.leaf("mail.test").issue().serverContext(),
                MailDialogues.SMTP_WITHOUT_STARTTLS);

        Observation o = one(endpoint(server, "mail.test", null, bundle())).observation();

        assertThat(o.code()).isEqualTo("unreachable");
        assertThat(o.details()).containsEntry("step", "handshake");
        assertThat(o.message()).contains("TLS handshake with 127.0.0.1:" + server.port() + " failed");
    }

    @Test
    void oneReportPerEntryInOrder() throws Exception {
        TlsTestServer expired = serve(certs.leaf("127.0.0.1").expired(Duration.ofDays(1)).issue().serverContext());
        TlsTestServer good = serve(certs.leaf("127.0.0.1").issue().serverContext());

        List<TlsReport> reports = checker.check(domain(endpoint(expired, null, null, bundle()),
                endpoint(good, null, null, bundle()))).await().atMost(WAIT);

        assertThat(reports).extracting(r -> r.observation().subject())
                .containsExactly("127.0.0.1:" + expired.port(), "127.0.0.1:" + good.port());
        assertThat(reports).extracting(r -> r.observation().code()).containsExactly("expired", "ok");
    }

    private TlsTestServer serve(SSLContext context) throws Exception {
        return serve(context, TlsTestServer.NONE);
    }

    private TlsTestServer serve(SSLContext context, TlsTestServer.Dialogue dialogue) throws Exception {
        TlsTestServer server = TlsTestServer.start(context, dialogue);
        servers.add(server);
        return server;
    }

    private static String bundle() {
        return certs.caBundlePem().toString();
    }

    private static DomainConfig.Tls endpoint(TlsTestServer server, String serverName, String starttls,
            String caBundle) {
        return new DomainConfig.Tls("127.0.0.1", server.port(), serverName, starttls, null, caBundle);
    }

    private static DomainConfig domain(DomainConfig.Tls... tls) {
        return new DomainConfig("example.test", null, null, null, Arrays.asList(tls), null);
    }

    private static TlsReport one(DomainConfig.Tls tls) {
        List<TlsReport> reports = checker.check(domain(tls)).await().atMost(WAIT);
        assertThat(reports).hasSize(1);
        return reports.get(0);
    }
}
