package io.github.hsmkeystore.local.internal.cloudhsm;

import io.github.hsmkeystore.local.internal.AwsException;
import java.io.IOException;
import java.io.StringWriter;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.PublicKey;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.cert.jcajce.JcaX509CertificateHolder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;
import org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequestBuilder;

/**
 * The cluster's certificate chain: the first HSM generates a key pair and a CSR; InitializeCluster accepts a
 * certificate for that key signed by a self-signed trust anchor (aws-semantics 4.3). The private key of the CSR
 * stays in the "HSM" (this object) and is never serialised.
 */
final class ClusterCertificates {
    private final KeyPair clusterKey;
    private final String csrPem;
    private final String hsmCertificatePem;
    private final String awsHardwareCertificatePem;
    private final String manufacturerHardwareCertificatePem;

    private ClusterCertificates(KeyPair clusterKey, String csrPem, String hsmCertificatePem,
                                String awsHardwareCertificatePem, String manufacturerHardwareCertificatePem) {
        this.clusterKey = clusterKey;
        this.csrPem = csrPem;
        this.hsmCertificatePem = hsmCertificatePem;
        this.awsHardwareCertificatePem = awsHardwareCertificatePem;
        this.manufacturerHardwareCertificatePem = manufacturerHardwareCertificatePem;
    }

    /**
     * The CSR of the cluster key pair {@code pair} (RSA-2048, from {@link KeyPairs}), as the first HSM of a cluster
     * makes it, with the HSM's certificates
     * (docs/kms-and-cloudhsm.md, "HSM certificates"): the HSM's hardware key is certified by the AWS root
     * ({@code AwsHardwareCertificate}) and by the manufacturer root ({@code ManufacturerHardwareCertificate}); it
     * signs the {@code HsmCertificate}, whose public key is the CSR's.
     */
    static ClusterCertificates generate(String clusterId, String hsmId, KeyPair pair) {
        try {
            X500Name subject = new X500Name("CN=HSM:" + hsmId + ":PARTN:0, OU=" + clusterId + ", O=hsm-keystore-local");
            PKCS10CertificationRequest csr = new JcaPKCS10CertificationRequestBuilder(subject, pair.getPublic())
                    .build(new JcaContentSignerBuilder("SHA256withRSA").build(pair.getPrivate()));
            HardwareRoots roots = HardwareRoots.get();
            KeyPair hardware = KeyPairs.ecP256();
            X500Name hardwareName = new X500Name("CN=HSM hardware " + hsmId + ", O=hsm-keystore-local (emulated HSM)");
            String awsHardware = HardwareRoots.pem(HardwareRoots.certificate(roots.aws().name(), roots.aws().keys(),
                    hardwareName, hardware.getPublic(), true));
            String manufacturerHardware = HardwareRoots.pem(HardwareRoots.certificate(roots.manufacturer().name(),
                    roots.manufacturer().keys(), hardwareName, hardware.getPublic(), true));
            String hsmCertificate = HardwareRoots.pem(HardwareRoots.certificate(hardwareName, hardware, subject,
                    pair.getPublic(), false));
            return new ClusterCertificates(pair, pem(csr), hsmCertificate, awsHardware, manufacturerHardware);
        } catch (OperatorCreationException e) {
            throw new IllegalStateException("Cannot generate the cluster CSR", e);
        }
    }

    String hsmCertificatePem() {
        return hsmCertificatePem;
    }

    String awsHardwareCertificatePem() {
        return awsHardwareCertificatePem;
    }

    String manufacturerHardwareCertificatePem() {
        return manufacturerHardwareCertificatePem;
    }

    String csrPem() {
        return csrPem;
    }

    /**
     * Checks what InitializeCluster checks: both PEMs parse, the trust anchor is a self-signed root (with Basic
     * Constraints when it uses extensions), it signed {@code signedCertPem}, and that certificate is for the
     * cluster's CSR key.
     */
    void verifyInitialization(String signedCertPem, String trustAnchorPem) {
        X509Certificate anchor = parse("TrustAnchor", trustAnchorPem);
        X509Certificate cert = parse("SignedCert", signedCertPem);
        if (!anchor.getSubjectX500Principal().equals(anchor.getIssuerX500Principal()) || !verifies(anchor, anchor.getPublicKey())) {
            throw invalid("TrustAnchor must be a self-signed root certificate; its issuer is "
                    + anchor.getIssuerX500Principal().getName());
        }
        boolean usesExtensions = anchor.getVersion() == 3 && !(anchor.getCriticalExtensionOIDs() == null
                && anchor.getNonCriticalExtensionOIDs() == null);
        if (usesExtensions && anchor.getExtensionValue(Extension.basicConstraints.getId()) == null) {
            throw invalid("TrustAnchor uses X509v3 extensions but has no Basic Constraints extension");
        }
        if (!cert.getIssuerX500Principal().equals(anchor.getSubjectX500Principal()) || !verifies(cert, anchor.getPublicKey())) {
            throw invalid("SignedCert was not signed by the TrustAnchor: SignedCert issuer is "
                    + cert.getIssuerX500Principal().getName() + ", TrustAnchor subject is "
                    + anchor.getSubjectX500Principal().getName());
        }
        if (!cert.getPublicKey().equals(clusterKey.getPublic())) {
            throw invalid("SignedCert does not certify the key of this cluster's CSR; sign the ClusterCsr of this cluster");
        }
        try {
            cert.checkValidity();
        } catch (CertificateException e) {
            throw invalid("SignedCert is not valid now: " + e.getMessage());
        }
    }

    private static boolean verifies(X509Certificate cert, PublicKey key) {
        try {
            cert.verify(key);
            return true;
        } catch (GeneralSecurityException e) {
            return false;
        }
    }

    private static X509Certificate parse(String member, String pem) {
        try {
            CertificateFactory factory = CertificateFactory.getInstance("X.509");
            X509Certificate cert = (X509Certificate) factory.generateCertificate(
                    new java.io.ByteArrayInputStream(pem.getBytes(java.nio.charset.StandardCharsets.US_ASCII)));
            new JcaX509CertificateHolder(cert);
            return cert;
        } catch (CertificateException | RuntimeException e) {
            throw invalid(member + " is not a PEM-encoded X.509 certificate");
        }
    }

    private static String pem(Object object) {
        StringWriter out = new StringWriter();
        try (JcaPEMWriter writer = new JcaPEMWriter(out)) {
            writer.writeObject(object);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return out.toString();
    }

    private static AwsException invalid(String message) {
        return CloudHsmErrors.invalidRequest(message);
    }
}
