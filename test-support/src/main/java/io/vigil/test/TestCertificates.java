package io.vigil.test;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Date;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * A test CA (root and intermediate) that issues leaf certificates for given host names, valid or
 * broken on purpose (expired, not yet valid, wrong host, self-signed, weak key, incomplete chain),
 * as PEM files in a temp directory and as JDK {@link SSLContext}s for local TLS servers and clients.
 */
public final class TestCertificates implements AutoCloseable {

    /** Password of every in-memory key store built here; they never leave the JVM. */
    static final char[] PASSWORD = "vigil-test".toCharArray();
    /** BouncyCastle, not registered globally, for keys the JDK will not generate (EC P-192). */
    private static final BouncyCastleProvider BC = new BouncyCastleProvider();
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Path dir;
    private final KeyPair rootKey;
    private final X509Certificate root;
    private final KeyPair intermediateKey;
    private final X509Certificate intermediate;
    private final AtomicLong serial = new AtomicLong(System.currentTimeMillis());
    private final AtomicLong files = new AtomicLong();

    private TestCertificates(Path dir) throws GeneralSecurityException, OperatorCreationException, IOException {
        this.dir = dir;
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        rootKey = ec("secp256r1");
        root = sign(new X500Name("CN=Vigil Test Root CA,O=Vigil Tests"), rootKey.getPublic(),
                new X500Name("CN=Vigil Test Root CA,O=Vigil Tests"), rootKey, null,
                now.minus(Duration.ofDays(1)), now.plus(Duration.ofDays(3650)), ca(1));
        intermediateKey = ec("secp256r1");
        intermediate = sign(new X500Name("CN=Vigil Test Intermediate CA,O=Vigil Tests"), intermediateKey.getPublic(),
                X500Name.getInstance(root.getSubjectX500Principal().getEncoded()), rootKey, root,
                now.minus(Duration.ofDays(1)), now.plus(Duration.ofDays(1825)), ca(0));
        Files.writeString(dir.resolve("root.pem"), pem(root), StandardCharsets.US_ASCII);
    }

    /** Makes a new root and intermediate CA; PEM files go to a temp directory deleted on close. */
    public static TestCertificates create() {
        Path dir = null;
        try {
            dir = Files.createTempDirectory("vigil-certs-");
            return new TestCertificates(dir);
        } catch (IOException | GeneralSecurityException | OperatorCreationException e) {
            if (dir != null) {
                delete(dir);
            }
            throw new IllegalStateException("cannot create the test CA", e);
        }
    }

    public X509Certificate root() {
        return root;
    }

    public X509Certificate intermediate() {
        return intermediate;
    }

    /** The CA bundle a client trusts: the test root alone, as PEM. */
    public Path caBundlePem() {
        return dir.resolve("root.pem");
    }

    /** A PKCS#12 trust store holding only the test root. */
    public KeyStore trustStore() {
        try {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            store.setCertificateEntry("vigil-test-root", root);
            return store;
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalStateException("cannot build the trust store", e);
        }
    }

    /** A TLS client context that trusts the test root and nothing else (not the JDK's CAs). */
    public SSLContext clientContext() {
        try {
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(trustStore());
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, tmf.getTrustManagers(), RANDOM);
            return context;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot build the client TLS context", e);
        }
    }

    /** Starts a leaf certificate for {@code hosts} (DNS names, or IP literals as IP SANs); valid for 90 days unless changed. */
    public Leaf leaf(String... hosts) {
        if (hosts.length == 0) {
            throw new IllegalArgumentException("a leaf certificate needs at least one host name");
        }
        return new Leaf(List.of(hosts));
    }

    @Override
    public void close() {
        delete(dir);
    }

    /** One leaf certificate to issue; each setter returns this, {@link #issue()} makes it. */
    public final class Leaf {

        private final List<String> hosts;
        private Instant notBefore = Instant.now().minus(Duration.ofDays(1)).truncatedTo(ChronoUnit.SECONDS);
        private Instant notAfter = Instant.now().plus(Duration.ofDays(90)).truncatedTo(ChronoUnit.SECONDS);
        private String keyAlgorithm = "RSA";
        private int rsaBits = 2048;
        private String curve = "secp256r1";
        private boolean selfSigned;
        private boolean withIntermediate = true;

        private Leaf(List<String> hosts) {
            this.hosts = hosts;
        }

        /** The validity window, as given (seconds precision). */
        public Leaf validity(Instant notBefore, Instant notAfter) {
            this.notBefore = notBefore.truncatedTo(ChronoUnit.SECONDS);
            this.notAfter = notAfter.truncatedTo(ChronoUnit.SECONDS);
            return this;
        }

        /** Expired {@code ago}: notAfter in the past, notBefore a year before it. */
        public Leaf expired(Duration ago) {
            Instant end = Instant.now().minus(ago);
            return validity(end.minus(Duration.ofDays(365)), end);
        }

        /** Valid now, notAfter {@code days} from now (for "expires soon" warnings). */
        public Leaf expiringInDays(int days) {
            return validity(Instant.now().minus(Duration.ofDays(30)), Instant.now().plus(Duration.ofDays(days)));
        }

        /** notBefore {@code in} from now. */
        public Leaf notYetValid(Duration in) {
            Instant start = Instant.now().plus(in);
            return validity(start, start.plus(Duration.ofDays(90)));
        }

        /** An RSA key of {@code bits} (1024 for a weak key); the default is RSA 2048. */
        public Leaf rsa(int bits) {
            this.keyAlgorithm = "RSA";
            this.rsaBits = bits;
            return this;
        }

        /**
         * An EC key on {@code curve}, e.g. secp256r1, or secp192r1 for a weak key: the JDK 17 no
         * longer generates P-192, so BouncyCastle does; the JDK's TLS will not serve such a key.
         */
        public Leaf ec(String curve) {
            this.keyAlgorithm = "EC";
            this.curve = curve;
            return this;
        }

        /** Signed by its own key instead of the intermediate; the chain is the leaf alone. */
        public Leaf selfSigned() {
            this.selfSigned = true;
            return this;
        }

        /** The served chain lacks the intermediate (a common misconfiguration clients reject). */
        public Leaf withoutIntermediate() {
            this.withIntermediate = false;
            return this;
        }

        /** Generates the key, signs the certificate and writes its PEM files. */
        public Issued issue() {
            try {
                KeyPair key = "EC".equals(keyAlgorithm) ? TestCertificates.ec(curve) : rsaKey(rsaBits);
                X500Name subject = new X500Name("CN=" + hosts.get(0).replace(",", "\\,") + ",O=Vigil Tests");
                X509Certificate cert;
                List<X509Certificate> chain = new ArrayList<>();
                if (selfSigned) {
                    cert = sign(subject, key.getPublic(), subject, key, null, notBefore, notAfter, leafExtensions(hosts));
                    chain.add(cert);
                } else {
                    cert = sign(subject, key.getPublic(), X500Name.getInstance(intermediate.getSubjectX500Principal().getEncoded()),
                            intermediateKey, intermediate, notBefore, notAfter, leafExtensions(hosts));
                    chain.add(cert);
                    if (withIntermediate) {
                        chain.add(intermediate);
                    }
                }
                long n = files.incrementAndGet();
                Path certPem = dir.resolve("leaf-" + n + "-chain.pem");
                Path keyPem = dir.resolve("leaf-" + n + "-key.pem");
                StringBuilder chainPem = new StringBuilder();
                for (X509Certificate c : chain) {
                    chainPem.append(pem(c));
                }
                Files.writeString(certPem, chainPem, StandardCharsets.US_ASCII);
                // PKCS#8 ("BEGIN PRIVATE KEY"): what Vert.x and most servers read for RSA and EC alike.
                Files.writeString(keyPem, pem(new JcaPKCS8Generator(key.getPrivate(), null)), StandardCharsets.US_ASCII);
                return new Issued(List.copyOf(chain), key.getPrivate(), certPem, keyPem);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot write the PEM files of " + hosts, e);
            } catch (GeneralSecurityException | OperatorCreationException e) {
                throw new IllegalStateException("cannot issue a certificate for " + hosts, e);
            }
        }
    }

    /** An issued leaf certificate: its chain as served, its key, their PEM files and a server TLS context. */
    public static final class Issued {

        private final List<X509Certificate> chain;
        private final PrivateKey privateKey;
        private final Path certPem;
        private final Path keyPem;

        private Issued(List<X509Certificate> chain, PrivateKey privateKey, Path certPem, Path keyPem) {
            this.chain = chain;
            this.privateKey = privateKey;
            this.certPem = certPem;
            this.keyPem = keyPem;
        }

        public X509Certificate certificate() {
            return chain.get(0);
        }

        /** Leaf first, then the intermediate unless left out; never the root, as servers send it. */
        public List<X509Certificate> chain() {
            return chain;
        }

        public PrivateKey privateKey() {
            return privateKey;
        }

        /** The chain as PEM (Vert.x {@code PemKeyCertOptions.setCertPath}). */
        public Path certPem() {
            return certPem;
        }

        /** The private key as PKCS#8 PEM (Vert.x {@code PemKeyCertOptions.setKeyPath}). */
        public Path keyPem() {
            return keyPem;
        }

        /** A PKCS#12 key store with the key and chain under alias "server", password {@link TestCertificates#PASSWORD}. */
        public KeyStore keyStore() {
            try {
                KeyStore store = KeyStore.getInstance("PKCS12");
                store.load(null, null);
                store.setKeyEntry("server", privateKey, PASSWORD, chain.toArray(new Certificate[0]));
                return store;
            } catch (IOException | GeneralSecurityException e) {
                throw new IllegalStateException("cannot build the key store", e);
            }
        }

        public KeyManagerFactory keyManagerFactory() {
            try {
                KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
                kmf.init(keyStore(), PASSWORD);
                return kmf;
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException("cannot build the key manager", e);
            }
        }

        /** A TLS server context presenting this certificate and chain. */
        public SSLContext serverContext() {
            try {
                SSLContext context = SSLContext.getInstance("TLS");
                context.init(keyManagerFactory().getKeyManagers(), null, RANDOM);
                return context;
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException("cannot build the server TLS context", e);
            }
        }
    }

    /** Which extensions a certificate gets: a CA with a path length, or a TLS server leaf for hosts. */
    private interface Extensions {
        void addTo(X509v3CertificateBuilder builder, JcaX509ExtensionUtils utils, PublicKey subjectKey)
                throws IOException, GeneralSecurityException;
    }

    private static Extensions ca(int pathLength) {
        return (builder, utils, subjectKey) -> {
            builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(pathLength));
            builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
        };
    }

    private static Extensions leafExtensions(List<String> hosts) {
        return (builder, utils, subjectKey) -> {
            builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
            // keyEncipherment only means something for RSA, but clients accept it on EC keys too.
            builder.addExtension(Extension.keyUsage, true,
                    new KeyUsage(KeyUsage.digitalSignature | KeyUsage.keyEncipherment));
            builder.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(KeyPurposeId.id_kp_serverAuth));
            GeneralName[] names = new GeneralName[hosts.size()];
            for (int i = 0; i < names.length; i++) {
                String host = hosts.get(i);
                // Hostname verification matches an IP only against an IP SAN, never a DNS one.
                names[i] = isIpLiteral(host) ? new GeneralName(GeneralName.iPAddress, host)
                        : new GeneralName(GeneralName.dNSName, host);
            }
            builder.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(names));
        };
    }

    private X509Certificate sign(X500Name subject, PublicKey subjectKey, X500Name issuer, KeyPair issuerKey,
            X509Certificate issuerCert, Instant notBefore, Instant notAfter, Extensions extensions)
            throws GeneralSecurityException, OperatorCreationException, IOException {
        X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(issuer,
                BigInteger.valueOf(serial.incrementAndGet()), Date.from(notBefore), Date.from(notAfter), subject, subjectKey);
        JcaX509ExtensionUtils utils = new JcaX509ExtensionUtils();
        builder.addExtension(Extension.subjectKeyIdentifier, false, utils.createSubjectKeyIdentifier(subjectKey));
        builder.addExtension(Extension.authorityKeyIdentifier, false, issuerCert == null
                ? utils.createAuthorityKeyIdentifier(issuerKey.getPublic())
                : utils.createAuthorityKeyIdentifier(issuerCert));
        extensions.addTo(builder, utils, subjectKey);
        String algorithm = "EC".equals(issuerKey.getPrivate().getAlgorithm()) || "ECDSA".equals(issuerKey.getPrivate().getAlgorithm())
                ? "SHA256withECDSA" : "SHA256withRSA";
        // BC signs, so a P-192 self-signed key (which SunEC refuses) works as well as the rest.
        return new JcaX509CertificateConverter().getCertificate(
                builder.build(new JcaContentSignerBuilder(algorithm).setProvider(BC).build(issuerKey.getPrivate())));
    }

    private static KeyPair ec(String curve) throws GeneralSecurityException {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec(curve), RANDOM);
            return generator.generateKeyPair();
        } catch (GeneralSecurityException jdkRefuses) {
            // JDK 16+ dropped the legacy curves (secp192r1 among them) from SunEC.
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC", BC);
            generator.initialize(new ECGenParameterSpec(curve), RANDOM);
            return generator.generateKeyPair();
        }
    }

    private static KeyPair rsaKey(int bits) throws GeneralSecurityException {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(bits, RANDOM);
        return generator.generateKeyPair();
    }

    private static boolean isIpLiteral(String host) {
        if (!host.matches("[0-9.]+|[0-9a-fA-F:]*:[0-9a-fA-F:.]*")) {
            return false;
        }
        try {
            InetAddress.getByName(host); // a literal, so no lookup
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static String pem(Object object) throws IOException {
        StringWriter out = new StringWriter();
        try (JcaPEMWriter writer = new JcaPEMWriter(out)) {
            if (object instanceof JcaPKCS8Generator) {
                writer.writeObject((JcaPKCS8Generator) object);
            } else {
                writer.writeObject(object);
            }
        }
        return out.toString();
    }

    private static void delete(Path dir) {
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // A leftover temp directory is harmless.
        }
    }
}
