package io.vigil.domain.tls;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.config.DomainConfig;
import io.vigil.domain.check.Observation;
import io.vigil.domain.check.TlsReport;
import io.vigil.test.TestCertificates;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** PEM files on disk are judged like a served chain, without a connection. */
class TlsCheckerFileTest {

    private static final Duration WAIT = Duration.ofSeconds(10);

    private static TestCertificates certs;
    private static TlsChecker checker;

    @BeforeAll
    static void createCaAndChecker() {
        certs = TestCertificates.create();
        checker = new TlsChecker(false, 21, 7, Duration.ofSeconds(5), 2, Clock.systemUTC());
    }

    @AfterAll
    static void closeCaAndChecker() {
        checker.close();
        certs.close();
    }

    private static TlsReport check(String file, String serverName, String caBundle) {
        DomainConfig.Tls tls = new DomainConfig.Tls(null, 0, serverName, null, file, caBundle);
        List<TlsReport> reports = checker.check(new DomainConfig("example.test", null, null, null, List.of(tls), null))
                .await().atMost(WAIT);
        assertThat(reports).hasSize(1);
        return reports.get(0);
    }

    @Test
    void chainFileIsJudgedAgainstTheCaBundle() {
        TestCertificates.Issued issued = certs.leaf("www.example.test").issue();

        TlsReport report = check(issued.certPem().toString(), null, certs.caBundlePem().toString());

        Observation o = report.observation();
        assertThat(o.code()).as(o.message()).isEqualTo("ok");
        assertThat(o.subject()).isEqualTo(issued.certPem().toString());
        assertThat(o.details()).containsEntry("protocol", "").containsEntry("address", "")
                .containsEntry("server_name", "").containsEntry("days_left", "90");
        assertThat(report.chain()).hasSize(2);
        assertThat(report.chain().get(0).subject()).isEqualTo("O=Vigil Tests,CN=www.example.test");
    }

    @Test
    void expiredFileIsExpired() {
        TestCertificates.Issued issued = certs.leaf("www.example.test").expired(Duration.ofDays(10)).issue();

        Observation o = check(issued.certPem().toString(), null, certs.caBundlePem().toString()).observation();

        assertThat(o.code()).isEqualTo("expired");
        assertThat(o.message()).contains("expired 10 days ago");
    }

    @Test
    void fileIsCheckedAgainstAServerNameWhenGiven() {
        TestCertificates.Issued issued = certs.leaf("www.example.test").issue();

        Observation o = check(issued.certPem().toString(), "mail.example.test", certs.caBundlePem().toString())
                .observation();

        assertThat(o.code()).isEqualTo("hostname_mismatch");
    }

    @Test
    void weakEcKeyInAFileIsAWeakKey() {
        TestCertificates.Issued issued = certs.leaf("www.example.test").ec("secp192r1").issue();

        TlsReport report = check(issued.certPem().toString(), null, certs.caBundlePem().toString());

        // The JDK's path checker refuses keys under 224 bits too: the chain is invalid because of it.
        assertThat(report.observation().details()).containsEntry("problems", "chain_invalid,weak_key");
        assertThat(report.observation().message()).endsWith("(also: weak_key)");
        assertThat(report.chain().get(0).keyBits()).isEqualTo(192);
    }

    @Test
    void missingFileIsUnreachable() {
        Observation o = check("/nonexistent/cert.pem", null, null).observation();

        assertThat(o.code()).isEqualTo("unreachable");
        assertThat(o.message()).contains("cannot read the certificate file /nonexistent/cert.pem");
        assertThat(o.details()).containsEntry("step", "read");
    }
}
