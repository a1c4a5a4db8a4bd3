package io.github.hsmkeystore.local.testing;

import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.math.BigInteger;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;

/** A self-signed test CA that signs cluster CSRs, as a customer's trust anchor does (aws-semantics 4.3). */
public final class TestCa {
    private final KeyPair keyPair;
    private final X500Name name;
    private final String certificatePem;

    private TestCa(String commonName) {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            keyPair = generator.generateKeyPair();
            name = new X500Name("CN=" + commonName + ", O=hsm-keystore tests");
            Instant now = Instant.now();
            X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(name, BigInteger.ONE,
                    Date.from(now.minus(Duration.ofDays(1))), Date.from(now.plus(Duration.ofDays(3650))), name,
                    keyPair.getPublic());
            builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(true));
            certificatePem = pem(builder.build(new JcaContentSignerBuilder("SHA256withRSA").build(keyPair.getPrivate())));
        } catch (NoSuchAlgorithmException | OperatorCreationException | IOException e) {
            throw new IllegalStateException(e);
        }
    }

    public static TestCa create(String commonName) {
        return new TestCa(commonName);
    }

    /** The trust anchor certificate (customerCA.crt). */
    public String certificatePem() {
        return certificatePem;
    }

    /** Signs a cluster CSR and returns the cluster certificate PEM. */
    public String sign(String csrPem) {
        try (PEMParser parser = new PEMParser(new StringReader(csrPem))) {
            PKCS10CertificationRequest csr = (PKCS10CertificationRequest) parser.readObject();
            Instant now = Instant.now();
            X509v3CertificateBuilder builder = new X509v3CertificateBuilder(name,
                    BigInteger.valueOf(now.toEpochMilli()), Date.from(now.minus(Duration.ofDays(1))),
                    Date.from(now.plus(Duration.ofDays(3650))), csr.getSubject(), csr.getSubjectPublicKeyInfo());
            return pem(builder.build(new JcaContentSignerBuilder("SHA256withRSA").build(keyPair.getPrivate())));
        } catch (IOException | OperatorCreationException e) {
            throw new IllegalStateException("Cannot sign the CSR", e);
        }
    }

    private static String pem(X509CertificateHolder holder) throws IOException {
        StringWriter out = new StringWriter();
        try (JcaPEMWriter writer = new JcaPEMWriter(out)) {
            writer.writeObject(holder);
        }
        return out.toString();
    }
}
