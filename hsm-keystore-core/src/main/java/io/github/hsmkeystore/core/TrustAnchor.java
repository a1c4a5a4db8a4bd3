package io.github.hsmkeystore.core;

import io.github.hsmkeystore.core.internal.AnchorFiles;
import io.github.hsmkeystore.core.internal.Pem;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
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
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
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
 * <p>{@link #generate(Path)} makes a new CA in the background: {@link #certificatePem()}, {@link #certificate()} and
 * {@link #sign(String)} wait for it, {@link #canSign()}, {@link #problems()} and {@link #toString()} do not.
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
    /** Name of the thread that makes a new CA for {@link #generate(Path)}. */
    private static final String THREAD_NAME = "hsm-keystore-trust-anchor";
    private static final Duration CA_VALIDITY = Duration.ofDays(3650);
    private static final Duration CLUSTER_CERT_VALIDITY = Duration.ofDays(3650);
    /** The CAs being made, by normalized absolute directory; guarded by itself; an entry leaves when its CA is made. */
    private static final Map<Path, CompletableFuture<Material>> GENERATING = new HashMap<>();

    /** Test seam: when set, runs on the generating thread (with the normalized directory) before anything is made. */
    static volatile GenerationHook beforeGeneration;

    /** What the test seam runs; an exception it throws fails the generation as one of the generation's own would. */
    @FunctionalInterface
    interface GenerationHook {
        void run(Path dir) throws Exception;
    }

    /** The certificate and key; {@code privateKey} null for {@link #ofCertificate}. */
    private record Material(String certificatePem, PrivateKey privateKey) {
        @Override
        public String toString() {
            return "Material[privateKey=" + (privateKey != null ? "***" : "none") + "]";
        }
    }

    private final CompletableFuture<Material> material;
    private final boolean canSign;
    /** Made by {@link #generate} in this JVM (now or in the background): valid by construction. */
    private final boolean madeHere;
    private final Path location;

    private TrustAnchor(CompletableFuture<Material> material, boolean canSign, boolean madeHere, Path location) {
        this.material = material;
        this.canSign = canSign;
        this.madeHere = madeHere;
        this.location = location;
    }

    private TrustAnchor(String certificatePem, PrivateKey privateKey, Path location) {
        this(CompletableFuture.completedFuture(new Material(certificatePem, privateKey)), privateKey != null, false, location);
    }

    /**
     * Loads the root CA in {@code dir} ({@value #CERTIFICATE_FILE} and {@value #PRIVATE_KEY_FILE}), or starts making a
     * new self-signed RSA-2048 one there and returns at once.
     *
     * <p>Whoever can write the directory can swap the CA that signs the cluster certificate, so on POSIX file systems
     * the directory and the files in it must be owned by the user running this JVM ({@code user.name}), must not be
     * symbolic links, and must not be writable by the group or others (the private key not even readable by them). A
     * missing directory is created readable and writable by its owner only ({@code rwx------}). These checks, and
     * loading an existing pair, happen before this method returns.
     *
     * <p>A new CA (an RSA-2048 key pair, up to half a second in a cold JVM, and its certificate) is made on a
     * background thread named {@code hsm-keystore-trust-anchor}, so that provisioning goes on meanwhile: it is first needed to sign
     * the cluster CSR, after the cluster and its first HSM exist. That thread writes the key first (owner read/write
     * only), then the certificate, each to a temporary file in {@code dir} moved into place in one step, so no file is
     * ever half-written and none is overwritten. The files are in place before {@link #certificatePem()},
     * {@link #certificate()} or {@link #sign(String)} return, and, the thread not being a daemon, before the JVM exits
     * normally ({@code System.exit} or a kill may end it sooner: a directory then left with only the key makes the
     * next call throw the {@link IllegalStateException} below). Call {@link #certificatePem()} before deleting the directory yourself (e.g.
     * a test's temporary directory). Further calls for the same directory in this JVM while the CA is being made
     * return a trust anchor for that same CA.
     *
     * <p>If making the CA fails (e.g. the disk is full or the directory was removed), {@link #problems()} reports it
     * once it has happened, and the first of {@link #certificatePem()}, {@link #certificate()} and {@link #sign(String)}
     * called throws it (every call does): {@link UncheckedIOException} for an I/O error, {@link IllegalStateException}
     * otherwise, both naming the directory. The generation then leaves nothing of its own in the directory, and the
     * next call starts again.
     *
     * @param dir the directory; created if missing
     * @return the trust anchor
     * @throws UncheckedIOException if the directory cannot be created or the existing files cannot be read
     * @throws IllegalStateException if only one of the two files exists, or if the directory or a file in it is owned
     *     by another user, is a symbolic link or is writable by others
     */
    public static TrustAnchor generate(Path dir) {
        Objects.requireNonNull(dir, "dir must not be null");
        Path cert = dir.resolve(CERTIFICATE_FILE);
        Path key = dir.resolve(PRIVATE_KEY_FILE);
        try {
            if (!Files.exists(dir, LinkOption.NOFOLLOW_LINKS)) {
                try {
                    AnchorFiles.createPrivateDirectory(dir);
                } catch (FileAlreadyExistsException e) {
                    AnchorFiles.requirePrivate(dir, true); // another thread or process created it meanwhile
                }
            } else {
                AnchorFiles.requirePrivate(dir, true);
            }
            Path id = dir.toAbsolutePath().normalize();
            synchronized (GENERATING) {
                CompletableFuture<Material> pending = GENERATING.get(id);
                if (pending == null && !existingPair(dir, cert, key)) {
                    pending = new CompletableFuture<>();
                    GENERATING.put(id, pending);
                    startGeneration(dir, id, pending);
                }
                if (pending != null) {
                    return new TrustAnchor(pending, true, true, dir);
                }
            }
            String certPem = Files.readString(cert, StandardCharsets.US_ASCII);
            return new TrustAnchor(certPem, Pem.parsePrivateKey(Files.readString(key, StandardCharsets.US_ASCII)), dir);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot create or read the trust anchor in " + dir, e);
        }
    }

    /** Checks both files; true if both exist, false if neither does. */
    private static boolean existingPair(Path dir, Path cert, Path key) throws IOException {
        boolean certExists = Files.exists(cert, LinkOption.NOFOLLOW_LINKS);
        boolean keyExists = Files.exists(key, LinkOption.NOFOLLOW_LINKS);
        if (certExists) {
            AnchorFiles.requirePrivate(cert, false);
        }
        if (keyExists) {
            AnchorFiles.requirePrivate(key, false);
        }
        if (certExists != keyExists) {
            throw new IllegalStateException("Trust anchor directory " + dir + " holds only "
                    + (certExists ? CERTIFICATE_FILE : PRIVATE_KEY_FILE) + "; restore the other file or use an empty directory");
        }
        return certExists;
    }

    /** Called with {@link #GENERATING} held. */
    private static void startGeneration(Path dir, Path id, CompletableFuture<Material> result) {
        Thread thread = new Thread(() -> make(dir, id, result), THREAD_NAME);
        thread.setDaemon(false); // not inherited from the caller: the files must be written before the JVM exits
        try {
            thread.start();
        } catch (RuntimeException | Error e) {
            GENERATING.remove(id);
            throw e;
        }
    }

    /** The generating thread: makes the pair and the certificate, writes the key then the certificate. */
    private static void make(Path dir, Path id, CompletableFuture<Material> result) {
        Material made = null;
        RuntimeException failure = null;
        Path key = dir.resolve(PRIVATE_KEY_FILE);
        try {
            GenerationHook hook = beforeGeneration;
            if (hook != null) {
                hook.run(id);
            }
            KeyPair pair = newKeyPair();
            String certPem = Pem.encode(selfSigned(pair));
            AnchorFiles.writeNew(key, Pem.encodePrivateKey(pair.getPrivate()), true);
            try {
                AnchorFiles.writeNew(dir.resolve(CERTIFICATE_FILE), certPem, false);
            } catch (IOException | RuntimeException e) {
                deleteQuietly(key, e); // nobody can have used this key yet; a retry then finds an empty directory
                throw e;
            }
            made = new Material(certPem, pair.getPrivate());
        } catch (IOException e) {
            failure = new UncheckedIOException("Cannot create the trust anchor in " + dir, e);
        } catch (UncheckedIOException e) {
            failure = new UncheckedIOException("Cannot create the trust anchor in " + dir, e.getCause());
        } catch (Exception | Error e) {
            failure = new IllegalStateException("Cannot create the trust anchor in " + dir + ": "
                    + (e instanceof RuntimeException ? e.getMessage() : e.toString()), e);
        } finally {
            synchronized (GENERATING) {
                GENERATING.remove(id, result);
            }
        }
        if (failure == null) {
            result.complete(made);
        } else {
            org.slf4j.LoggerFactory.getLogger(TrustAnchor.class).warn("{}", failure.getMessage());
            result.completeExceptionally(failure);
        }
    }

    private static void deleteQuietly(Path file, Exception failure) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            failure.addSuppressed(e);
        }
    }

    /** The material, waiting for the generating thread if need be; rethrows its failure. */
    private Material material() {
        try {
            return material.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while waiting for the trust anchor in " + location
                    + " to be generated", e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof UncheckedIOException io) {
                throw new UncheckedIOException(io.getMessage(), io.getCause());
            }
            throw new IllegalStateException(cause.getMessage(), cause);
        }
    }

    /** The generation's failure once it has failed, else null; never waits. */
    private Throwable failure() {
        if (!material.isCompletedExceptionally()) {
            return null;
        }
        try {
            material.join();
            return null;
        } catch (CompletionException | CancellationException e) {
            return e.getCause() != null ? e.getCause() : e;
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
     * Returns the certificate PEM ({@code customerCA.crt}), waiting for {@link #generate(Path)} to have made it.
     *
     * @return the certificate PEM ({@code customerCA.crt})
     * @throws UncheckedIOException if {@link #generate(Path)} could not write the new CA (the message names the
     *     directory)
     * @throws IllegalStateException if {@link #generate(Path)} could not make the new CA, or if the thread is
     *     interrupted while waiting for it (its interrupt flag is then set again)
     */
    public String certificatePem() {
        return material().certificatePem();
    }

    /**
     * Returns whether this trust anchor can sign a CSR; never waits ({@code true} for one {@link #generate(Path)} is
     * still making).
     *
     * @return whether this trust anchor can sign a CSR
     */
    public boolean canSign() {
        return canSign;
    }

    /**
     * What is wrong with this trust anchor: unparseable PEM, not self-signed, not a CA, key not matching.
     *
     * <p>Never waits: a CA that {@link #generate(Path)} makes in this JVM is valid by construction, so the list is
     * empty while it is being made and once it is made; if making it has already failed, the list holds that failure
     * (which {@link #certificatePem()}, {@link #certificate()} and {@link #sign(String)} throw in any case).
     *
     * @return the problems, empty if usable
     */
    public List<String> problems() {
        List<String> problems = new ArrayList<>();
        if (madeHere) {
            Throwable failure = failure();
            if (failure != null) {
                problems.add("trustAnchor could not be generated (" + failure.getMessage() + ")");
            }
            return problems;
        }
        Material m = material();
        X509CertificateHolder holder;
        try {
            holder = Pem.parseCertificate(m.certificatePem());
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
        if (m.privateKey() != null && !Pem.matches(holder, m.privateKey())) {
            problems.add("trustAnchor private key does not belong to the certificate " + holder.getSubject());
        }
        return problems;
    }

    /**
     * Signs the cluster CSR ({@code Certificates.ClusterCsr} of an UNINITIALIZED cluster), waiting for
     * {@link #generate(Path)} to have made the CA.
     *
     * @param csrPem the CSR in PEM form
     * @return the signed cluster certificate, PEM, for InitializeCluster's {@code SignedCert}
     * @throws IllegalArgumentException if the CSR cannot be parsed or its signature is invalid
     * @throws IllegalStateException if this trust anchor has no private key, if {@link #generate(Path)} could not make
     *     the new CA, or if the thread is interrupted while waiting for it (its interrupt flag is then set again)
     * @throws UncheckedIOException if {@link #generate(Path)} could not write the new CA (the message names the
     *     directory)
     */
    public String sign(String csrPem) {
        Objects.requireNonNull(csrPem, "csrPem must not be null");
        if (!canSign) {
            throw new IllegalStateException("This trust anchor has only a certificate; give its private key "
                    + "(TrustAnchor.of(certPem, key)) to initialise a new cluster");
        }
        Material m = material();
        PKCS10CertificationRequest csr = Pem.parseCsr(csrPem);
        try {
            if (!csr.isSignatureValid(new JcaContentVerifierProviderBuilder().build(csr.getSubjectPublicKeyInfo()))) {
                throw new IllegalArgumentException("The cluster CSR signature is invalid");
            }
            X509CertificateHolder ca = Pem.parseCertificate(m.certificatePem());
            Instant now = Instant.now();
            X509v3CertificateBuilder builder = new X509v3CertificateBuilder(ca.getSubject(), serial(),
                    Date.from(now.minus(Duration.ofMinutes(5))), Date.from(now.plus(CLUSTER_CERT_VALIDITY)),
                    csr.getSubject(), csr.getSubjectPublicKeyInfo());
            return Pem.encode(builder.build(signer(m.privateKey())));
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

    /**
     * The certificate as a JCA object, waiting for {@link #generate(Path)} to have made it.
     *
     * @return the X.509 certificate
     * @throws IllegalArgumentException if the PEM cannot be parsed
     * @throws UncheckedIOException if {@link #generate(Path)} could not write the new CA (the message names the
     *     directory)
     * @throws IllegalStateException if {@link #generate(Path)} could not make the new CA, or if the thread is
     *     interrupted while waiting for it (its interrupt flag is then set again)
     */
    public X509Certificate certificate() {
        return Pem.toX509(Pem.parseCertificate(certificatePem()));
    }

    /**
     * The subject, directory and whether there is a private key (never the key); never waits for a CA being made.
     *
     * @return a description without key material
     */
    @Override
    public String toString() {
        String subject;
        if (!material.isDone()) {
            subject = "<being generated>";
        } else if (material.isCompletedExceptionally()) {
            subject = "<generation failed>";
        } else {
            try {
                subject = Pem.parseCertificate(material.join().certificatePem()).getSubject().toString();
            } catch (IllegalArgumentException e) {
                subject = "<unparseable>";
            }
        }
        return "TrustAnchor[subject=" + subject + (location != null ? ", dir=" + location : "")
                + ", privateKey=" + (canSign ? "***" : "none") + "]";
    }
}
