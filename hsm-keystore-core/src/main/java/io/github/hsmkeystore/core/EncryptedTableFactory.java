package io.github.hsmkeystore.core;

import io.github.hsmkeystore.core.internal.Poller;
import io.github.hsmkeystore.core.internal.TableSteps;
import io.github.hsmkeystore.core.internal.TimedClients;
import java.util.Objects;
import java.util.function.Consumer;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.kms.KmsClient;

/**
 * Creates DynamoDB tables encrypted at rest with a {@link KmsKey}, and proves before each use that they still are.
 *
 * <pre>{@code
 * EncryptedTableFactory tables = EncryptedTableFactory.create(dynamoDbClient, kmsClient);
 * EncryptedTable products = tables.table("products", t -> t.partitionKey("id", ScalarAttributeType.S).encryptedWith(key));
 * tables.verify("products", key);   // throws TableEncryptionException unless the table uses exactly that key
 * }</pre>
 *
 * <p>The clients are the caller's: the factory never closes them. Each request it sends carries the time limits of
 * {@link CallTimeouts} (by default {@link CallTimeouts#defaults()}), which take precedence over the clients' own.
 */
public final class EncryptedTableFactory {
    private final TableSteps steps;

    private EncryptedTableFactory(DynamoDbClient dynamoDb, KmsClient kms, WaitPolicy waitPolicy, CallTimeouts timeouts) {
        this.steps = new TableSteps(TimedClients.apply(DynamoDbClient.class, dynamoDb, timeouts),
                TimedClients.apply(KmsClient.class, kms, timeouts), Poller.system(waitPolicy));
    }

    /**
     * A factory with the default {@link WaitPolicy}.
     *
     * @param dynamoDb the DynamoDB client
     * @param kms a KMS client of the same account and Region, to check the key's origin and custom key store
     * @return the factory
     */
    public static EncryptedTableFactory create(DynamoDbClient dynamoDb, KmsClient kms) {
        return create(dynamoDb, kms, WaitPolicy.defaults());
    }

    /**
     * Returns the factory.
     *
     * @param dynamoDb the DynamoDB client
     * @param kms a KMS client of the same account and Region
     * @param waitPolicy how to wait for the table to become ACTIVE and for key switches
     * @return the factory
     */
    public static EncryptedTableFactory create(DynamoDbClient dynamoDb, KmsClient kms, WaitPolicy waitPolicy) {
        return create(dynamoDb, kms, waitPolicy, CallTimeouts.defaults());
    }

    /**
     * A factory with the given wait policy and time limits on each request it sends.
     *
     * @param dynamoDb the DynamoDB client
     * @param kms a KMS client of the same account and Region
     * @param waitPolicy how to wait for the table to become ACTIVE and for key switches
     * @param callTimeouts the time limits put on each request (they take precedence over the clients' own)
     * @return the factory
     */
    public static EncryptedTableFactory create(DynamoDbClient dynamoDb, KmsClient kms, WaitPolicy waitPolicy,
                                               CallTimeouts callTimeouts) {
        return new EncryptedTableFactory(Objects.requireNonNull(dynamoDb, "dynamoDb must not be null"),
                Objects.requireNonNull(kms, "kms must not be null"), Objects.requireNonNull(waitPolicy, "waitPolicy must not be null"),
                Objects.requireNonNull(callTimeouts, "callTimeouts must not be null"));
    }

    /**
     * Creates the table as defined (keys, indexes, billing, tags, table class, deletion protection), encrypted with the
     * definition's key, waits until it is ACTIVE with SSE ENABLED and enables TTL and point-in-time recovery if
     * defined; or, when it exists, verifies it. Idempotent. An existing table is never changed: every difference from
     * the definition is reported with its fix.
     *
     * @param tableName the table name
     * @param definition the table definition and the KMS key
     * @return the verified table
     * @throws TableEncryptionException if an existing table uses another key
     * @throws KeyNotUsableException if the key is not Enabled or its custom key store is not CONNECTED
     * @throws TableDriftException listing every way an existing table differs from the definition
     * @throws HsmKeyStoreException if an AWS call fails or the wait times out
     */
    public EncryptedTable table(String tableName, Consumer<TableDefinition.Builder> definition) {
        return table(tableName, TableDefinition.of(Objects.requireNonNull(definition, "definition must not be null")));
    }

    /**
     * Creates or verifies the table as {@link #table(String, Consumer)} does.
     *
     * @param tableName the table name
     * @param definition the table definition and the KMS key
     * @return the verified table
     * @throws TableEncryptionException if an existing table uses another key
     * @throws KeyNotUsableException if the key is not Enabled or its custom key store is not CONNECTED
     * @throws TableDriftException listing every way an existing table differs from the definition
     * @throws HsmKeyStoreException if an AWS call fails or the wait times out
     */
    public EncryptedTable table(String tableName, TableDefinition definition) {
        return steps.createOrReuse(Objects.requireNonNull(tableName, "tableName must not be null"),
                Objects.requireNonNull(definition, "definition must not be null"));
    }

    /**
     * How an existing table differs from a definition, without changing or refusing anything (the key is checked by
     * {@link #verify}).
     *
     * @param tableName the table
     * @param definition what the table should be
     * @return every difference with its fix; empty when the table matches
     * @throws TableEncryptionException if the table does not exist
     * @throws HsmKeyStoreException if a read fails
     */
    public java.util.List<TableDrift> drift(String tableName, TableDefinition definition) {
        return steps.drift(Objects.requireNonNull(tableName, "tableName must not be null"),
                Objects.requireNonNull(definition, "definition must not be null"));
    }

    /**
     * Checks, failing closed, that the table is encrypted with exactly {@code expected}: DescribeTable reports its ARN
     * with SSE ENABLED, the table can use it, the key has the expected origin and custom key store, and it can be used
     * now (KeyState Enabled, its custom key store CONNECTED).
     *
     * @param tableName the table
     * @param expected the key the caller requires
     * @return the verified table
     * @throws TableEncryptionException naming both keys when the table uses another key or the AWS owned key
     * @throws KeyNotUsableException when the key is not Enabled or its custom key store is not CONNECTED
     */
    public EncryptedTable verify(String tableName, KmsKey expected) {
        return steps.verify(Objects.requireNonNull(tableName, "tableName must not be null"),
                Objects.requireNonNull(expected, "expected must not be null"));
    }

    /**
     * Switches the table to another key (online; keep the old key usable until this returns) and verifies it.
     *
     * @param tableName the table
     * @param newKey the key to encrypt it with
     * @return the verified table
     */
    public EncryptedTable switchKey(String tableName, KmsKey newKey) {
        return steps.switchKey(Objects.requireNonNull(tableName, "tableName must not be null"),
                Objects.requireNonNull(newKey, "newKey must not be null"));
    }
}
