package io.github.hsmkeystore.core.internal;

import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.security.PrivateKey;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.interfaces.RSAPublicKey;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;

/** PEM reading and writing with BouncyCastle; messages never contain key material. */
public final class Pem {
    private Pem() {
    }

    public static X509CertificateHolder parseCertificate(String pem) {
        Object o = read(pem, "certificate");
        if (o instanceof X509CertificateHolder holder) {
            return holder;
        }
        throw new IllegalArgumentException("expected a CERTIFICATE block, found " + describe(o));
    }

    public static PKCS10CertificationRequest parseCsr(String pem) {
        Object o = read(pem, "CSR");
        if (o instanceof PKCS10CertificationRequest csr) {
            return csr;
        }
        throw new IllegalArgumentException("expected a CERTIFICATE REQUEST block, found " + describe(o));
    }

    public static PrivateKey parsePrivateKey(String pem) {
        Object o = read(pem, "private key");
        try {
            JcaPEMKeyConverter converter = new JcaPEMKeyConverter();
            if (o instanceof PEMKeyPair pair) {
                return converter.getPrivateKey(pair.getPrivateKeyInfo());
            }
            if (o instanceof PrivateKeyInfo info) {
                return converter.getPrivateKey(info);
            }
        } catch (IOException e) {
            throw new IllegalArgumentException("private key PEM cannot be converted (" + e.getClass().getSimpleName() + ")");
        }
        throw new IllegalArgumentException("expected an unencrypted PRIVATE KEY block, found " + describe(o));
    }

    public static String encode(Object pemObject) {
        StringWriter out = new StringWriter();
        try (JcaPEMWriter w = new JcaPEMWriter(out)) {
            w.writeObject(pemObject);
        } catch (IOException e) {
            throw new IllegalStateException("PEM encoding failed", e);
        }
        return out.toString();
    }

    public static String encodePrivateKey(PrivateKey key) {
        try {
            return encode(new JcaPKCS8Generator(key, null).generate());
        } catch (org.bouncycastle.util.io.pem.PemGenerationException e) {
            throw new IllegalStateException("PKCS#8 encoding failed", e);
        }
    }

    public static X509Certificate toX509(X509CertificateHolder holder) {
        try {
            return new JcaX509CertificateConverter().getCertificate(holder);
        } catch (CertificateException e) {
            throw new IllegalArgumentException("certificate cannot be converted: " + e.getMessage(), e);
        }
    }

    /** Whether the private key belongs to the certificate's public key (RSA: same modulus; others: sign/verify). */
    public static boolean matches(X509CertificateHolder cert, PrivateKey key) {
        try {
            X509Certificate x509 = toX509(cert);
            if (key instanceof RSAPrivateCrtKey rsa && x509.getPublicKey() instanceof RSAPublicKey pub) {
                return rsa.getModulus().equals(pub.getModulus());
            }
            java.security.Signature s = java.security.Signature.getInstance(
                    "EC".equals(key.getAlgorithm()) ? "SHA256withECDSA" : "SHA256withRSA");
            byte[] probe = "hsm-keystore".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
            s.initSign(key);
            s.update(probe);
            byte[] sig = s.sign();
            s.initVerify(x509.getPublicKey());
            s.update(probe);
            return s.verify(sig);
        } catch (java.security.GeneralSecurityException | IllegalArgumentException e) {
            return false;
        }
    }

    private static Object read(String pem, String what) {
        if (pem == null || pem.isBlank()) {
            throw new IllegalArgumentException(what + " PEM is empty");
        }
        try (PEMParser parser = new PEMParser(new StringReader(pem))) {
            Object o = parser.readObject();
            if (o == null) {
                throw new IllegalArgumentException("no PEM block found in the " + what + " text");
            }
            return o;
        } catch (IOException | RuntimeException e) {
            if (e instanceof IllegalArgumentException iae && iae.getMessage() != null && iae.getMessage().startsWith("no PEM")) {
                throw iae;
            }
            throw new IllegalArgumentException("malformed " + what + " PEM (" + e.getClass().getSimpleName() + ")");
        }
    }

    private static String describe(Object o) {
        return o == null ? "nothing" : o.getClass().getSimpleName();
    }
}
