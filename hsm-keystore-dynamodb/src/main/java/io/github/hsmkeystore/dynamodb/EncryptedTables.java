package io.github.hsmkeystore.dynamodb;

import io.github.hsmkeystore.core.EncryptedTable;
import io.github.hsmkeystore.core.EncryptedTableFactory;
import io.github.hsmkeystore.core.KmsKey;
import io.github.hsmkeystore.core.TableDefinition;
import java.util.Objects;
import software.amazon.awssdk.enhanced.dynamodb.DynamoDbEnhancedClient;
import software.amazon.awssdk.enhanced.dynamodb.TableSchema;

/**
 * Typed tables of any item type the enhanced client maps ({@link TableSchema#fromBean}, {@code fromImmutableClass},
 * a static schema...), opened only after proving they are encrypted with the expected KMS key (and, with a
 * definition, that they match it); encryption is then transparent to item operations, as DynamoDB SSE is.
 *
 * <pre>{@code
 * VerifiedTable<Order> orders = EncryptedTables.createOrOpen(enhanced, tables, "orders",
 *         TableDefinition.of(t -> t.partitionKey("id", ScalarAttributeType.S)
 *                 .globalSecondaryIndex("by-customer", i -> i.partitionKey("customer", ScalarAttributeType.S))
 *                 .encryptedWith(key)),
 *         TableSchema.fromBean(Order.class));
 * orders.table().putItem(order);
 * }</pre>
 */
public final class EncryptedTables {
    private EncryptedTables() {
    }

    /**
     * Verifies the existing table (fail closed) and returns a typed handle on it.
     *
     * @param enhanced the enhanced client
     * @param factory the factory whose {@link EncryptedTableFactory#verify} proves the table's key
     * @param tableName the table
     * @param expectedKey the KMS key the table must be encrypted with
     * @param schema the item mapping
     * @param <T> the item type
     * @return the typed table and what was verified
     * @throws io.github.hsmkeystore.core.TableEncryptionException if the table is not encrypted with {@code expectedKey}
     * @throws io.github.hsmkeystore.core.KeyNotUsableException if that key is not Enabled or its custom key store is not
     *     CONNECTED
     */
    public static <T> VerifiedTable<T> open(DynamoDbEnhancedClient enhanced, EncryptedTableFactory factory, String tableName,
                                            KmsKey expectedKey, TableSchema<T> schema) {
        Objects.requireNonNull(enhanced, "enhanced must not be null");
        Objects.requireNonNull(factory, "factory must not be null");
        Objects.requireNonNull(schema, "schema must not be null");
        EncryptedTable verified = factory.verify(tableName, expectedKey);
        return new VerifiedTable<>(enhanced.table(verified.tableName(), schema), verified);
    }

    /**
     * Creates the table as defined or verifies the existing one ({@link EncryptedTableFactory#table(String,
     * TableDefinition)}), then returns a typed handle on it.
     *
     * @param enhanced the enhanced client
     * @param factory creates or verifies the table
     * @param tableName the table
     * @param definition the table definition and its KMS key
     * @param schema the item mapping
     * @param <T> the item type
     * @return the typed table and what was verified
     * @throws io.github.hsmkeystore.core.TableEncryptionException if an existing table uses another key
     * @throws io.github.hsmkeystore.core.KeyNotUsableException if the key is not Enabled or its custom key store is not
     *     CONNECTED
     * @throws io.github.hsmkeystore.core.TableDriftException listing every way an existing table differs from the definition
     */
    public static <T> VerifiedTable<T> createOrOpen(DynamoDbEnhancedClient enhanced, EncryptedTableFactory factory,
                                                    String tableName, TableDefinition definition, TableSchema<T> schema) {
        Objects.requireNonNull(enhanced, "enhanced must not be null");
        Objects.requireNonNull(factory, "factory must not be null");
        Objects.requireNonNull(schema, "schema must not be null");
        EncryptedTable verified = factory.table(tableName, definition);
        return new VerifiedTable<>(enhanced.table(verified.tableName(), schema), verified);
    }
}
