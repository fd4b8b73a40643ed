package io.vigil.test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateNotYetValidException;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class TestCertificatesTest {

    private static TestCertificates ca;
    private static final ExecutorService SERVER = Executors.newCachedThreadPool();

    @BeforeAll
    static void createCa() {
        ca = TestCertificates.create();
    }

    @AfterAll
    static void closeCa() throws InterruptedException {
        ca.close();
        SERVER.shutdownNow();
        SERVER.awaitTermination(10, TimeUnit.SECONDS);
    }

    @Test
    void validChainVerifiesForItsHost() throws Exception {
        TestCertificates.Issued issued = ca.leaf("valid.test", "127.0.0.1").issue();

        X509Certificate[] seen = handshake(issued, "valid.test");

        assertThat(seen).hasSize(2);
        assertThat(seen[0]).isEqualTo(issued.certificate());
        assertThat(seen[1]).isEqualTo(ca.intermediate());
        // An IP literal in the leaf lands as an IP SAN, so a client dialling 127.0.0.1 verifies too.
        assertThat(handshake(issued, "127.0.0.1")).hasSize(2);
    }

    @Test
    void expiredCertificateFailsValidation() {
        TestCertificates.Issued issued = ca.leaf("expired.test").expired(Duration.ofDays(3)).issue();

        assertThat(issued.certificate().getNotAfter().toInstant()).isBefore(Instant.now());
        assertThatThrownBy(() -> handshake(issued, "expired.test")).isInstanceOf(SSLHandshakeException.class)
                .hasRootCauseInstanceOf(CertificateExpiredException.class);
    }

    @Test
    void notYetValidCertificateFailsValidation() {
        TestCertificates.Issued issued = ca.leaf("future.test").notYetValid(Duration.ofDays(2)).issue();

        assertThatThrownBy(() -> handshake(issued, "future.test")).isInstanceOf(SSLHandshakeException.class)
                .hasRootCauseInstanceOf(CertificateNotYetValidException.class);
    }

    @Test
    void expiringCertificateStillVerifiesAndEndsOnTheDayAsked() throws Exception {
        TestCertificates.Issued issued = ca.leaf("soon.test").expiringInDays(5).issue();

        Duration left = Duration.between(Instant.now(), issued.certificate().getNotAfter().toInstant());
        assertThat(left).isBetween(Duration.ofDays(5).minusMinutes(1), Duration.ofDays(5));
        assertThat(handshake(issued, "soon.test")).hasSize(2);
    }

    @Test
    void wrongHostFailsHostnameVerification() {
        TestCertificates.Issued issued = ca.leaf("other.test").issue();

        assertThatThrownBy(() -> handshake(issued, "wanted.test")).isInstanceOf(SSLHandshakeException.class)
                .hasMessageContaining("wanted.test");
    }

    @Test
    void selfSignedAndMissingIntermediateAreNotTrusted() {
        TestCertificates.Issued selfSigned = ca.leaf("self.test").selfSigned().issue();
        TestCertificates.Issued noIntermediate = ca.leaf("partial.test").withoutIntermediate().issue();

        assertThat(selfSigned.chain()).hasSize(1);
        assertThat(selfSigned.certificate().getIssuerX500Principal())
                .isEqualTo(selfSigned.certificate().getSubjectX500Principal());
        assertThat(noIntermediate.chain()).hasSize(1);
        assertThatThrownBy(() -> handshake(selfSigned, "self.test")).isInstanceOf(SSLHandshakeException.class)
                .hasMessageContaining("PKIX path building failed");
        assertThatThrownBy(() -> handshake(noIntermediate, "partial.test")).isInstanceOf(SSLHandshakeException.class)
                .hasMessageContaining("PKIX path building failed");
    }

    @Test
    void weakKeysHaveTheSizeAsked() throws Exception {
        TestCertificates.Issued rsa = ca.leaf("weak-rsa.test").rsa(1024).issue();
        TestCertificates.Issued ec = ca.leaf("weak-ec.test").ec("secp192r1").selfSigned().issue();

        assertThat(((RSAPublicKey) rsa.certificate().getPublicKey()).getModulus().bitLength()).isEqualTo(1024);
        assertThat(((ECPublicKey) ec.certificate().getPublicKey()).getParams().getCurve().getField().getFieldSize())
                .isEqualTo(192);
        // The JDK still serves RSA 1024 (its client policy refuses < 1024 only), so a checker sees it.
        assertThat(handshake(rsa, "weak-rsa.test")[0].getPublicKey()).isEqualTo(rsa.certificate().getPublicKey());
    }

    @Test
    void writesPemFilesAndTheCaBundle() throws IOException {
        TestCertificates.Issued issued = ca.leaf("pem.test").issue();

        assertThat(Files.readString(issued.certPem())).startsWith("-----BEGIN CERTIFICATE-----");
        assertThat(countOf(Files.readString(issued.certPem()), "BEGIN CERTIFICATE")).isEqualTo(2);
        assertThat(Files.readString(issued.keyPem())).startsWith("-----BEGIN PRIVATE KEY-----");
        assertThat(countOf(Files.readString(ca.caBundlePem()), "BEGIN CERTIFICATE")).isEqualTo(1);
        Path dir = ca.caBundlePem().getParent();
        try (TestCertificates other = TestCertificates.create()) {
            assertThat(other.caBundlePem()).exists();
            dir = other.caBundlePem().getParent();
        }
        assertThat(dir).doesNotExist();
    }

    private static int countOf(String text, String part) {
        return text.split(part, -1).length - 1;
    }

    /**
     * A handshake with a JDK TLS server on 127.0.0.1 presenting {@code issued}; the client trusts
     * only the test root and checks the host name as HTTPS does. Returns the chain the client saw.
     */
    private static X509Certificate[] handshake(TestCertificates.Issued issued, String host) throws Exception {
        SSLContext server = issued.serverContext();
        try (SSLServerSocket listener = (SSLServerSocket) server.getServerSocketFactory()
                .createServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            listener.setSoTimeout(10_000);
            SERVER.submit(() -> {
                try (SSLSocket accepted = (SSLSocket) listener.accept()) {
                    accepted.setSoTimeout(10_000);
                    accepted.startHandshake();
                    accepted.getOutputStream().write(1);
                    accepted.getOutputStream().flush();
                } catch (IOException e) {
                    // The client's verdict is what the tests check.
                }
                return null;
            });
            try (Socket plain = new Socket()) {
                plain.connect(new InetSocketAddress("127.0.0.1", listener.getLocalPort()), 5_000);
                plain.setSoTimeout(10_000);
                // Layered over a loopback socket, so 'host' needs no resolution but is what gets verified.
                try (SSLSocket client = (SSLSocket) ca.clientContext().getSocketFactory()
                        .createSocket(plain, host, listener.getLocalPort(), true)) {
                    SSLParameters params = client.getSSLParameters();
                    params.setEndpointIdentificationAlgorithm("HTTPS");
                    client.setSSLParameters(params);
                    client.startHandshake();
                    assertThat(client.getInputStream().read()).isEqualTo(1);
                    return Arrays.stream(client.getSession().getPeerCertificates()).map(c -> (X509Certificate) c)
                            .toArray(X509Certificate[]::new);
                }
            }
        }
    }
}
