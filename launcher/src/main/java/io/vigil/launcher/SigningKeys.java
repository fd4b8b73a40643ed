package io.vigil.launcher;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.RSAPublicKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;
import java.util.EnumSet;
import java.util.Set;

/**
 * The RSA key pair that signs the tokens of an embedded run. Created once under
 * {@code .vigil/keys/} (private key readable by its owner only); the services get the public key.
 */
public record SigningKeys(PrivateKey privateKey, PublicKey publicKey) {

    static final String PRIVATE_FILE = "signing-key.pem";
    static final String PUBLIC_FILE = "signing-key.pub.pem";

    /** Loads the pair from {@code dir}, creating it on first use. */
    public static SigningKeys loadOrCreate(Path dir) throws IOException {
        Path privateFile = dir.resolve(PRIVATE_FILE);
        try {
            if (Files.exists(privateFile)) {
                requireOwnerOnly(privateFile);
                return load(dir);
            }
            return create(dir);
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new LauncherException("cannot read the signing key " + privateFile + " (" + e.getMessage()
                    + "); delete " + dir + " to create a new one");
        }
    }

    /**
     * Anyone who can read the private key can mint an admin token, so a key that group or others
     * may read (a copy, an unpacked backup, a umask 022 editor save) is refused rather than used.
     */
    static void requireOwnerOnly(Path privateFile) throws IOException {
        Set<PosixFilePermission> perms;
        try {
            perms = Files.getPosixFilePermissions(privateFile);
        } catch (UnsupportedOperationException e) {
            return; // not a POSIX file system: nothing to check
        }
        Set<PosixFilePermission> groupOrOthers = EnumSet.of(PosixFilePermission.GROUP_READ,
                PosixFilePermission.GROUP_WRITE, PosixFilePermission.GROUP_EXECUTE, PosixFilePermission.OTHERS_READ,
                PosixFilePermission.OTHERS_WRITE, PosixFilePermission.OTHERS_EXECUTE);
        groupOrOthers.retainAll(perms);
        if (!groupOrOthers.isEmpty()) {
            throw new LauncherException("the signing key " + privateFile + " is open to group or others ("
                    + PosixFilePermissions.toString(perms) + "); anyone who can read it can mint tokens."
                    + " Fix it with: chmod 600 " + privateFile);
        }
    }

    /** The public key as {@code quarkus.oidc.public-key} wants it: base64 X.509, no PEM armour. */
    public String publicKeyBase64() {
        return Base64.getEncoder().encodeToString(publicKey.getEncoded());
    }

    private static SigningKeys create(Path dir) throws IOException, GeneralSecurityException {
        Files.createDirectories(dir);
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        KeyPair pair = generator.generateKeyPair();
        // Write with owner-only permissions from the start, then move into place, so the key is never readable by others.
        Path tmp = Files.createTempFile(dir, "key", ".tmp", PosixFilePermissions.asFileAttribute(
                PosixFilePermissions.fromString("rw-------")));
        Files.writeString(tmp, pem("PRIVATE KEY", pair.getPrivate().getEncoded()));
        Files.move(tmp, dir.resolve(PRIVATE_FILE), StandardCopyOption.ATOMIC_MOVE);
        Files.writeString(dir.resolve(PUBLIC_FILE), pem("PUBLIC KEY", pair.getPublic().getEncoded()));
        return new SigningKeys(pair.getPrivate(), pair.getPublic());
    }

    private static SigningKeys load(Path dir) throws IOException, GeneralSecurityException {
        KeyFactory rsa = KeyFactory.getInstance("RSA");
        PrivateKey privateKey = rsa.generatePrivate(new PKCS8EncodedKeySpec(
                unpem(Files.readString(dir.resolve(PRIVATE_FILE)))));
        // The public half follows from the private key; the .pub file is for people and other tools.
        RSAPrivateCrtKey crt = (RSAPrivateCrtKey) privateKey;
        PublicKey publicKey = rsa.generatePublic(new RSAPublicKeySpec(crt.getModulus(), crt.getPublicExponent()));
        return new SigningKeys(privateKey, publicKey);
    }

    static PublicKey readPublicKey(Path file) throws IOException, GeneralSecurityException {
        return KeyFactory.getInstance("RSA").generatePublic(new X509EncodedKeySpec(unpem(Files.readString(file))));
    }

    private static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n"
                + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der)
                + "\n-----END " + type + "-----\n";
    }

    private static byte[] unpem(String pem) {
        return Base64.getMimeDecoder().decode(pem.replaceAll("-----[A-Z ]+-----", ""));
    }
}
