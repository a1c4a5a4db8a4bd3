package io.github.hsmkeystore.local.internal.kms;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.hsmkeystore.local.internal.AwsException;
import io.github.hsmkeystore.local.internal.Json;
import io.github.hsmkeystore.local.internal.JsonRequest;
import java.security.KeyPair;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.List;
import java.util.Map;

/**
 * Sign, Verify, GetPublicKey, GenerateMac, VerifyMac and GenerateDataKeyPair(WithoutPlaintext) with standard KMS
 * asymmetric and HMAC keys (docs/kms-and-cloudhsm.md "Asymmetric and HMAC keys"). Checks run under the scope's lock
 * through {@link CryptoOperations#check}; the cryptography runs outside it.
 */
final class SigningOperations {
    private static final int MAX_MESSAGE = 4096;
    private static final int MAX_SIGNATURE = 6144;
    private static final List<String> SIGNING_ALGORITHMS = List.of("RSASSA_PSS_SHA_256", "RSASSA_PSS_SHA_384",
            "RSASSA_PSS_SHA_512", "RSASSA_PKCS1_V1_5_SHA_256", "RSASSA_PKCS1_V1_5_SHA_384", "RSASSA_PKCS1_V1_5_SHA_512",
            "ECDSA_SHA_256", "ECDSA_SHA_384", "ECDSA_SHA_512", "SM2DSA", "ML_DSA_SHAKE_256", "ED25519_SHA_512",
            "ED25519_PH_SHA_512");
    private static final List<String> MAC_ALGORITHMS = List.of("HMAC_SHA_224", "HMAC_SHA_256", "HMAC_SHA_384", "HMAC_SHA_512");
    private static final List<String> MESSAGE_TYPES = List.of("RAW", "DIGEST", "EXTERNAL_MU");
    private static final List<String> KEY_PAIR_SPECS = List.of("RSA_2048", "RSA_3072", "RSA_4096", "ECC_NIST_P256",
            "ECC_NIST_P384", "ECC_NIST_P521", "ECC_SECG_P256K1", "SM2", "ECC_NIST_EDWARDS25519");

    private final KmsService kms;
    private final CryptoOperations crypto;

    SigningOperations(KmsService kms, CryptoOperations crypto) {
        this.kms = kms;
        this.crypto = crypto;
    }

    ObjectNode sign(KmsState state, JsonRequest r) {
        String keyId = r.requiredString("KeyId");
        byte[] message = CryptoOperations.requiredBlob(r, "Message", MAX_MESSAGE);
        String algorithm = enumValue(r, "SigningAlgorithm", SIGNING_ALGORITHMS, true);
        boolean digest = digest(r);
        CryptoOperations.grantTokens(r);
        KmsKeyRecord key = signingKey(state, keyId, algorithm, r.bool("DryRun", false));
        checkDigestLength(algorithm, digest, message);
        byte[] signature = AsymmetricKeys.sign(key.keyPair.getPrivate(), algorithm, digest, message);
        return Json.object().put("KeyId", key.arn).put("Signature", Json.base64(signature)).put("SigningAlgorithm", algorithm);
    }

    ObjectNode verify(KmsState state, JsonRequest r) {
        String keyId = r.requiredString("KeyId");
        byte[] message = CryptoOperations.requiredBlob(r, "Message", MAX_MESSAGE);
        byte[] signature = CryptoOperations.requiredBlob(r, "Signature", MAX_SIGNATURE);
        String algorithm = enumValue(r, "SigningAlgorithm", SIGNING_ALGORITHMS, true);
        boolean digest = digest(r);
        CryptoOperations.grantTokens(r);
        KmsKeyRecord key = signingKey(state, keyId, algorithm, r.bool("DryRun", false));
        checkDigestLength(algorithm, digest, message);
        if (!AsymmetricKeys.verify(key.keyPair.getPublic(), algorithm, digest, message, signature)) {
            throw AwsException.client("KMSInvalidSignatureException", "The signature is not valid for this message,"
                    + " signing algorithm and KMS key " + key.arn);
        }
        return Json.object().put("KeyId", key.arn).put("SignatureValid", true).put("SigningAlgorithm", algorithm);
    }

    ObjectNode getPublicKey(KmsState state, JsonRequest r) {
        String keyId = r.requiredString("KeyId");
        CryptoOperations.grantTokens(r);
        KmsKeyRecord key = kms.locked(state, () -> {
            KmsKeyRecord k = kms.resolve(state, keyId);
            if (!k.keySpec.startsWith("RSA_") && !k.keySpec.startsWith("ECC_") && !k.keySpec.equals("SM2")
                    && !k.keySpec.startsWith("ML_DSA")) {
                throw KmsErrors.unsupported(k.arn + " is a " + k.keySpec + " key: only asymmetric KMS keys have a public key");
            }
            return crypto.check(state, k, false, x -> true, null).key();
        });
        if (key.keyPair == null) {
            throw notImplemented(key);
        }
        ObjectNode out = Json.object().put("KeyId", key.arn)
                .put("PublicKey", Json.base64(key.keyPair.getPublic().getEncoded())) // X.509 SubjectPublicKeyInfo, DER
                .put("CustomerMasterKeySpec", key.keySpec).put("KeySpec", key.keySpec).put("KeyUsage", key.keyUsage);
        ArrayNode algorithms = out.putArray(switch (key.keyUsage) {
            case "ENCRYPT_DECRYPT" -> "EncryptionAlgorithms";
            case "SIGN_VERIFY" -> "SigningAlgorithms";
            default -> "KeyAgreementAlgorithms";
        });
        KeyAlgorithms.of(key.keySpec, key.keyUsage).forEach(algorithms::add);
        return out;
    }

    ObjectNode generateMac(KmsState state, JsonRequest r) {
        byte[] message = CryptoOperations.requiredBlob(r, "Message", MAX_MESSAGE);
        String keyId = r.requiredString("KeyId");
        String algorithm = enumValue(r, "MacAlgorithm", MAC_ALGORITHMS, true);
        CryptoOperations.grantTokens(r);
        KmsKeyRecord key = macKey(state, keyId, algorithm, r.bool("DryRun", false));
        return Json.object().put("Mac", Json.base64(AsymmetricKeys.hmac(key.material, algorithm, message)))
                .put("MacAlgorithm", algorithm).put("KeyId", key.arn);
    }

    ObjectNode verifyMac(KmsState state, JsonRequest r) {
        byte[] message = CryptoOperations.requiredBlob(r, "Message", MAX_MESSAGE);
        String keyId = r.requiredString("KeyId");
        String algorithm = enumValue(r, "MacAlgorithm", MAC_ALGORITHMS, true);
        byte[] mac = CryptoOperations.requiredBlob(r, "Mac", MAX_SIGNATURE);
        CryptoOperations.grantTokens(r);
        KmsKeyRecord key = macKey(state, keyId, algorithm, r.bool("DryRun", false));
        if (!MessageDigest.isEqual(mac, AsymmetricKeys.hmac(key.material, algorithm, message))) {
            throw AwsException.client("KMSInvalidMacException", "The MAC is not valid for this message, MAC algorithm and"
                    + " KMS key " + key.arn);
        }
        return Json.object().put("KeyId", key.arn).put("MacValid", true).put("MacAlgorithm", algorithm);
    }

    /**
     * GenerateDataKeyPair(WithoutPlaintext): a key pair of KeyPairSpec whose private key (PKCS #8, DER) is encrypted
     * under a symmetric encryption key; keys in a custom key store are UnsupportedOperationException.
     */
    ObjectNode generateDataKeyPair(KmsState state, JsonRequest r, boolean withPlaintext) {
        Map<String, String> context = r.stringMap("EncryptionContext");
        String keyId = r.requiredString("KeyId");
        String spec = enumValue(r, "KeyPairSpec", KEY_PAIR_SPECS, true);
        CryptoOperations.grantTokens(r);
        if (r.has("Recipient")) {
            r.nested("Recipient");
            throw KmsErrors.unsupported("Recipient (Nitro Enclaves attestation) is not implemented by hsm-keystore-local");
        }
        boolean dryRun = r.bool("DryRun", false);
        CryptoOperations.Usable usable = kms.locked(state, () -> {
            KmsKeyRecord key = kms.resolve(state, keyId);
            if (key.inCustomKeyStore()) {
                throw KmsErrors.unsupported(key.arn + " is in a custom key store: KMS keys in a custom key store cannot"
                        + " generate data key pairs");
            }
            return crypto.check(state, key, dryRun, KmsKeyRecord::isSymmetricEncryption, "SYMMETRIC_DEFAULT");
        });
        if (spec.equals("SM2") && !state.scope.region().startsWith("cn-")) {
            throw KmsErrors.unsupported("KeyPairSpec SM2 is available only in the China Regions, not in " + state.scope.region());
        }
        if (!AsymmetricKeys.isImplemented(spec)) {
            throw KmsErrors.unsupported("KeyPairSpec " + spec + " is not implemented by hsm-keystore-local");
        }
        KeyPair pair = AsymmetricKeys.generate(spec);
        byte[] privateKey = pair.getPrivate().getEncoded();
        ObjectNode out = Json.object().put("PrivateKeyCiphertextBlob", Json.base64(crypto.seal(usable, privateKey, context)));
        if (withPlaintext) {
            out.put("PrivateKeyPlaintext", Json.base64(privateKey));
        }
        java.util.Arrays.fill(privateKey, (byte) 0);
        return out.put("PublicKey", Json.base64(pair.getPublic().getEncoded())).put("KeyId", usable.key().arn)
                .put("KeyPairSpec", spec);
    }

    private KmsKeyRecord signingKey(KmsState state, String keyId, String algorithm, boolean dryRun) {
        KmsKeyRecord key = kms.locked(state, () -> crypto.check(state, kms.resolve(state, keyId), dryRun,
                k -> k.keyUsage.equals("SIGN_VERIFY") && !k.inCustomKeyStore(), algorithm).key());
        if (key.keyPair == null || AsymmetricKeys.digestOf(algorithm) == null) {
            throw notImplemented(key);
        }
        return key;
    }

    private KmsKeyRecord macKey(KmsState state, String keyId, String algorithm, boolean dryRun) {
        return kms.locked(state, () -> crypto.check(state, kms.resolve(state, keyId), dryRun,
                k -> k.keyUsage.equals("GENERATE_VERIFY_MAC") && k.material != null, algorithm).key());
    }

    private static AwsException notImplemented(KmsKeyRecord key) {
        return KmsErrors.unsupported("hsm-keystore-local does not implement cryptography with " + key.keySpec
                + " keys (" + key.arn + "); RSA, ECC_NIST_P256/384/521, ECC_SECG_P256K1 and HMAC keys are implemented");
    }

    /** MessageType: RAW (default) or DIGEST; EXTERNAL_MU (ML-DSA) is not implemented. */
    private static boolean digest(JsonRequest r) {
        String type = enumValue(r, "MessageType", MESSAGE_TYPES, false);
        if ("EXTERNAL_MU".equals(type)) {
            throw KmsErrors.unsupported("MessageType EXTERNAL_MU (ML-DSA) is not implemented by hsm-keystore-local");
        }
        return "DIGEST".equals(type);
    }

    /** With MessageType DIGEST the message must be exactly as long as the algorithm's hash. */
    private static void checkDigestLength(String algorithm, boolean digest, byte[] message) {
        if (!digest) {
            return;
        }
        try {
            int length = MessageDigest.getInstance(AsymmetricKeys.digestOf(algorithm)).getDigestLength();
            if (message.length != length) {
                throw AwsException.validation("Digest is invalid length for algorithm " + algorithm + ": expected "
                        + length + " bytes, got " + message.length);
            }
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String enumValue(JsonRequest r, String member, List<String> values, boolean required) {
        String value = required ? r.requiredString(member) : r.string(member);
        if (value != null && !values.contains(value)) {
            throw AwsException.validation("1 validation error detected: Value '" + value + "' at '" + JsonRequest.camel(member)
                    + "' failed to satisfy constraint: Member must satisfy enum value set: " + values);
        }
        return value;
    }
}
