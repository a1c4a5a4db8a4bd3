package io.github.hsmkeystore.local.internal.kms;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.crypto.SecretKey;

/**
 * One KMS key. Its reported state is derived (aws-semantics 2.6 and 9): PendingDeletion if scheduled, else
 * Unavailable while its custom key store is not CONNECTED, else the stored Enabled/Disabled flag. Guarded by the
 * scope's lock.
 */
final class KmsKeyRecord {
    final String keyId;
    final String arn;
    final Instant created;
    final String keySpec;
    final String keyUsage;
    final String origin;
    final String customKeyStoreId;
    final String cloudHsmClusterId;
    final boolean multiRegion;
    /** In-JVM material of a standard symmetric or HMAC key; null for custom-store and asymmetric keys. */
    final SecretKey material;
    /** Handle of the backing key in the cluster's HSM backend; null for standard keys. */
    final String hsmHandle;
    final Map<String, String> tags = new LinkedHashMap<>();
    /** The key pair of a standard asymmetric key (RSA, ECC); null otherwise. Never serialised or logged. */
    java.security.KeyPair keyPair;

    String description;
    /** The key policy document, as given or the default one (docs/kms-and-cloudhsm.md "Key policies"). */
    String policy;
    /** An AWS managed key (KeyManager AWS), e.g. the one behind alias/aws/dynamodb. */
    boolean awsManaged;
    boolean enabled = true;
    Instant deletionDate;
    int pendingWindowInDays;
    boolean rotationEnabled;
    int rotationPeriodInDays = 365;
    Instant rotationEnabledAt;

    KmsKeyRecord(String keyId, String arn, Instant created, String description, String keySpec, String keyUsage,
                 String origin, String customKeyStoreId, String cloudHsmClusterId, boolean multiRegion,
                 SecretKey material, String hsmHandle) {
        this.keyId = keyId;
        this.arn = arn;
        this.created = created;
        this.description = description;
        this.keySpec = keySpec;
        this.keyUsage = keyUsage;
        this.origin = origin;
        this.customKeyStoreId = customKeyStoreId;
        this.cloudHsmClusterId = cloudHsmClusterId;
        this.multiRegion = multiRegion;
        this.material = material;
        this.hsmHandle = hsmHandle;
    }

    boolean inCustomKeyStore() {
        return customKeyStoreId != null;
    }

    boolean isSymmetricEncryption() {
        return keySpec.equals("SYMMETRIC_DEFAULT") && keyUsage.equals("ENCRYPT_DECRYPT");
    }
}
