package io.github.hsmkeystore.local.internal.kms;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.hsmkeystore.local.internal.AwsException;
import io.github.hsmkeystore.local.internal.Json;
import io.github.hsmkeystore.local.internal.JsonRequest;
import io.github.hsmkeystore.local.internal.hsm.HsmBackend;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;

/**
 * Key lifecycle, metadata, rotation and tags (aws-semantics 3.1-3.3, 3.6, 3.7). Called under the scope's lock, except
 * {@link #createKey}, which takes it itself.
 */
final class KeyOperations {
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Set<String> KEY_USAGES = Set.of("ENCRYPT_DECRYPT", "SIGN_VERIFY", "GENERATE_VERIFY_MAC", "KEY_AGREEMENT");
    private static final Set<String> ORIGINS = Set.of("AWS_KMS", "EXTERNAL", "AWS_CLOUDHSM", "EXTERNAL_KEY_STORE");
    private static final Map<String, Set<String>> USAGES_BY_SPEC = Map.ofEntries(
            Map.entry("SYMMETRIC_DEFAULT", Set.of("ENCRYPT_DECRYPT")),
            Map.entry("RSA_2048", Set.of("ENCRYPT_DECRYPT", "SIGN_VERIFY")),
            Map.entry("RSA_3072", Set.of("ENCRYPT_DECRYPT", "SIGN_VERIFY")),
            Map.entry("RSA_4096", Set.of("ENCRYPT_DECRYPT", "SIGN_VERIFY")),
            Map.entry("ECC_NIST_P256", Set.of("SIGN_VERIFY", "KEY_AGREEMENT")),
            Map.entry("ECC_NIST_P384", Set.of("SIGN_VERIFY", "KEY_AGREEMENT")),
            Map.entry("ECC_NIST_P521", Set.of("SIGN_VERIFY", "KEY_AGREEMENT")),
            Map.entry("ECC_SECG_P256K1", Set.of("SIGN_VERIFY", "KEY_AGREEMENT")),
            Map.entry("ECC_NIST_EDWARDS25519", Set.of("SIGN_VERIFY")),
            Map.entry("SM2", Set.of("ENCRYPT_DECRYPT", "SIGN_VERIFY", "KEY_AGREEMENT")),
            Map.entry("HMAC_224", Set.of("GENERATE_VERIFY_MAC")),
            Map.entry("HMAC_256", Set.of("GENERATE_VERIFY_MAC")),
            Map.entry("HMAC_384", Set.of("GENERATE_VERIFY_MAC")),
            Map.entry("HMAC_512", Set.of("GENERATE_VERIFY_MAC")),
            Map.entry("ML_DSA_44", Set.of("SIGN_VERIFY")),
            Map.entry("ML_DSA_65", Set.of("SIGN_VERIFY")),
            Map.entry("ML_DSA_87", Set.of("SIGN_VERIFY")));

    private final KmsService kms;

    KeyOperations(KmsService kms) {
        this.kms = kms;
    }

    /**
     * CreateKey. Not called under the scope's lock: the request is checked first, then state is checked and changed
     * under the lock. A key in a custom key store is generated in the cluster's HSM between two locked steps, as the
     * HSM may sit behind a modelled network hop; the second step checks the store again and destroys the new key
     * material if the store was disconnected meanwhile.
     */
    ObjectNode createKey(KmsState state, JsonRequest r) {
        String policy = r.string("Policy", 1, 131072);
        String description = r.string("Description", 0, 8192);
        String keySpec = r.string("KeySpec");
        String legacySpec = r.string("CustomerMasterKeySpec");
        String keyUsage = r.string("KeyUsage");
        String origin = r.string("Origin") == null ? "AWS_KMS" : r.string("Origin");
        String storeId = r.string("CustomKeyStoreId", 1, 64);
        boolean multiRegion = r.bool("MultiRegion", false);
        boolean bypassLockout = r.bool("BypassPolicyLockoutSafetyCheck", false);
        Map<String, String> tags = tags(r.objectList("Tags"));
        if (policy != null) {
            KeyPolicies.validate(state.scope, policy, bypassLockout);
        }
        if (keySpec != null && legacySpec != null && !keySpec.equals(legacySpec)) {
            throw AwsException.validation("You cannot specify KeySpec and CustomerMasterKeySpec in the same request");
        }
        String spec = keySpec != null ? keySpec : legacySpec != null ? legacySpec : "SYMMETRIC_DEFAULT";
        if (!USAGES_BY_SPEC.containsKey(spec)) {
            throw AwsException.validation("1 validation error detected: Value '" + spec
                    + "' at 'keySpec' failed to satisfy constraint: Member must satisfy enum value set: " + USAGES_BY_SPEC.keySet());
        }
        if (keyUsage != null && !KEY_USAGES.contains(keyUsage)) {
            throw AwsException.validation("1 validation error detected: Value '" + keyUsage
                    + "' at 'keyUsage' failed to satisfy constraint: Member must satisfy enum value set: " + KEY_USAGES);
        }
        if (!ORIGINS.contains(origin)) {
            throw AwsException.validation("1 validation error detected: Value '" + origin
                    + "' at 'origin' failed to satisfy constraint: Member must satisfy enum value set: " + ORIGINS);
        }
        String usage = keyUsage != null ? keyUsage : USAGES_BY_SPEC.get(spec).contains("ENCRYPT_DECRYPT") ? "ENCRYPT_DECRYPT" : null;
        if (usage == null || !USAGES_BY_SPEC.get(spec).contains(usage)) {
            throw AwsException.validation("KeyUsage " + (keyUsage == null ? "(default ENCRYPT_DECRYPT)" : keyUsage)
                    + " is not compatible with KeySpec " + spec + "; valid usages: " + USAGES_BY_SPEC.get(spec));
        }
        if (origin.equals("EXTERNAL_KEY_STORE")) {
            throw KmsErrors.unsupported("External key stores (Origin EXTERNAL_KEY_STORE) are not supported by hsm-keystore-local");
        }
        boolean cloudHsm = origin.equals("AWS_CLOUDHSM");
        if (cloudHsm != (storeId != null)) {
            throw KmsErrors.unsupported(cloudHsm
                    ? "Origin AWS_CLOUDHSM requires a CustomKeyStoreId"
                    : "A key in a custom key store (CustomKeyStoreId " + storeId + ") requires Origin AWS_CLOUDHSM");
        }
        String keyId = UUID.randomUUID().toString();
        String arn = state.keyArn(keyId);
        String text = description == null ? "" : description;
        if (spec.equals("SM2") && !state.scope.region().startsWith("cn-")) {
            // docs/kms-and-cloudhsm.md "Asymmetric and HMAC keys": SM2 only in China Regions
            throw KmsErrors.unsupported("KeySpec SM2 is available only in the China Regions (cn-north-1, cn-northwest-1),"
                    + " not in " + state.scope.region());
        }
        if (!cloudHsm) {
            SecretKey material = null;
            java.security.KeyPair pair = null;
            if (spec.equals("SYMMETRIC_DEFAULT") && !origin.equals("EXTERNAL")) {
                byte[] bytes = new byte[32];
                RANDOM.nextBytes(bytes);
                material = new SecretKeySpec(bytes, "AES");
            } else if (spec.startsWith("HMAC_") && !origin.equals("EXTERNAL")) {
                byte[] bytes = new byte[AsymmetricKeys.hmacKeyBytes(spec)];
                RANDOM.nextBytes(bytes);
                material = new SecretKeySpec(bytes, "HmacSHA" + spec.substring(5));
            } else if (AsymmetricKeys.isImplemented(spec) && !origin.equals("EXTERNAL")) {
                pair = AsymmetricKeys.generate(spec); // outside the lock: RSA 4096 takes a while
            }
            SecretKey standardMaterial = material;
            java.security.KeyPair standardPair = pair;
            return kms.locked(state, () -> {
                KmsKeyRecord key = new KmsKeyRecord(keyId, arn, kms.clock.now(), text, spec, usage, origin,
                        null, null, multiRegion, standardMaterial, null);
                key.keyPair = standardPair;
                return store(state, key, tags, policy);
            });
        }
        if (!spec.equals("SYMMETRIC_DEFAULT") || !usage.equals("ENCRYPT_DECRYPT") || multiRegion) {
            throw KmsErrors.unsupported("A custom key store holds only symmetric encryption keys: KeySpec"
                    + " SYMMETRIC_DEFAULT, KeyUsage ENCRYPT_DECRYPT, not multi-Region; got KeySpec " + spec
                    + ", KeyUsage " + usage + (multiRegion ? ", MultiRegion true" : ""));
        }
        HsmBackend hsm = kms.locked(state, () -> {
            kms.stores().requireKeyCreation(state, storeId);
            return kms.stores().backingBackend(state, storeId);
        });
        String handle = hsm.generateAesKey(arn);
        try {
            return kms.locked(state, () -> {
                String clusterId = kms.stores().requireKeyCreation(state, storeId);
                if (kms.stores().backingBackend(state, storeId) != hsm) {
                    throw KmsErrors.storeInvalidState("Custom key store " + storeId + " changed cluster while the key was"
                            + " being created; retry");
                }
                return store(state, new KmsKeyRecord(keyId, arn, kms.clock.now(), text, spec, usage, origin, storeId,
                        clusterId, false, null, handle), tags, policy);
            });
        } catch (RuntimeException e) {
            hsm.destroyKey(handle);
            throw e;
        }
    }

    private ObjectNode store(KmsState state, KmsKeyRecord key, Map<String, String> tags, String policy) {
        key.tags.putAll(tags);
        key.policy = policy != null ? policy : KeyPolicies.defaultPolicy(state.scope);
        state.keys.put(key.keyId, key);
        return Json.object().set("KeyMetadata", metadata(state, key));
    }

    ObjectNode metadata(KmsState state, KmsKeyRecord k) {
        String keyState = kms.keyState(state, k);
        ObjectNode m = Json.object();
        m.put("AWSAccountId", state.scope.accountId());
        m.put("KeyId", k.keyId);
        m.put("Arn", k.arn);
        m.put("CreationDate", Json.epochSeconds(k.created));
        m.put("Enabled", keyState.equals("Enabled"));
        m.put("Description", k.description);
        m.put("KeyUsage", k.keyUsage);
        m.put("KeyState", keyState);
        if (k.deletionDate != null) {
            m.put("DeletionDate", Json.epochSeconds(k.deletionDate));
            m.put("PendingDeletionWindowInDays", k.pendingWindowInDays);
        }
        m.put("Origin", k.origin);
        if (k.inCustomKeyStore()) {
            m.put("CustomKeyStoreId", k.customKeyStoreId);
            // the store's current cluster: UpdateCustomKeyStore may have moved it to a related cluster
            CustomKeyStore store = state.stores.get(k.customKeyStoreId);
            m.put("CloudHsmClusterId", store != null ? store.clusterId : k.cloudHsmClusterId);
        }
        if (k.origin.equals("EXTERNAL")) {
            m.put("ExpirationModel", "KEY_MATERIAL_DOES_NOT_EXPIRE");
        }
        m.put("KeyManager", k.awsManaged ? "AWS" : "CUSTOMER");
        m.put("CustomerMasterKeySpec", k.keySpec);
        m.put("KeySpec", k.keySpec);
        String algorithmsMember = switch (k.keyUsage) {
            case "ENCRYPT_DECRYPT" -> "EncryptionAlgorithms";
            case "SIGN_VERIFY" -> "SigningAlgorithms";
            case "GENERATE_VERIFY_MAC" -> "MacAlgorithms";
            default -> "KeyAgreementAlgorithms";
        };
        ArrayNode algorithms = m.putArray(algorithmsMember);
        KeyAlgorithms.of(k.keySpec, k.keyUsage).forEach(algorithms::add);
        m.put("MultiRegion", k.multiRegion);
        return m;
    }

    ObjectNode describeKey(KmsState state, JsonRequest r) {
        r.stringList("GrantTokens");
        return Json.object().set("KeyMetadata", metadata(state, kms.resolve(state, r.requiredString("KeyId"))));
    }

    ObjectNode listKeys(KmsState state, JsonRequest r) {
        int limit = r.integer("Limit", 1, 1000) == null ? 100 : r.integer("Limit");
        List<KmsKeyRecord> all = new ArrayList<>(state.keys.values());
        int start = Paging.start(r.string("Marker", 1, 1024), all.size());
        int end = Math.min(all.size(), start + limit);
        ObjectNode out = Json.object();
        ArrayNode keys = out.putArray("Keys");
        all.subList(start, end).forEach(k -> keys.addObject().put("KeyId", k.keyId).put("KeyArn", k.arn));
        Paging.finish(out, end, all.size());
        return out;
    }

    ObjectNode setEnabled(KmsState state, JsonRequest r, boolean enabled) {
        KmsKeyRecord key = kms.resolve(state, r.requiredString("KeyId"));
        requireCustomerManaged(state, key, enabled ? "EnableKey" : "DisableKey");
        requireNotPendingDeletion(key);
        if (key.origin.equals("EXTERNAL")) {
            throw KmsErrors.invalidState(key.arn + " is pending import.");
        }
        key.enabled = enabled; // while Unavailable this only changes the state the key returns to (aws-semantics 2.6)
        return Json.object();
    }

    ObjectNode scheduleKeyDeletion(KmsState state, JsonRequest r) {
        KmsKeyRecord key = kms.resolve(state, r.requiredString("KeyId"));
        Integer window = r.integer("PendingWindowInDays", 7, 30);
        requireCustomerManaged(state, key, "ScheduleKeyDeletion");
        requireNotPendingDeletion(key);
        key.pendingWindowInDays = window == null ? 30 : window;
        key.deletionDate = kms.clock.now().plus(Duration.ofDays(key.pendingWindowInDays));
        return Json.object().put("KeyId", key.arn).put("DeletionDate", Json.epochSeconds(key.deletionDate))
                .put("KeyState", "PendingDeletion").put("PendingWindowInDays", key.pendingWindowInDays);
    }

    ObjectNode cancelKeyDeletion(KmsState state, JsonRequest r) {
        KmsKeyRecord key = kms.resolve(state, r.requiredString("KeyId"));
        requireCustomerManaged(state, key, "CancelKeyDeletion");
        if (key.deletionDate == null) {
            throw KmsErrors.invalidState(key.arn + " is not pending deletion.");
        }
        key.deletionDate = null;
        key.pendingWindowInDays = 0;
        key.enabled = false; // a cancelled key comes back Disabled
        return Json.object().put("KeyId", key.arn);
    }

    ObjectNode setRotation(KmsState state, JsonRequest r, boolean enable) {
        KmsKeyRecord key = kms.resolve(state, r.requiredString("KeyId"));
        Integer period = enable ? r.integer("RotationPeriodInDays", 90, 2560) : null;
        requireCustomerManaged(state, key, enable ? "EnableKeyRotation" : "DisableKeyRotation");
        requireRotatable(state, key);
        if (kms.keyState(state, key).equals("Disabled")) {
            throw KmsErrors.disabled(key.arn);
        }
        key.rotationEnabled = enable;
        if (enable) {
            key.rotationPeriodInDays = period == null ? 365 : period;
            key.rotationEnabledAt = kms.clock.now();
        }
        return Json.object();
    }

    ObjectNode getKeyRotationStatus(KmsState state, JsonRequest r) {
        KmsKeyRecord key = kms.resolve(state, r.requiredString("KeyId"));
        if (key.awsManaged) {
            // AWS managed keys rotate every year; rotation cannot be changed (docs/kms-and-cloudhsm.md "AWS managed keys")
            return Json.object().put("KeyRotationEnabled", true).put("KeyId", key.arn).put("RotationPeriodInDays", 365)
                    .put("NextRotationDate", Json.epochSeconds(key.created.plus(Duration.ofDays(365))));
        }
        requireRotatable(state, key);
        ObjectNode out = Json.object().put("KeyRotationEnabled", key.rotationEnabled).put("KeyId", key.arn);
        if (key.rotationEnabled) {
            out.put("RotationPeriodInDays", key.rotationPeriodInDays);
            out.put("NextRotationDate", Json.epochSeconds(key.rotationEnabledAt.plus(Duration.ofDays(key.rotationPeriodInDays))));
        }
        return out;
    }

    /**
     * On-demand rotation: unsupported for custom-store keys (aws-semantics 3.3, 6b). For eligible standard keys the
     * emulator accepts the request; it keeps one material per key (old ciphertexts must keep decrypting), so the
     * rotation is not observable through cryptography.
     */
    ObjectNode rotateKeyOnDemand(KmsState state, JsonRequest r) {
        KmsKeyRecord key = kms.resolve(state, r.requiredString("KeyId"));
        requireCustomerManaged(state, key, "RotateKeyOnDemand");
        if (key.inCustomKeyStore()) {
            throw KmsErrors.unsupported(key.arn + " is in a custom key store: you cannot perform on-demand rotation of"
                    + " KMS keys in a custom key store. Rotate manually: create a new key and point the alias at it (UpdateAlias).");
        }
        requireRotatable(state, key);
        if (kms.keyState(state, key).equals("Disabled")) {
            throw KmsErrors.disabled(key.arn);
        }
        return Json.object().put("KeyId", key.arn);
    }

    /** Automatic rotation: symmetric AWS_KMS keys only; never custom-store keys (aws-semantics 3.3, 6b). */
    private void requireRotatable(KmsState state, KmsKeyRecord key) {
        if (key.inCustomKeyStore()) {
            throw KmsErrors.unsupported(key.arn + " is in a custom key store: automatic key rotation is not supported."
                    + " Rotate manually: create a new key and point the alias at it (UpdateAlias).");
        }
        if (!key.isSymmetricEncryption() || !key.origin.equals("AWS_KMS")) {
            throw KmsErrors.unsupported(key.arn + " (KeySpec " + key.keySpec + ", Origin " + key.origin
                    + ") does not support automatic key rotation.");
        }
        requireNotPendingDeletion(key);
    }

    ObjectNode updateKeyDescription(KmsState state, JsonRequest r) {
        KmsKeyRecord key = kms.resolve(state, r.requiredString("KeyId"));
        String description = r.requiredString("Description", 0, 8192);
        requireCustomerManaged(state, key, "UpdateKeyDescription");
        requireNotPendingDeletion(key);
        key.description = description;
        return Json.object();
    }

    ObjectNode tagResource(KmsState state, JsonRequest r) {
        KmsKeyRecord key = kms.resolve(state, r.requiredString("KeyId"));
        if (!r.has("Tags")) {
            throw JsonRequest.missing("Tags");
        }
        Map<String, String> tags = tags(r.objectList("Tags"));
        requireCustomerManaged(state, key, "TagResource");
        requireNotPendingDeletion(key);
        Map<String, String> merged = new LinkedHashMap<>(key.tags);
        merged.putAll(tags);
        if (merged.size() > 50) {
            throw KmsErrors.tag("A KMS key can have at most 50 tags; this request would give it " + merged.size());
        }
        key.tags.putAll(tags);
        return Json.object();
    }

    ObjectNode untagResource(KmsState state, JsonRequest r) {
        KmsKeyRecord key = kms.resolve(state, r.requiredString("KeyId"));
        List<String> keys = r.stringList("TagKeys");
        if (!r.has("TagKeys")) {
            throw JsonRequest.missing("TagKeys");
        }
        requireCustomerManaged(state, key, "UntagResource");
        requireNotPendingDeletion(key);
        keys.forEach(key.tags::remove);
        return Json.object();
    }

    ObjectNode listResourceTags(KmsState state, JsonRequest r) {
        KmsKeyRecord key = kms.resolve(state, r.requiredString("KeyId"));
        int limit = r.integer("Limit", 1, 50) == null ? 50 : r.integer("Limit");
        List<Map.Entry<String, String>> all = new ArrayList<>(key.tags.entrySet());
        int start = Paging.start(r.string("Marker", 1, 1024), all.size());
        int end = Math.min(all.size(), start + limit);
        ObjectNode out = Json.object();
        ArrayNode tags = out.putArray("Tags");
        all.subList(start, end).forEach(e -> tags.addObject().put("TagKey", e.getKey()).put("TagValue", e.getValue()));
        Paging.finish(out, end, all.size());
        return out;
    }

    private static Map<String, String> tags(List<JsonRequest> list) {
        Map<String, String> tags = new LinkedHashMap<>();
        for (JsonRequest tag : list) {
            String key = tag.requiredString("TagKey", 1, 128);
            String value = tag.requiredString("TagValue", 0, 256);
            if (key.startsWith("aws:")) {
                throw KmsErrors.tag("Tag keys starting with aws: are reserved for AWS: " + key);
            }
            tags.put(key, value);
        }
        if (tags.size() > 50) {
            throw KmsErrors.tag("A KMS key can have at most 50 tags; got " + tags.size());
        }
        return tags;
    }

    /**
     * An AWS managed key's policy lets the account only view it and the service use it: every change is
     * AccessDeniedException (docs/kms-and-cloudhsm.md "AWS managed keys").
     */
    static void requireCustomerManaged(KmsState state, KmsKeyRecord key, String action) {
        if (key.awsManaged) {
            throw KmsErrors.accessDenied(state.scope, action, key.arn);
        }
    }

    static void requireNotPendingDeletion(KmsKeyRecord key) {
        if (key.deletionDate != null) {
            throw KmsErrors.pendingDeletion(key.arn);
        }
    }
}
