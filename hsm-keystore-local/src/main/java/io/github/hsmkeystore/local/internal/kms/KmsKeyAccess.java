package io.github.hsmkeystore.local.internal.kms;

import io.github.hsmkeystore.local.internal.Scope;
import java.util.Map;

/**
 * What other emulated services (DynamoDB encryption at rest) may do with KMS keys, in-process and with
 * the same rules and errors as the KMS API: resolving a key id, key ARN, alias name or alias ARN;
 * key state checks ({@code DisabledException}, {@code KMSInvalidStateException}, {@code KeyUnavailableException},
 * {@code NotFoundException}) are thrown as {@link io.github.hsmkeystore.local.internal.AwsException}.
 * Calls count against the same quotas as API calls.
 */
public interface KmsKeyAccess {

    /** DescribeKey: resolves any key reference. Throws NotFoundException when it does not resolve. */
    KeyInfo describe(Scope scope, String keyReference);

    /**
     * The AWS managed key of a service ({@code alias/aws/<service>}, e.g. {@code alias/aws/dynamodb}), created on first
     * use as AWS does.
     */
    KeyInfo awsManagedKey(Scope scope, String service);

    /**
     * CreateGrant on behalf of a service (DynamoDB creates one on a customer managed key for each table that uses it):
     * grantee and retiring principal {@code principal} (e.g. {@code dynamodb.us-east-1.amazonaws.com}), the given
     * operations, and an EncryptionContextSubset constraint (null for none). Returns the grant id; the grant is
     * visible with ListGrants. Throws NotFoundException when the key does not resolve. The default (for test doubles
     * of KMS that keep no grants) creates none and returns null.
     */
    default String createGrant(Scope scope, String keyReference, String principal, java.util.List<String> operations,
                               Map<String, String> encryptionContextSubset) {
        return null;
    }

    /** RetireGrant by the service that created the grant (e.g. when its table is deleted); a no-op if already gone. */
    default void retireGrant(Scope scope, String keyReference, String grantId) {
        // test doubles of KMS keep no grants: nothing to retire
    }

    /** GenerateDataKey with KeySpec AES_256 and the given encryption context. */
    DataKey generateDataKey(Scope scope, String keyReference, Map<String, String> encryptionContext);

    /** Decrypt of a ciphertext blob from {@link #generateDataKey}; returns the plaintext. */
    byte[] decrypt(Scope scope, byte[] ciphertextBlob, Map<String, String> encryptionContext);

    /**
     * A KMS key as seen by a caller.
     *
     * @param keyState the derived state: Enabled, Disabled, PendingDeletion, PendingImport, Unavailable, ...
     * @param origin AWS_KMS, AWS_CLOUDHSM, EXTERNAL, EXTERNAL_KEY_STORE
     * @param customKeyStoreId null for keys outside a custom key store
     */
    record KeyInfo(String keyId, String arn, String keySpec, String keyUsage, String keyState, String origin,
                   String customKeyStoreId) {
    }

    /** A data key: plaintext (callers must not log it) and its ciphertext blob. */
    record DataKey(String keyArn, byte[] plaintext, byte[] ciphertextBlob) {
        @Override
        public String toString() {
            return "DataKey[keyArn=" + keyArn + ", plaintext=***]";
        }
    }
}
