package io.github.hsmkeystore.core;

import java.util.Objects;
import java.util.Optional;

/**
 * A DynamoDB table verified to be encrypted at rest with an expected KMS key.
 *
 * @param tableName the table name
 * @param tableArn the table ARN
 * @param kmsKeyArn the ARN of the KMS key DynamoDB reports in {@code SSEDescription.KMSMasterKeyArn}
 * @param keyOrigin that key's origin: {@code AWS_CLOUDHSM} or {@code AWS_KMS}
 * @param customKeyStoreId that key's custom key store, or null for a standard key
 */
public record EncryptedTable(String tableName, String tableArn, String kmsKeyArn, String keyOrigin, String customKeyStoreId) {
    /**
     * Checks non-null components; {@code customKeyStoreId} is null for a standard key.
     *
     * @param tableName the table name
     * @param tableArn the table ARN
     * @param kmsKeyArn the ARN of the KMS key DynamoDB reports in {@code SSEDescription.KMSMasterKeyArn}
     * @param keyOrigin that key's origin: {@code AWS_CLOUDHSM} or {@code AWS_KMS}
     * @param customKeyStoreId that key's custom key store, or null for a standard key
     */
    public EncryptedTable {
        Objects.requireNonNull(tableName, "tableName must not be null");
        Objects.requireNonNull(tableArn, "tableArn must not be null");
        Objects.requireNonNull(kmsKeyArn, "kmsKeyArn must not be null");
        Objects.requireNonNull(keyOrigin, "keyOrigin must not be null");
    }

    /**
     * Returns the custom key store of the table's key, or empty for a standard key.
     *
     * @return the custom key store of the table's key, or empty for a standard key
     */
    public Optional<String> customKeyStore() {
        return Optional.ofNullable(customKeyStoreId);
    }
}
