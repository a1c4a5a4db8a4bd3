package io.github.hsmkeystore.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.hsmkeystore.core.internal.Pem;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.cert.X509Certificate;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequestBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrustAnchorTest {
    @TempDir
    Path dir;

    @Test
    void generate_emptyDir_writesSelfSignedCaAndOwnerOnlyKey() throws Exception {
        TrustAnchor anchor = TrustAnchor.generate(dir.resolve("ca"));
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
        TrustAnchor.generate(dir.resolve("new").resolve("ca"));
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
        TrustAnchor.generate(dir.resolve("ca"));
        Files.setPosixFilePermissions(dir.resolve("ca").resolve(TrustAnchor.CERTIFICATE_FILE),
                PosixFilePermissions.fromString("rw-rw-r--"));
        assertThatThrownBy(() -> TrustAnchor.generate(dir.resolve("ca"))).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining(TrustAnchor.CERTIFICATE_FILE).hasMessageContaining("rw-rw-r--");
    }

    @Test
    void generate_privateKeyReadableByOthers_refusesToLoadIt() throws Exception {
        TrustAnchor.generate(dir.resolve("ca"));
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
        String keyPem = Files.readString(dir.resolve(TrustAnchor.PRIVATE_KEY_FILE));
        String body = keyPem.lines().filter(l -> !l.startsWith("-----")).findFirst().orElseThrow();
        assertThat(anchor.toString()).contains("privateKey=***").doesNotContain(body).doesNotContain("PRIVATE KEY");
    }

    private static KeyPair rsa() throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
        g.initialize(2048);
        return g.generateKeyPair();
    }
}
