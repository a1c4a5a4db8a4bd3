package io.github.hsmkeystore.local.internal.kms;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.hsmkeystore.local.internal.AwsException;
import io.github.hsmkeystore.local.internal.AwsJsonService;
import io.github.hsmkeystore.local.internal.EmulatorClock;
import io.github.hsmkeystore.local.internal.JsonRequest;
import io.github.hsmkeystore.local.internal.Scope;
import io.github.hsmkeystore.local.internal.cloudhsm.ClusterAccess;
import java.time.Duration;
import java.time.Instant;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * KMS ({@code TrentService}, JSON 1.1): keys, aliases, cryptography and CloudHSM custom key stores, with the
 * rules of aws-semantics.md sections 2 and 3. Also serves other emulated services in-process ({@link KmsKeyAccess}).
 */
public final class KmsService implements AwsJsonService, KmsKeyAccess {
    private static final Logger log = LoggerFactory.getLogger(KmsService.class);

    /**
     * Request members of the KMS model that the emulator does not implement: a request with one is answered with a
     * 400 that names it, never silently ignored (Nitro Enclaves attestation, DryRunModifiers, external key stores).
     */
    private static final Map<String, java.util.List<String>> UNIMPLEMENTED_MEMBERS = Map.of(
            "Decrypt", java.util.List.of("Recipient", "DryRunModifiers"),
            "ReEncrypt", java.util.List.of("DryRunModifiers"),
            "GenerateDataKey", java.util.List.of("Recipient"),
            "GenerateRandom", java.util.List.of("Recipient"),
            "GenerateDataKeyPair", java.util.List.of("Recipient"),
            "CreateKey", java.util.List.of("XksKeyId"),
            "CreateCustomKeyStore", java.util.List.of("XksProxyUriEndpoint", "XksProxyUriPath", "XksProxyVpcEndpointServiceName",
                    "XksProxyVpcEndpointServiceOwner", "XksProxyAuthenticationCredential", "XksProxyConnectivity"),
            "UpdateCustomKeyStore", java.util.List.of("XksProxyUriEndpoint", "XksProxyUriPath", "XksProxyVpcEndpointServiceName",
                    "XksProxyVpcEndpointServiceOwner", "XksProxyAuthenticationCredential", "XksProxyConnectivity"));

    final EmulatorClock clock;
    final ClusterAccess clusters;
    final Duration transitionDelay;
    private final Map<Scope, KmsState> scopes = new ConcurrentHashMap<>();
    private final KeyOperations keys = new KeyOperations(this);
    private final AliasOperations aliases = new AliasOperations(this);
    private final CryptoOperations crypto = new CryptoOperations(this);
    private final CustomKeyStoreOperations stores = new CustomKeyStoreOperations(this);
    private final SigningOperations signing = new SigningOperations(this, crypto);
    private final KeyPolicies policies = new KeyPolicies(this);
    private final Grants grants = new Grants(this);

    public KmsService(EmulatorClock clock, ClusterAccess clusters, Duration transitionDelay) {
        this.clock = clock;
        this.clusters = clusters;
        this.transitionDelay = transitionDelay;
    }

    @Override
    public String name() {
        return "kms";
    }

    @Override
    public String targetPrefix() {
        return "TrentService";
    }

    @Override
    public String contentType() {
        return "application/x-amz-json-1.1";
    }

    @Override
    public ObjectNode handle(Scope scope, String operation, JsonRequest r) {
        KmsState state = state(scope);
        for (String member : UNIMPLEMENTED_MEMBERS.getOrDefault(operation, java.util.List.of())) {
            if (r.has(member)) {
                throw KmsErrors.unsupported("The " + member + " parameter of " + operation
                        + " is not implemented by hsm-keystore-local");
            }
        }
        if (r.has("GrantTokens")) {
            // every operation with GrantTokens: at most 10, each the token of an existing grant (docs/kms-and-cloudhsm.md "Grants")
            java.util.List<String> tokens = CryptoOperations.grantTokens(r);
            locked(state, () -> {
                Grants.checkTokens(state, tokens);
                return null;
            });
        }
        return switch (operation) {
            case "Encrypt" -> crypto.encrypt(state, r);
            case "Decrypt" -> crypto.decrypt(state, r);
            case "ReEncrypt" -> crypto.reEncrypt(state, r);
            case "GenerateDataKey" -> crypto.generateDataKey(state, r, true);
            case "GenerateDataKeyWithoutPlaintext" -> crypto.generateDataKey(state, r, false);
            case "GenerateRandom" -> crypto.generateRandom(state, r);
            case "Sign" -> signing.sign(state, r);
            case "Verify" -> signing.verify(state, r);
            case "GetPublicKey" -> signing.getPublicKey(state, r);
            case "GenerateMac" -> signing.generateMac(state, r);
            case "VerifyMac" -> signing.verifyMac(state, r);
            case "GenerateDataKeyPair" -> signing.generateDataKeyPair(state, r, true);
            case "GenerateDataKeyPairWithoutPlaintext" -> signing.generateDataKeyPair(state, r, false);
            case "CreateKey" -> keys.createKey(state, r);
            default -> locked(state, () -> switch (operation) {
                case "DescribeKey" -> keys.describeKey(state, r);
                case "ListKeys" -> keys.listKeys(state, r);
                case "EnableKey" -> keys.setEnabled(state, r, true);
                case "DisableKey" -> keys.setEnabled(state, r, false);
                case "ScheduleKeyDeletion" -> keys.scheduleKeyDeletion(state, r);
                case "CancelKeyDeletion" -> keys.cancelKeyDeletion(state, r);
                case "EnableKeyRotation" -> keys.setRotation(state, r, true);
                case "DisableKeyRotation" -> keys.setRotation(state, r, false);
                case "GetKeyRotationStatus" -> keys.getKeyRotationStatus(state, r);
                case "RotateKeyOnDemand" -> keys.rotateKeyOnDemand(state, r);
                case "UpdateKeyDescription" -> keys.updateKeyDescription(state, r);
                case "TagResource" -> keys.tagResource(state, r);
                case "UntagResource" -> keys.untagResource(state, r);
                case "ListResourceTags" -> keys.listResourceTags(state, r);
                case "CreateAlias" -> aliases.createAlias(state, r);
                case "UpdateAlias" -> aliases.updateAlias(state, r);
                case "DeleteAlias" -> aliases.deleteAlias(state, r);
                case "ListAliases" -> aliases.listAliases(state, r);
                case "GetKeyPolicy" -> policies.getKeyPolicy(state, r);
                case "PutKeyPolicy" -> policies.putKeyPolicy(state, r);
                case "ListKeyPolicies" -> policies.listKeyPolicies(state, r);
                case "CreateGrant" -> grants.createGrant(state, r);
                case "ListGrants" -> grants.listGrants(state, r);
                case "ListRetirableGrants" -> grants.listRetirableGrants(state, r);
                case "RetireGrant" -> grants.retireGrant(state, r);
                case "RevokeGrant" -> grants.revokeGrant(state, r);
                case "CreateCustomKeyStore" -> stores.create(state, r);
                case "DescribeCustomKeyStores" -> stores.describe(state, r);
                case "ConnectCustomKeyStore" -> stores.connect(state, r);
                case "DisconnectCustomKeyStore" -> stores.disconnect(state, r);
                case "UpdateCustomKeyStore" -> stores.update(state, r);
                case "DeleteCustomKeyStore" -> stores.delete(state, r);
                default -> throw AwsJsonService.unknownOperation(targetPrefix() + "." + operation);
            });
        };
    }

    CustomKeyStoreOperations stores() {
        return stores;
    }

    KmsState state(Scope scope) {
        return scopes.computeIfAbsent(scope, KmsState::new);
    }

    /** Runs {@code action} under the scope's lock, after applying every transition due by now. */
    <T> T locked(KmsState state, java.util.function.Supplier<T> action) {
        synchronized (state) {
            settle(state, clock.now());
            return action.get();
        }
    }

    /** Applies due transitions: store connections and key deletions whose window has passed. */
    private void settle(KmsState state, Instant now) {
        for (CustomKeyStore store : state.stores.values()) {
            stores.settle(state, store, now);
        }
        for (Iterator<KmsKeyRecord> it = state.keys.values().iterator(); it.hasNext(); ) {
            KmsKeyRecord key = it.next();
            if (key.deletionDate != null && !now.isBefore(key.deletionDate)) {
                it.remove();
                state.aliases.values().removeIf(a -> a.targetKeyId.equals(key.keyId));
                state.grants.values().removeIf(g -> g.keyId.equals(key.keyId));
                stores.destroyBackingKey(state, key);
                log.debug("Deleted key at the end of its waiting period [keyId={}]", key.keyId);
            }
        }
    }

    /** Resolves a key id, key ARN, alias name or alias ARN; NotFoundException when it does not resolve. */
    KmsKeyRecord resolve(KmsState state, String reference) {
        if (reference == null) {
            throw JsonRequest.missing("KeyId");
        }
        JsonRequest.checkLength("KeyId", reference, 1, 2048);
        String prefix = state.scope.arnPrefix("kms");
        String aliasName = null;
        String keyId = reference;
        if (reference.startsWith("arn:")) {
            if (!reference.startsWith(prefix)) {
                throw KmsErrors.notFound("Invalid arn " + reference + " for this account and Region");
            }
            String rest = reference.substring(prefix.length());
            if (rest.startsWith("alias/")) {
                aliasName = rest;
            } else if (rest.startsWith("key/")) {
                keyId = rest.substring(4);
            } else {
                throw AwsException.client("InvalidArnException", "Invalid arn " + reference);
            }
        } else if (reference.startsWith("alias/")) {
            aliasName = reference;
        }
        if (aliasName != null) {
            KmsState.Alias alias = state.aliases.get(aliasName);
            if (alias == null) {
                throw KmsErrors.aliasNotFound(state.aliasArn(aliasName));
            }
            keyId = alias.targetKeyId;
        }
        KmsKeyRecord key = state.keys.get(keyId);
        if (key == null) {
            throw KmsErrors.keyNotFound(state.keyArn(keyId));
        }
        return key;
    }

    /** The derived KeyState (aws-semantics section 9). */
    String keyState(KmsState state, KmsKeyRecord key) {
        if (key.deletionDate != null) {
            return "PendingDeletion";
        }
        if (key.origin.equals("EXTERNAL")) {
            return "PendingImport";
        }
        if (key.inCustomKeyStore()) {
            CustomKeyStore store = state.stores.get(key.customKeyStoreId);
            if (store == null || !store.isConnected()) {
                return "Unavailable";
            }
        }
        return key.enabled ? "Enabled" : "Disabled";
    }

    // ---- emulator faults ----

    /** Makes the next connection attempt of a store end FAILED with {@code connectionErrorCode}. */
    public void failNextConnect(Scope scope, String customKeyStoreId, String connectionErrorCode) {
        if (!CustomKeyStoreOperations.isConnectionErrorCode(connectionErrorCode)) {
            throw new IllegalArgumentException("Unknown ConnectionErrorCode " + connectionErrorCode);
        }
        KmsState state = state(scope);
        locked(state, () -> {
            CustomKeyStore store = state.stores.get(customKeyStoreId);
            if (store == null) {
                throw KmsErrors.storeNotFound("Custom key store " + customKeyStoreId + " not found");
            }
            store.injectedConnectFailure = connectionErrorCode;
            return null;
        });
    }

    // ---- KmsKeyAccess: in-process use by other services ----

    @Override
    public KeyInfo describe(Scope scope, String keyReference) {
        KmsState state = state(scope);
        return locked(state, () -> {
            KmsKeyRecord k = resolve(state, keyReference);
            return new KeyInfo(k.keyId, k.arn, k.keySpec, k.keyUsage, keyState(state, k), k.origin, k.customKeyStoreId);
        });
    }

    @Override
    public KeyInfo awsManagedKey(Scope scope, String service) {
        KmsState state = state(scope);
        return locked(state, () -> {
            String aliasName = "alias/aws/" + service;
            KmsState.Alias alias = state.aliases.get(aliasName);
            KmsKeyRecord k = alias == null ? null : state.keys.get(alias.targetKeyId);
            if (k == null) {
                String keyId = java.util.UUID.randomUUID().toString();
                byte[] material = new byte[32];
                new java.security.SecureRandom().nextBytes(material);
                k = new KmsKeyRecord(keyId, state.keyArn(keyId), clock.now(), "Default key that protects my " + service
                        + " data when no other key is defined", "SYMMETRIC_DEFAULT", "ENCRYPT_DECRYPT", "AWS_KMS", null, null, false,
                        new javax.crypto.spec.SecretKeySpec(material, "AES"), null);
                k.awsManaged = true;
                k.policy = KeyPolicies.awsManagedPolicy(state.scope, service);
                state.keys.put(keyId, k);
                state.aliases.put(aliasName, new KmsState.Alias(aliasName, keyId, clock.now()));
            }
            return new KeyInfo(k.keyId, k.arn, k.keySpec, k.keyUsage, keyState(state, k), k.origin, k.customKeyStoreId);
        });
    }

    @Override
    public String createGrant(Scope scope, String keyReference, String principal, java.util.List<String> operations,
                              Map<String, String> encryptionContextSubset) {
        KmsState state = state(scope);
        return locked(state, () -> {
            KmsKeyRecord k = resolve(state, keyReference);
            return grants.add(state, k, null, principal, principal, operations, encryptionContextSubset, null).grantId;
        });
    }

    @Override
    public void retireGrant(Scope scope, String keyReference, String grantId) {
        KmsState state = state(scope);
        locked(state, () -> {
            Grants.Grant grant = state.grants.get(grantId);
            if (grant != null && grant.keyId.equals(resolve(state, keyReference).keyId)) {
                state.grants.remove(grantId);
            }
            return null;
        });
    }

    @Override
    public DataKey generateDataKey(Scope scope, String keyReference, Map<String, String> encryptionContext) {
        return crypto.dataKey(state(scope), keyReference, encryptionContext, 32);
    }

    @Override
    public byte[] decrypt(Scope scope, byte[] ciphertextBlob, Map<String, String> encryptionContext) {
        return crypto.decryptBlob(state(scope), ciphertextBlob, encryptionContext, null).plaintext();
    }
}
