package io.github.hsmkeystore.local.cloudhsm;

import static io.github.hsmkeystore.local.cloudhsm.CloudHsmClusterIT.assertAwsError;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.hsmkeystore.local.LocalHsmKeyStoreExtension;
import io.github.hsmkeystore.local.testing.ClusterFixture;
import io.github.hsmkeystore.local.testing.OpenSsl;
import java.io.ByteArrayInputStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.List;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.RSAPublicKey;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.cloudhsmv2.CloudHsmV2Client;
import software.amazon.awssdk.services.cloudhsmv2.model.Certificates;
import software.amazon.awssdk.services.cloudhsmv2.model.ClusterMode;

/**
 * The HSM certificates of DescribeClusters and AWS's "verify the identity of your cluster" steps, run with OpenSSL
 * (docs/kms-and-cloudhsm.md "HSM certificates"); the retired hsm1.medium type.
 */
class ClusterIdentityIT {
    @RegisterExtension
    static final LocalHsmKeyStoreExtension local = LocalHsmKeyStoreExtension.create();

    private CloudHsmV2Client hsm;
    private ClusterFixture fixture;
    private String az1;

    @BeforeEach
    void setUp() {
        hsm = local.local().cloudHsmClient();
        fixture = new ClusterFixture(local.local());
        az1 = local.local().region().id() + "a";
    }

    private Certificates uninitializedCertificates() {
        String id = fixture.createCluster();
        fixture.createHsm(id, az1);
        return fixture.awaitCluster(id, c -> c.certificates().clusterCsr() != null).certificates();
    }

    @Test
    void createCluster_hsm1Medium_isInvalidRequestNamingHsm2m() {
        assertAwsError(() -> hsm.createCluster(r -> r.hsmType("hsm1.medium").subnetIds("subnet-0a1b2c3d")),
                "CloudHsmInvalidRequestException", "hsm2m.medium");
        assertAwsError(() -> hsm.createCluster(r -> r.hsmType("hsm1.medium").mode(ClusterMode.FIPS).subnetIds("subnet-0a1b2c3d")),
                "CloudHsmInvalidRequestException", "hsm1.medium is no longer available");
    }

    @Test
    void describeClusters_beforeTheFirstHsm_hasNoHsmCertificates() {
        String id = fixture.createCluster();
        Certificates certificates = fixture.describe(id).certificates();
        assertThat(certificates.hsmCertificate()).isNull();
        assertThat(certificates.awsHardwareCertificate()).isNull();
        assertThat(certificates.manufacturerHardwareCertificate()).isNull();
    }

    @Test
    void describeClusters_withAnActiveHsm_showsTheThreeHsmCertificates() {
        Certificates certificates = uninitializedCertificates();
        assertThat(certificates.hsmCertificate()).startsWith("-----BEGIN CERTIFICATE-----");
        assertThat(certificates.awsHardwareCertificate()).startsWith("-----BEGIN CERTIFICATE-----");
        assertThat(certificates.manufacturerHardwareCertificate()).startsWith("-----BEGIN CERTIFICATE-----");
        assertThat(certificates.hsmCertificate()).isNotEqualTo(certificates.awsHardwareCertificate());
    }

    /** docs/emulator.md "Cluster certificates": an RSA-2048 CSR key of its own per cluster; ECDSA stand-in hardware chain. */
    @Test
    void clusterCsr_twoClusters_eachItsOwnRsa2048KeyAndAnEcdsaHardwareChain() throws Exception {
        Certificates first = uninitializedCertificates();
        Certificates second = uninitializedCertificates();
        SubjectPublicKeyInfo key1 = csrKey(first.clusterCsr());
        SubjectPublicKeyInfo key2 = csrKey(second.clusterCsr());
        assertThat(key1.getAlgorithm().getAlgorithm()).isEqualTo(PKCSObjectIdentifiers.rsaEncryption);
        assertThat(RSAPublicKey.getInstance(key1.parsePublicKey()).getModulus().bitLength()).isEqualTo(2048);
        assertThat(key1).isNotEqualTo(key2);
        CertificateFactory x509 = CertificateFactory.getInstance("X.509");
        X509Certificate hardware = (X509Certificate) x509.generateCertificate(
                new ByteArrayInputStream(first.awsHardwareCertificate().getBytes(StandardCharsets.US_ASCII)));
        X509Certificate hsmCert = (X509Certificate) x509.generateCertificate(
                new ByteArrayInputStream(first.hsmCertificate().getBytes(StandardCharsets.US_ASCII)));
        assertThat(hardware.getPublicKey().getAlgorithm()).isEqualTo("EC");
        assertThat(hsmCert.getSigAlgName()).isEqualTo("SHA256withECDSA");
        hsmCert.verify(hardware.getPublicKey());
    }

    private static SubjectPublicKeyInfo csrKey(String pem) throws Exception {
        try (PEMParser parser = new PEMParser(new StringReader(pem))) {
            return ((PKCS10CertificationRequest) parser.readObject()).getSubjectPublicKeyInfo();
        }
    }

    @Test
    void hsmCertificate_verifiesAgainstBothChains_andCertifiesTheCsrKey_withOpenSsl(@TempDir Path dir) {
        OpenSsl.assumeAvailable();
        Certificates c = uninitializedCertificates();
        String hsmCert = OpenSsl.write(dir, "HsmCertificate.crt", c.hsmCertificate());
        String awsChain = OpenSsl.write(dir, "AWS_chain.crt",
                local.local().cloudHsmRootCertificatePem() + c.awsHardwareCertificate());
        String manufacturerChain = OpenSsl.write(dir, "manufacturer_chain.crt",
                local.local().hsmManufacturerRootCertificatePem() + c.manufacturerHardwareCertificate());
        String csr = OpenSsl.write(dir, "ClusterCsr.csr", c.clusterCsr());

        OpenSsl.Result aws = OpenSsl.run(List.of("verify", "-CAfile", awsChain, hsmCert));
        assertThat(aws.exitCode()).as(aws.output()).isZero();
        assertThat(aws.output()).contains(": OK");
        OpenSsl.Result manufacturer = OpenSsl.run(List.of("verify", "-CAfile", manufacturerChain, hsmCert));
        assertThat(manufacturer.exitCode()).as(manufacturer.output()).isZero();

        OpenSsl.Result certKey = OpenSsl.run(List.of("x509", "-in", hsmCert, "-pubkey", "-noout"));
        OpenSsl.Result csrKey = OpenSsl.run(List.of("req", "-in", csr, "-pubkey", "-noout"));
        assertThat(certKey.output()).startsWith("-----BEGIN PUBLIC KEY-----").isEqualTo(csrKey.output());
    }

    @Test
    void hsmCertificate_ofAnotherCluster_failsTheChainOfThisOne(@TempDir Path dir) {
        OpenSsl.assumeAvailable();
        Certificates mine = uninitializedCertificates();
        Certificates other = uninitializedCertificates();
        String chain = OpenSsl.write(dir, "AWS_chain.crt", local.local().cloudHsmRootCertificatePem() + mine.awsHardwareCertificate());
        String foreign = OpenSsl.write(dir, "other.crt", other.hsmCertificate());
        OpenSsl.Result result = OpenSsl.run(List.of("verify", "-CAfile", chain, foreign));
        assertThat(result.exitCode()).as(result.output()).isNotZero();
    }
}
