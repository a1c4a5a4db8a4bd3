package io.github.hsmkeystore.dynamodb;

import io.github.hsmkeystore.core.EncryptedTable;
import java.util.Objects;
import software.amazon.awssdk.enhanced.dynamodb.DynamoDbTable;

/**
 * A typed table opened only after verification, with what was verified.
 *
 * @param table the enhanced-client table of items of type {@code T}
 * @param verified the table's encryption as verified: its KMS key, origin and custom key store
 * @param <T> the item type
 */
public record VerifiedTable<T>(DynamoDbTable<T> table, EncryptedTable verified) {
    /**
     * Checks that no component is null.
     *
     * @param table the enhanced-client table of items of type {@code T}
     * @param verified the table's encryption as verified: its KMS key, origin and custom key store
     */
    public VerifiedTable {
        Objects.requireNonNull(table, "table must not be null");
        Objects.requireNonNull(verified, "verified must not be null");
    }
}
