package io.vigil.domain.tls;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.domain.check.Observation;
import io.vigil.events.FindingStatus;
import io.vigil.test.TestCertificates;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The verdicts a chain gets, judged at chosen times, without a server. */
class CertificateJudgeTest {

    private static TestCertificates certs;
    private static TrustAnchors trust;
    private final CertificateJudge judge = new CertificateJudge(21, 7);

    @BeforeAll
    static void createCa() {
        certs = TestCertificates.create();
        trust = TrustAnchors.bundle(certs.caBundlePem());
    }

    @AfterAll
    static void closeCa() {
        certs.close();
    }

    private Observation judge(TestCertificates.Issued issued, String protocol, String name, Instant now) {
        Handshake seen = new Handshake(issued.chain(), protocol, "TLS_AES_128_GCM_SHA256", "192.0.2.1");
        return judge.judge("www.example.test:443", seen, name, trust, now).observation();
    }

    private static Instant notAfter(TestCertificates.Issued issued) {
        return issued.certificate().getNotAfter().toInstant();
    }

    @Test
    void goodChainFarFromExpiryIsOk() {
        TestCertificates.Issued issued = certs.leaf("www.example.test").issue();

        Observation o = judge(issued, "TLSv1.3", "www.example.test", Instant.now());

        assertThat(o.code()).as(o.message()).isEqualTo("ok");
        assertThat(o.status()).isEqualTo(FindingStatus.OK);
        assertThat(o.message()).contains("expires in 90 days");
        assertThat(o.details()).containsEntry("problems", "").containsEntry("server_name", "www.example.test")
                .containsEntry("address", "192.0.2.1").containsEntry("cipher", "TLS_AES_128_GCM_SHA256");
    }

    @Test
    void expiryWithinWarningDaysWarns() {
        TestCertificates.Issued issued = certs.leaf("www.example.test").issue();

        Observation o = judge(issued, "TLSv1.3", "www.example.test", notAfter(issued).minus(Duration.ofDays(15)));

        assertThat(o.code()).isEqualTo("expiry");
        assertThat(o.status()).isEqualTo(FindingStatus.WARN);
        assertThat(o.message()).isEqualTo("certificate O=Vigil Tests,CN=www.example.test expires in 15 days ("
                + notAfter(issued) + ")");
        assertThat(o.details()).containsEntry("days_left", "15").containsEntry("not_after", notAfter(issued).toString())
                .containsEntry("problems", "");
    }

    @Test
    void criticalDaysIsTheLastWarnBoundary() {
        TestCertificates.Issued issued = certs.leaf("www.example.test").issue();

        Observation seven = judge(issued, "TLSv1.3", "www.example.test", notAfter(issued).minus(Duration.ofDays(7)));
        Observation eight = judge(issued, "TLSv1.3", "www.example.test",
                notAfter(issued).minus(Duration.ofDays(7).plusSeconds(1)));
        Observation twentyTwo = judge(issued, "TLSv1.3", "www.example.test",
                notAfter(issued).minus(Duration.ofDays(21).plusSeconds(1)));

        assertThat(seven.status()).isEqualTo(FindingStatus.FAIL);
        assertThat(seven.details()).containsEntry("days_left", "7");
        assertThat(eight.status()).isEqualTo(FindingStatus.WARN);
        assertThat(eight.details()).containsEntry("days_left", "8");
        assertThat(twentyTwo.code()).isEqualTo("ok");
    }

    @Test
    void intermediateExpiringBeforeTheLeafIsTheOneWatched() {
        Instant now = Instant.now();
        TestCertificates.Issued issued = certs.leaf("www.example.test")
                .validity(now.minus(Duration.ofDays(1)), now.plus(Duration.ofDays(4000))).issue();
        Instant intermediateEnd = certs.intermediate().getNotAfter().toInstant();

        Observation o = judge(issued, "TLSv1.3", "www.example.test", intermediateEnd.minus(Duration.ofDays(10)));

        assertThat(o.code()).isEqualTo("expiry");
        assertThat(o.details()).containsEntry("days_left", "10")
                .containsEntry("expiring", "O=Vigil Tests,CN=Vigil Test Intermediate CA")
                .containsEntry("not_after", intermediateEnd.toString());
        assertThat(Long.parseLong(o.details().get("leaf_days_left"))).isGreaterThan(2000);
    }

    @Test
    void expiredLeafOlderThanItsIntermediateIsStillTracedToTheRoot() {
        // The leaf ended before the (re-issued) intermediate began: no moment has both valid.
        TestCertificates.Issued issued = certs.leaf("www.example.test").expired(Duration.ofDays(30)).issue();

        Observation o = judge(issued, "TLSv1.3", "www.example.test", Instant.now());

        assertThat(o.details()).containsEntry("problems", "expired");
    }

    @Test
    void expiredLeafWithoutItsIntermediateIsAlsoAnInvalidChain() {
        TestCertificates.Issued issued = certs.leaf("www.example.test").expired(Duration.ofDays(30))
                .withoutIntermediate().issue();

        Observation o = judge(issued, "TLSv1.3", "www.example.test", Instant.now());

        assertThat(o.code()).isEqualTo("expired");
        assertThat(o.details()).containsEntry("problems", "expired,chain_invalid");
        assertThat(o.message()).endsWith("(also: chain_invalid)");
    }

    @Test
    void protocolOlderThanTls12Warns() {
        Observation o = judge(certs.leaf("www.example.test").issue(), "TLSv1.1", "www.example.test", Instant.now());

        assertThat(o.code()).isEqualTo("protocol");
        assertThat(o.status()).isEqualTo(FindingStatus.WARN);
        assertThat(o.message()).contains("TLSv1.1");
        assertThat(o.details()).containsEntry("problems", "protocol").containsEntry("protocol", "TLSv1.1");
    }

    @Test
    void criticalExpiryOutranksAnOldProtocol() {
        TestCertificates.Issued issued = certs.leaf("www.example.test").expiringInDays(5).issue();

        Observation o = judge(issued, "TLSv1", "www.example.test", Instant.now());

        assertThat(o.code()).isEqualTo("expiry");
        assertThat(o.status()).isEqualTo(FindingStatus.FAIL);
        assertThat(o.details()).containsEntry("problems", "protocol");
    }

    @Test
    void mostSeriousProblemIsTheCodeAndEveryProblemIsListed() {
        TestCertificates.Issued issued = certs.leaf("other.test").rsa(1024).expiringInDays(5).issue();

        Observation o = judge(issued, "TLSv1.2", "www.example.test", Instant.now());

        assertThat(o.code()).isEqualTo("hostname_mismatch");
        assertThat(o.status()).isEqualTo(FindingStatus.FAIL);
        assertThat(o.details()).containsEntry("problems", "hostname_mismatch,weak_key")
                .containsEntry("days_left", "5");
        assertThat(o.message()).contains("does not cover www.example.test").endsWith("(also: weak_key, expiry)");
    }

    @Test
    void selfSignedCertificateInTheCaBundleIsTrusted() {
        TestCertificates.Issued issued = certs.leaf("www.example.test").selfSigned().issue();
        TrustAnchors pinned = TrustAnchors.bundle(issued.certPem());

        Observation o = judge.judge("x:443", new Handshake(issued.chain(), "TLSv1.3", "c", "192.0.2.1"),
                "www.example.test", pinned, Instant.now()).observation();

        assertThat(o.code()).as(o.message()).isEqualTo("ok");
    }

    @Test
    void unreadableCaBundleInvalidatesTheChainButExpiryIsStillJudged() {
        TestCertificates.Issued issued = certs.leaf("www.example.test").expiringInDays(3).issue();
        TrustAnchors missing = TrustAnchors.bundle(Path.of("/nonexistent/ca.pem"));

        Observation o = judge.judge("x:443", new Handshake(issued.chain(), "TLSv1.3", "c", "192.0.2.1"),
                "www.example.test", missing, Instant.now()).observation();

        assertThat(o.code()).isEqualTo("chain_invalid");
        assertThat(o.message()).contains("ca-bundle /nonexistent/ca.pem").contains("cannot read it");
        assertThat(o.details()).containsEntry("days_left", "3").containsEntry("problems", "chain_invalid");
    }

    @Test
    void noNameMeansNoHostnameCheck() {
        Observation o = judge(certs.leaf("other.test").issue(), "", null, Instant.now());

        assertThat(o.code()).isEqualTo("ok");
        assertThat(o.details()).containsEntry("server_name", "");
    }
}
