package io.github.hsmkeystore.local.internal.kms;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.hsmkeystore.local.internal.AwsException;
import io.github.hsmkeystore.local.internal.Json;
import io.github.hsmkeystore.local.internal.JsonRequest;
import io.github.hsmkeystore.local.internal.cloudhsm.ClusterAccess.ClusterView;
import io.github.hsmkeystore.local.internal.hsm.HsmBackend;
import io.github.hsmkeystore.local.internal.hsm.HsmCryptoException;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Map;
import java.util.Optional;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;

/**
 * Encrypt, Decrypt, ReEncrypt, GenerateDataKey(WithoutPlaintext), GenerateRandom (aws-semantics 3.4). The checks
 * run under the scope's lock in the order NotFound, key state, backing cluster health, quota; the cipher runs
 * outside it, in the JVM for standard keys and in the cluster's HSM backend for custom-store keys.
 */
final class CryptoOperations {
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final int MAX_PLAINTEXT = 4096;
    private static final int MAX_CIPHERTEXT = 6144;
    private static final java.util.List<String> ENCRYPTION_ALGORITHMS = java.util.List.of("SYMMETRIC_DEFAULT",
            "RSAES_OAEP_SHA_1", "RSAES_OAEP_SHA_256", "SM2PKE");

    private final KmsService kms;

    CryptoOperations(KmsService kms) {
        this.kms = kms;
    }

    /** A key that passed every check, with where its cipher runs. */
    record Usable(KmsKeyRecord key, HsmBackend backend) {
    }

    ObjectNode encrypt(KmsState state, JsonRequest r) {
        String keyId = r.requiredString("KeyId");
        byte[] plaintext = requiredBlob(r, "Plaintext", MAX_PLAINTEXT);
        Map<String, String> context = r.stringMap("EncryptionContext");
        String algorithm = commonMembers(r);
        Usable usable = kms.locked(state, () -> check(state, kms.resolve(state, keyId), r.bool("DryRun", false),
                k -> k.isSymmetricEncryption() || isRsaEncryption(k), algorithm));
        if (isRsaEncryption(usable.key)) {
            return Json.object().put("CiphertextBlob", Json.base64(rsa(Cipher.ENCRYPT_MODE, usable.key, algorithm, plaintext, context)))
                    .put("KeyId", usable.key.arn).put("EncryptionAlgorithm", algorithm);
        }
        byte[] blob = seal(usable, plaintext, context);
        return Json.object().put("CiphertextBlob", Json.base64(blob)).put("KeyId", usable.key.arn)
                .put("EncryptionAlgorithm", "SYMMETRIC_DEFAULT");
    }

    ObjectNode decrypt(KmsState state, JsonRequest r) {
        byte[] blob = requiredBlob(r, "CiphertextBlob", MAX_CIPHERTEXT);
        Map<String, String> context = r.stringMap("EncryptionContext");
        String keyId = r.string("KeyId", 1, 2048);
        String algorithm = commonMembers(r);
        boolean dryRun = r.bool("DryRun", false);
        Usable rsaKey = keyId == null ? null : kms.locked(state, () -> {
            KmsKeyRecord key = kms.resolve(state, keyId);
            return isRsaEncryption(key) ? check(state, key, dryRun, CryptoOperations::isRsaEncryption, algorithm) : null;
        });
        if (rsaKey != null) {
            // an RSA ciphertext carries no key id: Decrypt needs KeyId and EncryptionAlgorithm (docs/kms-and-cloudhsm.md)
            return Json.object().put("KeyId", rsaKey.key.arn)
                    .put("Plaintext", Json.base64(rsa(Cipher.DECRYPT_MODE, rsaKey.key, algorithm, blob, context)))
                    .put("EncryptionAlgorithm", algorithm);
        }
        if (!algorithm.equals("SYMMETRIC_DEFAULT")) {
            throw AwsException.client("InvalidKeyUsageException", "Encryption algorithm " + algorithm
                    + " needs the KeyId of the RSA KMS key that encrypted the ciphertext");
        }
        Opened opened = open(state, blob, context, keyId, dryRun);
        return Json.object().put("KeyId", opened.keyArn).put("Plaintext", Json.base64(opened.plaintext))
                .put("EncryptionAlgorithm", "SYMMETRIC_DEFAULT");
    }

    static boolean isRsaEncryption(KmsKeyRecord key) {
        return key.keyPair != null && key.keySpec.startsWith("RSA_") && key.keyUsage.equals("ENCRYPT_DECRYPT");
    }

    /** RSAES_OAEP with a standard RSA key: no encryption context, plaintext within the key's OAEP limit. */
    private static byte[] rsa(int mode, KmsKeyRecord key, String algorithm, byte[] input, Map<String, String> context) {
        if (!context.isEmpty()) {
            throw AwsException.validation("EncryptionContext is not supported with asymmetric KMS keys: " + key.arn);
        }
        int max = AsymmetricKeys.maxOaepPlaintext(key.keySpec, algorithm);
        if (mode == Cipher.ENCRYPT_MODE && input.length > max) {
            throw AwsException.validation("Plaintext is " + input.length + " bytes; a " + key.keySpec + " key with "
                    + algorithm + " encrypts at most " + max + " bytes");
        }
        try {
            return mode == Cipher.ENCRYPT_MODE
                    ? AsymmetricKeys.rsaOaep(mode, key.keyPair.getPublic(), algorithm, input)
                    : AsymmetricKeys.rsaOaep(mode, key.keyPair.getPrivate(), algorithm, input);
        } catch (GeneralSecurityException e) {
            throw invalidCiphertext();
        }
    }

    ObjectNode reEncrypt(KmsState state, JsonRequest r) {
        byte[] blob = requiredBlob(r, "CiphertextBlob", MAX_CIPHERTEXT);
        Map<String, String> sourceContext = r.stringMap("SourceEncryptionContext");
        String sourceKeyId = r.string("SourceKeyId", 1, 2048);
        String destinationKeyId = r.requiredString("DestinationKeyId");
        Map<String, String> destinationContext = r.stringMap("DestinationEncryptionContext");
        r.string("SourceEncryptionAlgorithm");
        r.string("DestinationEncryptionAlgorithm");
        r.stringList("GrantTokens");
        boolean dryRun = r.bool("DryRun", false);
        Usable destination = usable(state, destinationKeyId, false);
        if (!"SYMMETRIC_DEFAULT".equals(java.util.Objects.requireNonNullElse(r.string("SourceEncryptionAlgorithm"), "SYMMETRIC_DEFAULT"))
                || !"SYMMETRIC_DEFAULT".equals(java.util.Objects.requireNonNullElse(r.string("DestinationEncryptionAlgorithm"), "SYMMETRIC_DEFAULT"))) {
            throw KmsErrors.unsupported("ReEncrypt with RSA KMS keys is not implemented by hsm-keystore-local;"
                    + " only SYMMETRIC_DEFAULT source and destination");
        }
        Opened opened = open(state, blob, sourceContext, sourceKeyId, dryRun);
        byte[] resealed = seal(destination, opened.plaintext, destinationContext);
        return Json.object().put("CiphertextBlob", Json.base64(resealed)).put("SourceKeyId", opened.keyArn)
                .put("KeyId", destination.key.arn).put("SourceEncryptionAlgorithm", "SYMMETRIC_DEFAULT")
                .put("DestinationEncryptionAlgorithm", "SYMMETRIC_DEFAULT");
    }

    ObjectNode generateDataKey(KmsState state, JsonRequest r, boolean withPlaintext) {
        String keyId = r.requiredString("KeyId");
        Map<String, String> context = r.stringMap("EncryptionContext");
        Integer numberOfBytes = r.integer("NumberOfBytes", 1, 1024);
        String keySpec = r.string("KeySpec");
        r.stringList("GrantTokens");
        if ((numberOfBytes == null) == (keySpec == null)) {
            throw AwsException.validation("Please specify either number of bytes or key spec.");
        }
        int length = numberOfBytes != null ? numberOfBytes : switch (keySpec) {
            case "AES_256" -> 32;
            case "AES_128" -> 16;
            default -> throw AwsException.validation("1 validation error detected: Value '" + keySpec
                    + "' at 'keySpec' failed to satisfy constraint: Member must satisfy enum value set: [AES_256, AES_128]");
        };
        Usable usable = usable(state, keyId, r.bool("DryRun", false));
        byte[] plaintext = random(length);
        byte[] blob = seal(usable, plaintext, context);
        ObjectNode out = Json.object().put("CiphertextBlob", Json.base64(blob)).put("KeyId", usable.key.arn);
        if (withPlaintext) {
            out.put("Plaintext", Json.base64(plaintext));
        }
        return out;
    }

    ObjectNode generateRandom(KmsState state, JsonRequest r) {
        Integer n = r.integer("NumberOfBytes", 1, 1024);
        String storeId = r.string("CustomKeyStoreId", 1, 64);
        if (storeId != null) {
            kms.locked(state, () -> {
                CustomKeyStore store = state.stores.get(storeId);
                if (store == null) {
                    throw KmsErrors.storeNotFound("Custom key store " + storeId + " not found");
                }
                if (!store.isConnected()) {
                    throw KmsErrors.storeInvalidState("Custom key store " + storeId + " is " + store.connectionState
                            + "; GenerateRandom with a CustomKeyStoreId needs it CONNECTED");
                }
                return null;
            });
        }
        return Json.object().put("Plaintext", Json.base64(random(n == null ? 32 : n)));
    }

    /** GenerateDataKey for in-process callers (DynamoDB's table key). */
    io.github.hsmkeystore.local.internal.kms.KmsKeyAccess.DataKey dataKey(KmsState state, String keyReference,
                                                                          Map<String, String> context, int length) {
        Usable usable = usable(state, keyReference, false);
        byte[] plaintext = random(length);
        return new KmsKeyAccess.DataKey(usable.key.arn, plaintext, seal(usable, plaintext, context));
    }

    record Opened(String keyArn, byte[] plaintext) {
    }

    /** Decrypt for in-process callers and the Decrypt/ReEncrypt operations. */
    Opened decryptBlob(KmsState state, byte[] blob, Map<String, String> context, String keyId) {
        return open(state, blob, context, keyId, false);
    }

    private Opened open(KmsState state, byte[] blob, Map<String, String> context, String expectedKeyId, boolean dryRun) {
        Ciphertexts.Parsed parsed = Ciphertexts.parse(blob);
        if (parsed == null) {
            throw invalidCiphertext();
        }
        Usable usable = kms.locked(state, () -> {
            KmsKeyRecord key = state.keys.get(parsed.keyId());
            if (key == null) {
                throw KmsErrors.keyNotFound(state.keyArn(parsed.keyId()));
            }
            if (expectedKeyId != null && !kms.resolve(state, expectedKeyId).keyId.equals(key.keyId)) {
                throw AwsException.client("IncorrectKeyException",
                        "The key ID in the request does not identify a CMK that can perform this operation.");
            }
            return check(state, key, dryRun, KmsKeyRecord::isSymmetricEncryption, "SYMMETRIC_DEFAULT");
        });
        byte[] aad = Ciphertexts.associatedData(usable.key.arn, context);
        try {
            byte[] plaintext = usable.backend != null
                    ? usable.backend.decrypt(usable.key.hsmHandle, parsed.iv(), parsed.sealed(), aad)
                    : jvmCipher(Cipher.DECRYPT_MODE, usable.key, parsed.iv(), parsed.sealed(), aad);
            return new Opened(usable.key.arn, plaintext);
        } catch (HsmCryptoException e) {
            if (e.getCause() instanceof AEADBadTagException) {
                throw invalidCiphertext();
            }
            throw clusterUnreachable(usable.key);
        }
    }

    private Usable usable(KmsState state, String keyReference, boolean dryRun) {
        return kms.locked(state, () -> check(state, kms.resolve(state, keyReference), dryRun,
                KmsKeyRecord::isSymmetricEncryption, "SYMMETRIC_DEFAULT"));
    }

    /**
     * Key state, usage ({@code usable}) and algorithm ({@code algorithm}, one of the key's algorithms), backing
     * cluster health and quota, then DryRun, in the order of aws-semantics section 9.
     */
    Usable check(KmsState state, KmsKeyRecord key, boolean dryRun, java.util.function.Predicate<KmsKeyRecord> usable,
                 String algorithm) {
        switch (kms.keyState(state, key)) {
            case "Disabled" -> throw KmsErrors.disabled(key.arn);
            case "PendingDeletion" -> throw KmsErrors.pendingDeletion(key.arn);
            case "Unavailable" -> throw KmsErrors.invalidState(key.arn + " is unavailable.");
            case "PendingImport" -> throw KmsErrors.invalidState(key.arn + " is pending import.");
            default -> { }
        }
        if (!usable.test(key)) {
            throw AwsException.client("InvalidKeyUsageException", "You cannot perform this operation on a " + key.keySpec
                    + " KMS key with KeyUsage " + key.keyUsage + ": " + key.arn);
        }
        if (algorithm != null && !KeyAlgorithms.of(key.keySpec, key.keyUsage).contains(algorithm)) {
            throw AwsException.client("InvalidKeyUsageException", "Algorithm " + algorithm + " is not supported by "
                    + key.arn + " (KeySpec " + key.keySpec + ", KeyUsage " + key.keyUsage + "); it supports "
                    + KeyAlgorithms.of(key.keySpec, key.keyUsage));
        }
        HsmBackend backend = null;
        if (key.inCustomKeyStore()) {
            CustomKeyStore store = state.stores.get(key.customKeyStoreId);
            Optional<ClusterView> cluster = kms.clusters.cluster(state.scope, store.clusterId);
            if (cluster.isEmpty() || cluster.get().activeHsmsPerAz().isEmpty()
                    || !cluster.get().backend().hasKey(key.hsmHandle)) {
                throw clusterUnreachable(key);
            }
            if (!store.admitRequest(kms.clock.now())) {
                throw AwsException.client("ThrottlingException", "You have exceeded the rate at which you may call KMS."
                        + " Reduce the frequency of your calls. (custom key store " + store.id + ": "
                        + CustomKeyStore.REQUESTS_PER_SECOND + " requests per second)");
            }
            backend = cluster.get().backend();
        }
        if (dryRun) {
            throw AwsException.client("DryRunOperationException", "The request would have succeeded, but the DryRun option is set.");
        }
        return new Usable(key, backend);
    }

    private static AwsException clusterUnreachable(KmsKeyRecord key) {
        return KmsErrors.invalidState("KMS cannot communicate with your CloudHSM cluster " + key.cloudHsmClusterId
                + " for " + key.arn + ": it may have no active HSM, or the key material is missing. Retry; then check the cluster.");
    }

    byte[] seal(Usable usable, byte[] plaintext, Map<String, String> context) {
        byte[] iv = random(Ciphertexts.IV_LENGTH);
        byte[] aad = Ciphertexts.associatedData(usable.key.arn, context);
        byte[] sealed;
        try {
            sealed = usable.backend != null
                    ? usable.backend.encrypt(usable.key.hsmHandle, iv, plaintext, aad)
                    : jvmCipher(Cipher.ENCRYPT_MODE, usable.key, iv, plaintext, aad);
        } catch (HsmCryptoException e) {
            throw clusterUnreachable(usable.key);
        }
        return Ciphertexts.build(usable.key.keyId, iv, sealed);
    }

    private static byte[] jvmCipher(int mode, KmsKeyRecord key, byte[] iv, byte[] input, byte[] aad) {
        try {
            return io.github.hsmkeystore.local.internal.AesGcm.apply(mode, key.material, iv, input, aad, null);
        } catch (AEADBadTagException e) {
            throw invalidCiphertext();
        } catch (GeneralSecurityException e) {
            throw AwsException.fault("KMSInternalException", "Cipher failure: " + e.getClass().getSimpleName());
        }
    }

    static AwsException invalidCiphertext() {
        return AwsException.client("InvalidCiphertextException",
                "The ciphertext is invalid, was altered, or the encryption context does not match the one used to encrypt it.");
    }

    static byte[] requiredBlob(JsonRequest r, String member, int max) {
        byte[] b = r.blob(member, 1, max);
        if (b == null) {
            throw JsonRequest.missing(member);
        }
        return b;
    }

    /** GrantTokens (at most 10) and EncryptionAlgorithm (an enum value; default SYMMETRIC_DEFAULT), which it returns. */
    private static String commonMembers(JsonRequest r) {
        grantTokens(r);
        String algorithm = r.string("EncryptionAlgorithm");
        if (algorithm == null) {
            return "SYMMETRIC_DEFAULT";
        }
        if (!ENCRYPTION_ALGORITHMS.contains(algorithm)) {
            throw AwsException.validation("1 validation error detected: Value '" + algorithm + "' at 'encryptionAlgorithm'"
                    + " failed to satisfy constraint: Member must satisfy enum value set: " + ENCRYPTION_ALGORITHMS);
        }
        return algorithm;
    }

    /** GrantTokens: at most 10. */
    static java.util.List<String> grantTokens(JsonRequest r) {
        java.util.List<String> tokens = r.stringList("GrantTokens");
        if (tokens.size() > 10) {
            throw AwsException.validation("1 validation error detected: Value at 'grantTokens' failed to satisfy"
                    + " constraint: Member must have length less than or equal to 10");
        }
        return tokens;
    }

    static byte[] random(int n) {
        byte[] b = new byte[n];
        RANDOM.nextBytes(b);
        return b;
    }
}
