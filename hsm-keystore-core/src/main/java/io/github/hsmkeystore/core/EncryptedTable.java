package io.github.hsmkeystore.core;

import java.util.Objects;
import java.util.Optional;
import software.amazon.awssdk.services.kms.model.OriginType;

/**
 * A DynamoDB table verified to be encrypted at rest with an expected KMS key. No component is ever null: a table
 * whose key is outside a custom key store has an empty {@link #customKeyStoreId()}.
 *
 * @param tableName the table name
 * @param tableArn the table ARN
 * @param kmsKeyArn the ARN of the KMS key DynamoDB reports in {@code SSEDescription.KMSMasterKeyArn}
 * @param keyOrigin that key's origin: {@link OriginType#AWS_CLOUDHSM} or {@link OriginType#AWS_KMS}
 * @param customKeyStoreId that key's custom key store, or empty for a standard key
 */
public record EncryptedTable(String tableName, String tableArn, String kmsKeyArn, OriginType keyOrigin,
                             Optional<String> customKeyStoreId) {
    /**
     * Checks that no component is null.
     *
     * @param tableName the table name
     * @param tableArn the table ARN
     * @param kmsKeyArn the ARN of the KMS key DynamoDB reports in {@code SSEDescription.KMSMasterKeyArn}
     * @param keyOrigin that key's origin: {@link OriginType#AWS_CLOUDHSM} or {@link OriginType#AWS_KMS}
     * @param customKeyStoreId that key's custom key store, or empty for a standard key
     */
    public EncryptedTable {
        Objects.requireNonNull(tableName, "tableName must not be null");
        Objects.requireNonNull(tableArn, "tableArn must not be null");
        Objects.requireNonNull(kmsKeyArn, "kmsKeyArn must not be null");
        Objects.requireNonNull(keyOrigin, "keyOrigin must not be null");
        Objects.requireNonNull(customKeyStoreId, "customKeyStoreId must not be null (use Optional.empty())");
    }
}
