package io.github.hsmkeystore.local.internal.kms;

import io.github.hsmkeystore.local.internal.AwsException;
import java.io.IOException;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.Provider;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.MGF1ParameterSpec;
import java.security.spec.PSSParameterSpec;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.SecretKey;
import javax.crypto.spec.OAEPParameterSpec;
import javax.crypto.spec.PSource;
import org.bouncycastle.asn1.DERNull;
import org.bouncycastle.asn1.nist.NISTObjectIdentifiers;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x509.DigestInfo;
import org.bouncycastle.jce.provider.BouncyCastleProvider;

/**
 * The JCA side of standard KMS asymmetric and HMAC keys (docs/kms-and-cloudhsm.md "Asymmetric and HMAC keys"):
 * key generation per KeySpec, signing algorithms with message types RAW and DIGEST, RSAES_OAEP encryption and HMAC.
 * Uses a private BouncyCastle provider instance (secp256k1 left SunEC in JDK 16); it is not registered globally.
 */
final class AsymmetricKeys {
    private static final Provider BC = new BouncyCastleProvider();

    private AsymmetricKeys() {
    }

    /** Whether the emulator generates and uses a key pair for this KeySpec: RSA and the ECDSA curves. */
    static boolean isImplemented(String keySpec) {
        return keySpec.startsWith("RSA_") || (keySpec.startsWith("ECC_") && !keySpec.equals("ECC_NIST_EDWARDS25519"));
    }

    /** Generates the key pair of a KeySpec or KeyPairSpec. */
    static KeyPair generate(String keySpec) {
        try {
            if (keySpec.startsWith("RSA_")) {
                KeyPairGenerator g = KeyPairGenerator.getInstance("RSA", BC);
                g.initialize(Integer.parseInt(keySpec.substring(4)));
                return g.generateKeyPair();
            }
            if (keySpec.equals("ECC_NIST_EDWARDS25519")) {
                return KeyPairGenerator.getInstance("Ed25519", BC).generateKeyPair();
            }
            String curve = switch (keySpec) {
                case "ECC_NIST_P256" -> "secp256r1";
                case "ECC_NIST_P384" -> "secp384r1";
                case "ECC_NIST_P521" -> "secp521r1";
                case "ECC_SECG_P256K1" -> "secp256k1";
                case "SM2" -> "sm2p256v1";
                default -> throw new IllegalArgumentException("No key pair for " + keySpec);
            };
            KeyPairGenerator g = KeyPairGenerator.getInstance("EC", BC);
            g.initialize(new ECGenParameterSpec(curve));
            return g.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Cannot generate a " + keySpec + " key pair", e);
        }
    }

    /** The hash of a signing algorithm ({@code SHA-256} for RSASSA_PSS_SHA_256), or null when it has none. */
    static String digestOf(String signingAlgorithm) {
        if (signingAlgorithm.endsWith("_SHA_256")) {
            return "SHA-256";
        }
        if (signingAlgorithm.endsWith("_SHA_384")) {
            return "SHA-384";
        }
        if (signingAlgorithm.endsWith("_SHA_512")) {
            return "SHA-512";
        }
        return null;
    }

    /** Signs {@code message} (a digest when {@code digest}) with a KMS signing algorithm. */
    static byte[] sign(PrivateKey key, String algorithm, boolean digest, byte[] message) {
        try {
            Signature s = signature(algorithm, digest);
            s.initSign(key);
            s.update(digest ? prepareDigest(algorithm, message) : message);
            return s.sign();
        } catch (GeneralSecurityException e) {
            throw AwsException.fault("KMSInternalException", "Signing failed: " + e.getClass().getSimpleName());
        }
    }

    /** Verifies a signature; a malformed signature is an invalid one. */
    static boolean verify(PublicKey key, String algorithm, boolean digest, byte[] message, byte[] signature) {
        try {
            Signature s = signature(algorithm, digest);
            s.initVerify(key);
            s.update(digest ? prepareDigest(algorithm, message) : message);
            return s.verify(signature);
        } catch (java.security.SignatureException | IllegalArgumentException e) {
            return false; // a malformed signature is an invalid one
        } catch (GeneralSecurityException e) {
            throw AwsException.fault("KMSInternalException", "Verification failed: " + e.getClass().getSimpleName());
        }
    }

    private static Signature signature(String algorithm, boolean digest) throws GeneralSecurityException {
        String hash = digestOf(algorithm);
        String bare = hash.replace("-", "");
        if (algorithm.startsWith("RSASSA_PKCS1_V1_5")) {
            return Signature.getInstance(digest ? "NONEwithRSA" : bare + "withRSA", BC);
        }
        if (algorithm.startsWith("RSASSA_PSS")) {
            int length = MessageDigest.getInstance(hash).getDigestLength();
            Signature s = Signature.getInstance(digest ? "RAWRSASSA-PSS" : "RSASSA-PSS", BC);
            s.setParameter(new PSSParameterSpec(hash, "MGF1", new MGF1ParameterSpec(hash), length, 1));
            return s;
        }
        if (algorithm.startsWith("ECDSA")) {
            return Signature.getInstance(digest ? "NONEwithECDSA" : bare + "withECDSA", BC);
        }
        throw new IllegalArgumentException(algorithm);
    }

    /** With MessageType DIGEST, PKCS#1 v1.5 signs the DigestInfo of the given digest; the others sign it as is. */
    private static byte[] prepareDigest(String algorithm, byte[] digest) throws GeneralSecurityException {
        if (!algorithm.startsWith("RSASSA_PKCS1_V1_5")) {
            return digest;
        }
        var oid = switch (digestOf(algorithm)) {
            case "SHA-256" -> NISTObjectIdentifiers.id_sha256;
            case "SHA-384" -> NISTObjectIdentifiers.id_sha384;
            default -> NISTObjectIdentifiers.id_sha512;
        };
        try {
            return new DigestInfo(new AlgorithmIdentifier(oid, DERNull.INSTANCE), digest).getEncoded();
        } catch (IOException e) {
            throw new GeneralSecurityException(e);
        }
    }

    /** The largest plaintext RSAES_OAEP accepts for a key: modulus bytes - 2 * hash bytes - 2. */
    static int maxOaepPlaintext(String keySpec, String encryptionAlgorithm) {
        int modulus = Integer.parseInt(keySpec.substring(4)) / 8;
        int hash = encryptionAlgorithm.equals("RSAES_OAEP_SHA_1") ? 20 : 32;
        return modulus - 2 * hash - 2;
    }

    static byte[] rsaOaep(int mode, java.security.Key key, String encryptionAlgorithm, byte[] input) throws GeneralSecurityException {
        String hash = encryptionAlgorithm.equals("RSAES_OAEP_SHA_1") ? "SHA-1" : "SHA-256";
        Cipher c = Cipher.getInstance("RSA/NONE/OAEPPadding", BC);
        c.init(mode, key, new OAEPParameterSpec(hash, "MGF1", new MGF1ParameterSpec(hash), PSource.PSpecified.DEFAULT));
        return c.doFinal(input);
    }

    /** The HMAC key length in bytes of an HMAC_* KeySpec. */
    static int hmacKeyBytes(String keySpec) {
        return Integer.parseInt(keySpec.substring(5)) / 8;
    }

    static byte[] hmac(SecretKey key, String macAlgorithm, byte[] message) {
        try {
            Mac mac = Mac.getInstance("HmacSHA" + macAlgorithm.substring("HMAC_SHA_".length()), BC);
            mac.init(key);
            return mac.doFinal(message);
        } catch (GeneralSecurityException e) {
            throw AwsException.fault("KMSInternalException", "MAC failed: " + e.getClass().getSimpleName());
        }
    }
}
