package io.github.hsmkeystore.local.internal.cloudhsm;

import java.io.IOException;
import java.io.StringWriter;
import java.math.BigInteger;
import java.security.KeyPair;
import java.security.PublicKey;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.concurrent.atomic.AtomicLong;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * The emulator's stand-ins for the two roots of AWS's "verify the identity of your cluster" procedure
 * (docs/kms-and-cloudhsm.md, "HSM certificates"): the AWS CloudHSM root ({@code AWS_CloudHSM_Root-G1.crt} on AWS)
 * and the HSM manufacturer's root. Generated once per JVM (ECDSA P-256, see {@link KeyPairs}); an emulated HSM's
 * hardware key is certified by both, so the HSM certificate verifies against either chain, as on AWS.
 */
public final class HardwareRoots {
    private static final AtomicLong SERIAL = new AtomicLong(System.currentTimeMillis());
    private static final HardwareRoots INSTANCE = new HardwareRoots();

    private final Issuer aws;
    private final Issuer manufacturer;

    /** A certificate authority: its name, key pair and self-signed certificate. */
    record Issuer(X500Name name, KeyPair keys, String certificatePem) {
    }

    private HardwareRoots() {
        aws = root("CN=hsm-keystore-local CloudHSM Root G1, OU=CloudHSM, O=hsm-keystore-local (emulated Amazon Web Services)");
        manufacturer = root("CN=hsm-keystore-local HSM Manufacturer Root, O=hsm-keystore-local (emulated HSM manufacturer)");
    }

    static HardwareRoots get() {
        return INSTANCE;
    }

    /** The emulated AWS CloudHSM root certificate (PEM), the trust anchor of {@code AwsHardwareCertificate}. */
    public static String awsRootCertificatePem() {
        return INSTANCE.aws.certificatePem();
    }

    /** The emulated manufacturer root certificate (PEM), the trust anchor of {@code ManufacturerHardwareCertificate}. */
    public static String manufacturerRootCertificatePem() {
        return INSTANCE.manufacturer.certificatePem();
    }

    Issuer aws() {
        return aws;
    }

    Issuer manufacturer() {
        return manufacturer;
    }

    private static Issuer root(String dn) {
        KeyPair keys = KeyPairs.ecP256();
        X500Name name = new X500Name(dn);
        return new Issuer(name, keys, pem(certificate(name, keys, name, keys.getPublic(), true)));
    }

    /** A certificate for {@code subjectKey} signed by {@code issuer}, valid ten years, CA or end-entity. */
    static X509CertificateHolder certificate(X500Name issuerName, KeyPair issuerKeys, X500Name subject, PublicKey subjectKey,
                                             boolean ca) {
        try {
            Instant now = Instant.now();
            X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(issuerName,
                    BigInteger.valueOf(SERIAL.incrementAndGet()), Date.from(now.minus(Duration.ofDays(1))),
                    Date.from(now.plus(Duration.ofDays(3650))), subject, subjectKey);
            builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(ca));
            if (ca) {
                builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
            }
            return builder.build(new JcaContentSignerBuilder(KeyPairs.signatureAlgorithm(issuerKeys)).build(issuerKeys.getPrivate()));
        } catch (IOException | OperatorCreationException e) {
            throw new IllegalStateException("Cannot issue a certificate", e);
        }
    }

    static String pem(Object object) {
        StringWriter out = new StringWriter();
        try (JcaPEMWriter writer = new JcaPEMWriter(out)) {
            writer.writeObject(object);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return out.toString();
    }
}
