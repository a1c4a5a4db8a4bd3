package io.github.hsmkeystore.dynamodb;

import io.github.hsmkeystore.core.EncryptedTable;
import io.github.hsmkeystore.core.EncryptedTableFactory;
import io.github.hsmkeystore.core.KmsKey;
import io.github.hsmkeystore.core.TableEncryptionException;
import java.util.Objects;
import software.amazon.awssdk.enhanced.dynamodb.DynamoDbEnhancedClient;
import software.amazon.awssdk.enhanced.dynamodb.DynamoDbTable;
import software.amazon.awssdk.enhanced.dynamodb.TableSchema;

/**
 * Opens enhanced-client tables only after proving they are encrypted with the expected KMS key; encryption is then
 * transparent to item operations, as DynamoDB SSE is.
 *
 * <pre>{@code
 * DynamoDbTable<Order> orders = EncryptedTables.open(enhanced, tables, "orders", key, TableSchema.fromBean(Order.class));
 * }</pre>
 */
public final class EncryptedTables {
    private EncryptedTables() {
    }

    /**
     * Verifies the table (fail closed) and returns a typed handle on it.
     *
     * @param enhanced the enhanced client
     * @param factory the factory whose {@link EncryptedTableFactory#verify} proves the table's key
     * @param tableName the table
     * @param expectedKey the KMS key the table must be encrypted with
     * @param schema the item mapping
     * @param <T> the item type
     * @return the typed table
     * @throws TableEncryptionException if the table is not encrypted with {@code expectedKey}
     * @throws io.github.hsmkeystore.core.KeyNotUsableException if that key is not Enabled or its custom key store is not
     *     CONNECTED
     */
    public static <T> DynamoDbTable<T> open(DynamoDbEnhancedClient enhanced, EncryptedTableFactory factory, String tableName,
                                            KmsKey expectedKey, TableSchema<T> schema) {
        Objects.requireNonNull(enhanced, "enhanced must not be null");
        Objects.requireNonNull(schema, "schema must not be null");
        EncryptedTable verified = factory.verify(tableName, expectedKey);
        return enhanced.table(verified.tableName(), schema);
    }
}
