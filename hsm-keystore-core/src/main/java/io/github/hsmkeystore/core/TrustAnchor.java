package io.github.hsmkeystore.core;

import io.github.hsmkeystore.core.internal.Pem;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.operator.jcajce.JcaContentVerifierProviderBuilder;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;
import org.bouncycastle.pkcs.PKCSException;

/**
 * The customer root CA ({@code customerCA.crt}) that signs the cluster CSR at InitializeCluster and that KMS
 * receives as {@code TrustAnchorCertificate}. {@link #toString()} never shows the private key.
 *
 * <pre>{@code
 * TrustAnchor anchor = TrustAnchor.generate(Path.of("customerCA"));   // created once, reused afterwards
 * String clusterCertPem = anchor.sign(csrPem);
 * }</pre>
 */
public final class TrustAnchor {
    /** File name of the certificate written by {@link #generate(Path)}, as the CloudHSM docs name it. */
    public static final String CERTIFICATE_FILE = "customerCA.crt";
    /** File name of the private key written by {@link #generate(Path)} (PKCS#8 PEM, owner read/write only). */
    public static final String PRIVATE_KEY_FILE = "customerCA.key";
    private static final Duration CA_VALIDITY = Duration.ofDays(3650);
    private static final Duration CLUSTER_CERT_VALIDITY = Duration.ofDays(3650);

    private final String certificatePem;
    private final PrivateKey privateKey;
    private final Path location;

    private TrustAnchor(String certificatePem, PrivateKey privateKey, Path location) {
        this.certificatePem = certificatePem;
        this.privateKey = privateKey;
        this.location = location;
    }

    /**
     * Creates a self-signed RSA-2048 root CA in {@code dir} ({@value #CERTIFICATE_FILE} and {@value #PRIVATE_KEY_FILE},
     * the key readable and writable by the owner only), or loads the one already there.
     *
     * <p>Whoever can write the directory can swap the CA that signs the cluster certificate, so on POSIX file systems
     * the directory and the files in it must be owned by the user running this JVM ({@code user.name}), must not be
     * symbolic links, and must not be writable by the group or others (the private key not even readable by them). A
     * missing directory is created readable and writable by its owner only ({@code rwx------}).
     *
     * @param dir the directory; created if missing
     * @return the trust anchor
     * @throws UncheckedIOException if the files cannot be read or written
     * @throws IllegalStateException if only one of the two files exists, or if the directory or a file in it is owned
     *     by another user, is a symbolic link or is writable by others
     */
    public static TrustAnchor generate(Path dir) {
        Objects.requireNonNull(dir, "dir must not be null");
        Path cert = dir.resolve(CERTIFICATE_FILE);
        Path key = dir.resolve(PRIVATE_KEY_FILE);
        try {
            if (Files.exists(dir, LinkOption.NOFOLLOW_LINKS)) {
                requirePrivate(dir, true);
            } else {
                createPrivateDirectory(dir);
            }
            boolean certExists = Files.exists(cert, LinkOption.NOFOLLOW_LINKS);
            boolean keyExists = Files.exists(key, LinkOption.NOFOLLOW_LINKS);
            if (certExists) {
                requirePrivate(cert, false);
            }
            if (keyExists) {
                requirePrivate(key, false);
            }
            if (certExists && keyExists) {
                String certPem = Files.readString(cert, StandardCharsets.US_ASCII);
                return new TrustAnchor(certPem, Pem.parsePrivateKey(Files.readString(key, StandardCharsets.US_ASCII)), dir);
            }
            if (certExists || keyExists) {
                throw new IllegalStateException("Trust anchor directory " + dir + " holds only "
                        + (certExists ? CERTIFICATE_FILE : PRIVATE_KEY_FILE) + "; restore the other file or use an empty directory");
            }
            KeyPair pair = newKeyPair();
            String certPem = Pem.encode(selfSigned(pair));
            writeOwnerOnly(key, Pem.encodePrivateKey(pair.getPrivate()));
            Files.writeString(cert, certPem, StandardCharsets.US_ASCII);
            return new TrustAnchor(certPem, pair.getPrivate(), dir);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot create or read the trust anchor in " + dir, e);
        }
    }

    /**
     * A trust anchor from an existing certificate and its private key. The PEM is checked by the builder's
     * validation (with every other setting), not here.
     *
     * @param certificatePem the root CA certificate (PEM)
     * @param privateKey its private key, used to sign the cluster CSR
     * @return the trust anchor
     */
    public static TrustAnchor of(String certificatePem, PrivateKey privateKey) {
        return new TrustAnchor(Objects.requireNonNull(certificatePem, "certificatePem must not be null"),
                Objects.requireNonNull(privateKey, "privateKey must not be null"), null);
    }

    /**
     * A trust anchor without its private key, enough for a cluster that is already initialised (KMS needs only
     * the certificate). {@link #sign(String)} then fails.
     *
     * @param certificatePem the root CA certificate the cluster was initialised with (PEM)
     * @return the trust anchor
     */
    public static TrustAnchor ofCertificate(String certificatePem) {
        return new TrustAnchor(Objects.requireNonNull(certificatePem, "certificatePem must not be null"), null, null);
    }

    /**
     * Returns the certificate PEM ({@code customerCA.crt}).
     *
     * @return the certificate PEM ({@code customerCA.crt})
     */
    public String certificatePem() {
        return certificatePem;
    }

    /**
     * Returns whether this trust anchor can sign a CSR.
     *
     * @return whether this trust anchor can sign a CSR
     */
    public boolean canSign() {
        return privateKey != null;
    }

    /**
     * What is wrong with this trust anchor: unparseable PEM, not self-signed, not a CA, key not matching.
     *
     * @return the problems, empty if usable
     */
    public List<String> problems() {
        List<String> problems = new ArrayList<>();
        X509CertificateHolder holder;
        try {
            holder = Pem.parseCertificate(certificatePem);
        } catch (IllegalArgumentException e) {
            problems.add("trustAnchor certificate is not a parseable PEM X.509 certificate (" + e.getMessage() + ")");
            return problems;
        }
        try {
            if (!holder.getSubject().equals(holder.getIssuer())
                    || !holder.isSignatureValid(new JcaContentVerifierProviderBuilder().build(holder))) {
                problems.add("trustAnchor certificate " + holder.getSubject() + " is not self-signed; CloudHSM needs a self-signed root CA");
            }
        } catch (OperatorCreationException | org.bouncycastle.cert.CertException | java.security.cert.CertificateException e) {
            problems.add("trustAnchor certificate signature cannot be verified (" + e.getMessage() + ")");
        }
        BasicConstraints bc = BasicConstraints.fromExtensions(holder.getExtensions());
        if (holder.getExtensions() != null && (bc == null || !bc.isCA())) {
            problems.add("trustAnchor certificate has X509v3 extensions but no BasicConstraints CA=true; CloudHSM requires it");
        }
        if (privateKey != null && !Pem.matches(holder, privateKey)) {
            problems.add("trustAnchor private key does not belong to the certificate " + holder.getSubject());
        }
        return problems;
    }

    /**
     * Signs the cluster CSR ({@code Certificates.ClusterCsr} of an UNINITIALIZED cluster).
     *
     * @param csrPem the CSR in PEM form
     * @return the signed cluster certificate, PEM, for InitializeCluster's {@code SignedCert}
     * @throws IllegalArgumentException if the CSR cannot be parsed or its signature is invalid
     * @throws IllegalStateException if this trust anchor has no private key
     */
    public String sign(String csrPem) {
        Objects.requireNonNull(csrPem, "csrPem must not be null");
        if (privateKey == null) {
            throw new IllegalStateException("This trust anchor has only a certificate; give its private key "
                    + "(TrustAnchor.of(certPem, key)) to initialise a new cluster");
        }
        PKCS10CertificationRequest csr = Pem.parseCsr(csrPem);
        try {
            if (!csr.isSignatureValid(new JcaContentVerifierProviderBuilder().build(csr.getSubjectPublicKeyInfo()))) {
                throw new IllegalArgumentException("The cluster CSR signature is invalid");
            }
            X509CertificateHolder ca = Pem.parseCertificate(certificatePem);
            Instant now = Instant.now();
            X509v3CertificateBuilder builder = new X509v3CertificateBuilder(ca.getSubject(), serial(),
                    Date.from(now.minus(Duration.ofMinutes(5))), Date.from(now.plus(CLUSTER_CERT_VALIDITY)),
                    csr.getSubject(), csr.getSubjectPublicKeyInfo());
            return Pem.encode(builder.build(signer(privateKey)));
        } catch (OperatorCreationException | PKCSException e) {
            throw new IllegalArgumentException("Cannot sign the cluster CSR: " + e.getMessage(), e);
        }
    }

    private static KeyPair newKeyPair() {
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
            g.initialize(2048, new SecureRandom());
            return g.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("RSA is not available in this JVM", e);
        }
    }

    private static X509CertificateHolder selfSigned(KeyPair pair) {
        X500Name name = new X500Name("CN=hsm-keystore customer root CA,O=hsm-keystore");
        Instant now = Instant.now();
        try {
            X509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(name, serial(),
                    Date.from(now.minus(Duration.ofMinutes(5))), Date.from(now.plus(CA_VALIDITY)), name, pair.getPublic());
            b.addExtension(Extension.basicConstraints, true, new BasicConstraints(true));
            b.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
            return b.build(signer(pair.getPrivate()));
        } catch (IOException | OperatorCreationException e) {
            throw new IllegalStateException("Cannot create the self-signed trust anchor", e);
        }
    }

    private static ContentSigner signer(PrivateKey key) throws OperatorCreationException {
        String alg = "EC".equals(key.getAlgorithm()) ? "SHA256withECDSA" : "SHA256withRSA";
        return new JcaContentSignerBuilder(alg).build(key);
    }

    private static BigInteger serial() {
        return new BigInteger(63, new SecureRandom()).add(BigInteger.ONE);
    }

    private static void createPrivateDirectory(Path dir) throws IOException {
        Path parent = dir.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        if (dir.getFileSystem().supportedFileAttributeViews().contains("posix")) {
            Files.createDirectory(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        } else {
            Files.createDirectory(dir);
        }
    }

    /** Refuses a directory or file that someone else could have planted or can change (see {@link #generate}). */
    private static void requirePrivate(Path path, boolean directory) throws IOException {
        if (!path.getFileSystem().supportedFileAttributeViews().contains("posix")) {
            return;
        }
        PosixFileAttributes a = Files.readAttributes(path, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        String fix = " Use a directory of your own, e.g. under your home directory, or fix it with chown/chmod"
                + " (chmod 700 for the directory, 600 for " + PRIVATE_KEY_FILE + ").";
        if (a.isSymbolicLink()) {
            throw new IllegalStateException("Trust anchor " + (directory ? "directory " : "file ") + path
                    + " is a symbolic link; refusing to use it." + fix);
        }
        if (directory != a.isDirectory()) {
            throw new IllegalStateException("Trust anchor path " + path + " is not a " + (directory ? "directory" : "regular file") + ".");
        }
        String me = System.getProperty("user.name");
        UserPrincipal owner = a.owner();
        UserPrincipal current;
        try {
            current = path.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName(me);
        } catch (IOException e) {
            current = null;
        }
        if (current == null || !current.equals(owner)) {
            throw new IllegalStateException("Trust anchor " + (directory ? "directory " : "file ") + path + " is owned by "
                    + owner.getName() + ", not by " + me + " who runs this JVM; someone else could have planted or can"
                    + " replace the CA that signs the cluster certificate." + fix);
        }
        Set<PosixFilePermission> perms = a.permissions();
        boolean othersWrite = perms.contains(PosixFilePermission.GROUP_WRITE) || perms.contains(PosixFilePermission.OTHERS_WRITE);
        boolean keyReadable = path.getFileName().toString().equals(PRIVATE_KEY_FILE)
                && (perms.contains(PosixFilePermission.GROUP_READ) || perms.contains(PosixFilePermission.OTHERS_READ));
        if (othersWrite || keyReadable) {
            throw new IllegalStateException("Trust anchor " + (directory ? "directory " : "file ") + path + " has mode "
                    + PosixFilePermissions.toString(perms) + ": " + (othersWrite ? "group or others can write it" : "group or"
                    + " others can read the private key") + "." + fix);
        }
    }

    private static void writeOwnerOnly(Path file, String content) throws IOException {
        Set<PosixFilePermission> ownerOnly = PosixFilePermissions.fromString("rw-------");
        boolean posix = file.getFileSystem().supportedFileAttributeViews().contains("posix");
        try {
            if (posix) {
                Files.createFile(file, PosixFilePermissions.asFileAttribute(ownerOnly));
            } else {
                Files.createFile(file);
            }
        } catch (FileAlreadyExistsException e) {
            throw new IllegalStateException("Refusing to overwrite the existing private key " + file, e);
        }
        Files.writeString(file, content, StandardCharsets.US_ASCII);
        if (posix) {
            Files.setPosixFilePermissions(file, ownerOnly);
        }
    }

    /**
     * The certificate as a JCA object.
     *
     * @return the X.509 certificate
     * @throws IllegalArgumentException if the PEM cannot be parsed
     */
    public X509Certificate certificate() {
        return Pem.toX509(Pem.parseCertificate(certificatePem));
    }

    @Override
    public String toString() {
        String subject;
        try {
            subject = Pem.parseCertificate(certificatePem).getSubject().toString();
        } catch (IllegalArgumentException e) {
            subject = "<unparseable>";
        }
        return "TrustAnchor[subject=" + subject + (location != null ? ", dir=" + location : "")
                + ", privateKey=" + (privateKey != null ? "***" : "none") + "]";
    }
}
