package io.github.hsmkeystore.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.hsmkeystore.core.internal.Pem;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequestBuilder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** A test that hangs (a waiter that should not wait) fails by the class timeout. */
@Timeout(60)
class TrustAnchorTest {
    @TempDir
    Path dir;

    @Test
    void generate_emptyDir_writesSelfSignedCaAndOwnerOnlyKey() throws Exception {
        TrustAnchor anchor = TrustAnchor.generate(dir.resolve("ca"));
        anchor.certificatePem(); // the files are in place once it returns
        Path key = dir.resolve("ca").resolve(TrustAnchor.PRIVATE_KEY_FILE);
        Path cert = dir.resolve("ca").resolve(TrustAnchor.CERTIFICATE_FILE);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(key))).isEqualTo("rw-------");
        assertThat(Files.readString(cert)).isEqualTo(anchor.certificatePem()).startsWith("-----BEGIN CERTIFICATE-----");
        X509Certificate x = anchor.certificate();
        assertThat(x.getBasicConstraints()).isGreaterThanOrEqualTo(0); // CA=true
        assertThat(x.getSubjectX500Principal()).isEqualTo(x.getIssuerX500Principal());
        x.verify(x.getPublicKey());
        assertThat(anchor.problems()).isEmpty();
        assertThat(anchor.canSign()).isTrue();
    }

    @Test
    void generate_existingFiles_reusesThem() throws Exception {
        TrustAnchor first = TrustAnchor.generate(dir);
        first.certificatePem();
        String keyPem = Files.readString(dir.resolve(TrustAnchor.PRIVATE_KEY_FILE));
        TrustAnchor second = TrustAnchor.generate(dir);
        assertThat(second.certificatePem()).isEqualTo(first.certificatePem());
        assertThat(Files.readString(dir.resolve(TrustAnchor.PRIVATE_KEY_FILE))).isEqualTo(keyPem);
    }

    @Test
    void generate_onlyCertificatePresent_failsNamingMissingFile() throws Exception {
        Files.writeString(dir.resolve(TrustAnchor.CERTIFICATE_FILE), "x");
        assertThatThrownBy(() -> TrustAnchor.generate(dir)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("holds only customerCA.crt");
    }

    @Test
    void generate_missingDir_createsItOwnerOnly() throws Exception {
        TrustAnchor.generate(dir.resolve("new").resolve("ca")).certificatePem();
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("new").resolve("ca"))))
                .isEqualTo("rwx------");
    }

    @Test
    void generate_worldWritableDir_failsNamingModeAndFix() throws Exception {
        Path shared = Files.createDirectory(dir.resolve("shared"));
        Files.setPosixFilePermissions(shared, PosixFilePermissions.fromString("rwxrwxrwx"));
        assertThatThrownBy(() -> TrustAnchor.generate(shared)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("rwxrwxrwx").hasMessageContaining("others can write").hasMessageContaining("chmod 700");
        assertThat(shared.resolve(TrustAnchor.PRIVATE_KEY_FILE)).doesNotExist();
    }

    @Test
    void generate_groupWritableExistingAnchor_refusesToLoadIt() throws Exception {
        TrustAnchor.generate(dir.resolve("ca")).certificatePem();
        Files.setPosixFilePermissions(dir.resolve("ca").resolve(TrustAnchor.CERTIFICATE_FILE),
                PosixFilePermissions.fromString("rw-rw-r--"));
        assertThatThrownBy(() -> TrustAnchor.generate(dir.resolve("ca"))).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining(TrustAnchor.CERTIFICATE_FILE).hasMessageContaining("rw-rw-r--");
    }

    @Test
    void generate_privateKeyReadableByOthers_refusesToLoadIt() throws Exception {
        TrustAnchor.generate(dir.resolve("ca")).certificatePem();
        Files.setPosixFilePermissions(dir.resolve("ca").resolve(TrustAnchor.PRIVATE_KEY_FILE),
                PosixFilePermissions.fromString("rw-r--r--"));
        assertThatThrownBy(() -> TrustAnchor.generate(dir.resolve("ca"))).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("others can read the private key");
    }

    @Test
    void generate_symbolicLinkDir_refusesIt() throws Exception {
        Path real = Files.createDirectory(dir.resolve("real"));
        Path link = Files.createSymbolicLink(dir.resolve("link"), real);
        assertThatThrownBy(() -> TrustAnchor.generate(link)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("symbolic link");
    }

    @Test
    void generate_dirOwnedByAnotherUser_failsNamingOwner() throws Exception {
        Path planted = Files.createDirectory(dir.resolve("planted"));
        java.nio.file.attribute.UserPrincipal nobody;
        try {
            nobody = planted.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName("nobody");
            Files.setOwner(planted, nobody);
        } catch (java.io.IOException e) {
            org.junit.jupiter.api.Assumptions.abort("cannot give a directory to user nobody here (needs root): " + e);
            return;
        }
        assertThatThrownBy(() -> TrustAnchor.generate(planted)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("owned by nobody").hasMessageContaining("not by " + System.getProperty("user.name"));
    }

    @Test
    void sign_validCsr_returnsCertificateIssuedByAnchorForCsrKey() throws Exception {
        TrustAnchor anchor = TrustAnchor.generate(dir);
        KeyPair hsmKey = rsa();
        String csrPem = Pem.encode(new JcaPKCS10CertificationRequestBuilder(new X500Name("CN=cluster-abc,O=HSM"), hsmKey.getPublic())
                .build(new JcaContentSignerBuilder("SHA256withRSA").build(hsmKey.getPrivate())));
        String signed = anchor.sign(csrPem);
        X509CertificateHolder holder = Pem.parseCertificate(signed);
        assertThat(holder.getSubject().toString()).isEqualTo("CN=cluster-abc,O=HSM");
        X509Certificate x = Pem.toX509(holder);
        x.verify(anchor.certificate().getPublicKey());
        assertThat(x.getPublicKey()).isEqualTo(hsmKey.getPublic());
    }

    @Test
    void sign_garbageCsr_throwsIllegalArgument() {
        TrustAnchor anchor = TrustAnchor.generate(dir);
        assertThatThrownBy(() -> anchor.sign("not a csr")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void sign_certificateOnly_throwsIllegalState() {
        TrustAnchor anchor = TrustAnchor.ofCertificate(TrustAnchor.generate(dir).certificatePem());
        assertThat(anchor.canSign()).isFalse();
        assertThatThrownBy(() -> anchor.sign("x")).isInstanceOf(IllegalStateException.class).hasMessageContaining("private key");
    }

    @Test
    void problems_unparseablePem_reported() {
        TrustAnchor anchor = TrustAnchor.ofCertificate("-----BEGIN CERTIFICATE-----\nnot base64!!\n-----END CERTIFICATE-----\n");
        assertThat(anchor.problems()).singleElement().asString().contains("not a parseable PEM");
    }

    @Test
    void problems_keyOfOtherCertificate_reported() throws Exception {
        TrustAnchor a = TrustAnchor.generate(dir.resolve("a"));
        TrustAnchor of = TrustAnchor.of(a.certificatePem(), rsa().getPrivate());
        assertThat(of.problems()).singleElement().asString().contains("does not belong");
    }

    @Test
    void toString_neverShowsPrivateKey() throws Exception {
        TrustAnchor anchor = TrustAnchor.generate(dir);
        anchor.certificatePem();
        String keyPem = Files.readString(dir.resolve(TrustAnchor.PRIVATE_KEY_FILE));
        String body = keyPem.lines().filter(l -> !l.startsWith("-----")).findFirst().orElseThrow();
        assertThat(anchor.toString()).contains("privateKey=***").doesNotContain(body).doesNotContain("PRIVATE KEY");
    }

    // ---- the new CA is made in the background (generate returns at once) ----

    /** Holds the generation of this test's directories until {@link #release} (the test seam of TrustAnchor). */
    private final CountDownLatch release = new CountDownLatch(1);
    private final AtomicInteger generations = new AtomicInteger();
    private final List<Thread> generatingThreads = new CopyOnWriteArrayList<>();

    private void holdGeneration() {
        TrustAnchor.beforeGeneration = d -> {
            if (d.startsWith(dir)) {
                generations.incrementAndGet();
                generatingThreads.add(Thread.currentThread());
                release.await();
            }
        };
    }

    private void failGeneration(TrustAnchor.GenerationHook failure) {
        TrustAnchor.beforeGeneration = d -> {
            if (d.startsWith(dir)) {
                failure.run(d);
            }
        };
    }

    @AfterEach
    void removeHook() {
        TrustAnchor.beforeGeneration = null;
        release.countDown();
    }

    @Test
    void problems_whileGenerating_emptyWithoutWaitingAndSignCompletesAfterRelease() throws Exception {
        holdGeneration();
        TrustAnchor anchor = TrustAnchor.generate(dir);

        assertThat(anchor.problems()).isEmpty(); // returns while the generation is held: it did not wait
        assertThat(anchor.canSign()).isTrue();
        assertThat(anchor.toString()).contains("being generated").contains("privateKey=***");
        assertThat(dir.resolve(TrustAnchor.PRIVATE_KEY_FILE)).doesNotExist();
        assertThat(dir.resolve(TrustAnchor.CERTIFICATE_FILE)).doesNotExist();

        release.countDown();
        KeyPair hsmKey = rsa();
        String signed = anchor.sign(csr(hsmKey));
        Pem.toX509(Pem.parseCertificate(signed)).verify(anchor.certificate().getPublicKey());
        assertThat(dir.resolve(TrustAnchor.PRIVATE_KEY_FILE)).exists();
        assertThat(Files.readString(dir.resolve(TrustAnchor.CERTIFICATE_FILE))).isEqualTo(anchor.certificatePem());
        assertThat(anchor.problems()).isEmpty();
        assertThat(anchor.toString()).contains("CN=hsm-keystore customer root CA");
    }

    @Test
    void certificatePem_afterGenerate_filesInPlaceNoTemporaryLeftAndLoadedPairValid() throws Exception {
        TrustAnchor anchor = TrustAnchor.generate(dir);
        String pem = anchor.certificatePem();

        try (Stream<Path> files = Files.list(dir)) {
            assertThat(files.map(f -> f.getFileName().toString()))
                    .containsExactlyInAnyOrder(TrustAnchor.CERTIFICATE_FILE, TrustAnchor.PRIVATE_KEY_FILE);
        }
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve(TrustAnchor.PRIVATE_KEY_FILE))))
                .isEqualTo("rw-------");
        TrustAnchor loaded = TrustAnchor.generate(dir); // loads the files: problems() checks them in full
        assertThat(loaded.certificatePem()).isEqualTo(pem);
        assertThat(loaded.problems()).isEmpty();
        assertThat(loaded.toString()).contains("CN=hsm-keystore customer root CA");
    }

    @Test
    void generate_twiceWhileGenerating_sameCertificateOneGenerationOneKeyFile() throws Exception {
        holdGeneration();
        TrustAnchor first = TrustAnchor.generate(dir.resolve("ca"));
        TrustAnchor second = TrustAnchor.generate(dir.resolve("ca").resolve(".")); // same directory, other spelling
        release.countDown();

        assertThat(second.certificatePem()).isEqualTo(first.certificatePem());
        assertThat(generations).hasValue(1);
        try (Stream<Path> files = Files.list(dir.resolve("ca"))) {
            assertThat(files.map(f -> f.getFileName().toString()))
                    .containsExactlyInAnyOrder(TrustAnchor.CERTIFICATE_FILE, TrustAnchor.PRIVATE_KEY_FILE);
        }
        assertThat(TrustAnchor.generate(dir.resolve("ca")).certificatePem()).isEqualTo(first.certificatePem());
        assertThat(Pem.matches(Pem.parseCertificate(first.certificatePem()),
                Pem.parsePrivateKey(Files.readString(dir.resolve("ca").resolve(TrustAnchor.PRIVATE_KEY_FILE))))).isTrue();
    }

    @Test
    void generate_twoThreadsAtOnce_sameCertificate() throws Exception {
        CyclicBarrier start = new CyclicBarrier(2);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            Callable<String> call = () -> {
                start.await();
                return TrustAnchor.generate(dir.resolve("ca")).certificatePem();
            };
            Future<String> a = pool.submit(call);
            Future<String> b = pool.submit(call);
            assertThat(a.get()).isEqualTo(b.get()).startsWith("-----BEGIN CERTIFICATE-----");
        } finally {
            pool.shutdownNow();
        }
        try (Stream<Path> files = Files.list(dir.resolve("ca"))) {
            assertThat(files.map(f -> f.getFileName().toString()))
                    .containsExactlyInAnyOrder(TrustAnchor.CERTIFICATE_FILE, TrustAnchor.PRIVATE_KEY_FILE);
        }
    }

    @Test
    void generate_calledFromDaemonThread_makesTheCaOnANamedNonDaemonThread() throws Exception {
        holdGeneration();
        AtomicReference<TrustAnchor> anchor = new AtomicReference<>();
        Thread caller = new Thread(() -> anchor.set(TrustAnchor.generate(dir)));
        caller.setDaemon(true);
        caller.start();
        caller.join();
        release.countDown();
        anchor.get().certificatePem();

        assertThat(generatingThreads).singleElement().satisfies(t -> {
            assertThat(t.getName()).isEqualTo("hsm-keystore-trust-anchor");
            assertThat(t.isDaemon()).isFalse();
        });
    }

    @Test
    void certificatePemAndSign_generationFailed_throwIllegalStateNamingDirectory() throws Exception {
        failGeneration(d -> {
            throw new IllegalStateException("no entropy today");
        });
        TrustAnchor anchor = TrustAnchor.generate(dir);

        assertThatThrownBy(anchor::certificatePem).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining(dir.toString()).hasMessageContaining("no entropy today");
        assertThatThrownBy(() -> anchor.sign(csr(rsa()))).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining(dir.toString()).hasMessageContaining("no entropy today");
        assertThatThrownBy(anchor::certificate).isInstanceOf(IllegalStateException.class).hasMessageContaining(dir.toString());
        assertThat(anchor.problems()).singleElement().asString().contains("could not be generated").contains(dir.toString());
        assertThat(anchor.toString()).contains("generation failed");
        try (Stream<Path> files = Files.list(dir)) {
            assertThat(files).isEmpty();
        }
        TrustAnchor.beforeGeneration = null;
        assertThat(TrustAnchor.generate(dir).certificatePem()).startsWith("-----BEGIN CERTIFICATE-----"); // starts again
    }

    @Test
    void certificatePemAndSign_directoryRemovedBeforeWrite_throwUncheckedIoNamingDirectory() throws Exception {
        Path ca = dir.resolve("ca");
        failGeneration(Files::delete); // the directory is still empty: the write then fails
        TrustAnchor anchor = TrustAnchor.generate(ca);

        assertThatThrownBy(anchor::certificatePem).isInstanceOf(UncheckedIOException.class)
                .hasMessageContaining(ca.toString()).hasCauseInstanceOf(NoSuchFileException.class);
        assertThatThrownBy(() -> anchor.sign(csr(rsa()))).isInstanceOf(UncheckedIOException.class)
                .hasMessageContaining(ca.toString());
        assertThat(ca).doesNotExist();
    }

    @Test
    void certificatePem_keyFilePlantedWhileGenerating_refusesToOverwriteIt() throws Exception {
        failGeneration(d -> Files.writeString(d.resolve(TrustAnchor.PRIVATE_KEY_FILE), "planted"));
        TrustAnchor anchor = TrustAnchor.generate(dir);

        assertThatThrownBy(anchor::certificatePem).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("Refusing to overwrite").hasMessageContaining(dir.toString());
        assertThat(Files.readString(dir.resolve(TrustAnchor.PRIVATE_KEY_FILE))).isEqualTo("planted");
        assertThat(dir.resolve(TrustAnchor.CERTIFICATE_FILE)).doesNotExist();
    }

    @Test
    void certificatePem_certificatePlantedWhileGenerating_removesItsNewKeyAndFails() throws Exception {
        failGeneration(d -> Files.writeString(d.resolve(TrustAnchor.CERTIFICATE_FILE), "planted"));
        TrustAnchor anchor = TrustAnchor.generate(dir);

        assertThatThrownBy(anchor::certificatePem).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("Refusing to overwrite").hasMessageContaining(TrustAnchor.CERTIFICATE_FILE);
        assertThat(Files.readString(dir.resolve(TrustAnchor.CERTIFICATE_FILE))).isEqualTo("planted");
        try (Stream<Path> files = Files.list(dir)) {
            assertThat(files.map(f -> f.getFileName().toString())).containsExactly(TrustAnchor.CERTIFICATE_FILE);
        }
    }

    @Test
    void certificatePem_interruptedWhileWaiting_throwsIllegalStateAndKeepsInterruptFlag() throws Exception {
        holdGeneration();
        TrustAnchor anchor = TrustAnchor.generate(dir);
        Thread.currentThread().interrupt();
        try {
            assertThatThrownBy(anchor::certificatePem).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("Interrupted while waiting for the trust anchor").hasMessageContaining(dir.toString());
            assertThat(Thread.currentThread().isInterrupted()).isTrue();
        } finally {
            Thread.interrupted();
        }
        release.countDown();
        assertThat(anchor.certificatePem()).startsWith("-----BEGIN CERTIFICATE-----");
    }

    private static String csr(KeyPair key) throws Exception {
        return Pem.encode(new JcaPKCS10CertificationRequestBuilder(new X500Name("CN=cluster-abc,O=HSM"), key.getPublic())
                .build(new JcaContentSignerBuilder("SHA256withRSA").build(key.getPrivate())));
    }

    private static KeyPair rsa() throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
        g.initialize(2048);
        return g.generateKeyPair();
    }
}
