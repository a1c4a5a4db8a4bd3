package io.github.hsmkeystore.core.internal;

import io.github.hsmkeystore.core.EncryptedTable;
import io.github.hsmkeystore.core.KmsKey;
import io.github.hsmkeystore.core.Step;
import io.github.hsmkeystore.core.TableDefinition;
import io.github.hsmkeystore.core.TableEncryptionException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;
import software.amazon.awssdk.services.dynamodb.model.SSEDescription;
import software.amazon.awssdk.services.dynamodb.model.SSESpecification;
import software.amazon.awssdk.services.dynamodb.model.SSEStatus;
import software.amazon.awssdk.services.dynamodb.model.SSEType;
import software.amazon.awssdk.services.dynamodb.model.TableDescription;
import software.amazon.awssdk.services.dynamodb.model.TableStatus;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.kms.model.KeyMetadata;

/**
 * Tables encrypted at rest with a given KMS key (aws-semantics section 5): create or reuse, wait until ACTIVE with
 * SSE ENABLED on that key, verify (fail closed), switch keys. The enhanced client cannot set SSE (5.6), so the
 * low-level client creates the table; DynamoDB's waiter ignores SSE and spins on an inaccessible key (5.7), so the
 * one {@link Poller} waits instead.
 */
public final class TableSteps {
    private static final Logger log = LoggerFactory.getLogger(TableSteps.class);
    private final DynamoDbClient dynamoDb;
    private final KmsClient kms;
    private final Poller poller;

    public TableSteps(DynamoDbClient dynamoDb, KmsClient kms, Poller poller) {
        this.dynamoDb = dynamoDb;
        this.kms = kms;
        this.poller = poller;
    }

    /** Creates the table encrypted with the definition's key, or reuses it if it exists with that key. */
    public EncryptedTable createOrReuse(String tableName, TableDefinition def) {
        Optional<TableDescription> existing = describe(tableName);
        if (existing.isPresent()) {
            log.debug("Table exists, verifying its key [table={}]", tableName);
            return verify(tableName, def.key());
        }
        KmsKey key = def.key();
        List<AttributeDefinition> attributes = new ArrayList<>();
        List<KeySchemaElement> schema = new ArrayList<>();
        attributes.add(AttributeDefinition.builder().attributeName(def.partitionKey()).attributeType(def.partitionKeyType()).build());
        schema.add(KeySchemaElement.builder().attributeName(def.partitionKey()).keyType(KeyType.HASH).build());
        if (def.sortKey() != null) {
            attributes.add(AttributeDefinition.builder().attributeName(def.sortKey()).attributeType(def.sortKeyType()).build());
            schema.add(KeySchemaElement.builder().attributeName(def.sortKey()).keyType(KeyType.RANGE).build());
        }
        AwsCalls.call(Step.TABLE, tableName, "CreateTable " + tableName + " encrypted with " + key.arn(), () ->
                dynamoDb.createTable(r -> {
                    r.tableName(tableName).attributeDefinitions(attributes).keySchema(schema).billingMode(def.billingMode())
                            .sseSpecification(sse(key));
                    if (def.billingMode() == BillingMode.PROVISIONED) {
                        r.provisionedThroughput(p -> p.readCapacityUnits(5L).writeCapacityUnits(5L));
                    }
                }));
        log.debug("Created table [table={}, key={}]", tableName, key.arn());
        awaitEncryptedWith(tableName, key);
        return verify(tableName, key);
    }

    /**
     * Fails closed unless DescribeTable reports {@code expected}'s ARN as the table's SSE key, SSE is ENABLED, the
     * table is usable, and the key is what the caller expects: the same origin and custom key store.
     */
    public EncryptedTable verify(String tableName, KmsKey expected) {
        TableDescription table = describe(tableName).orElseThrow(() -> new TableEncryptionException(tableName,
                "Table " + tableName + " does not exist; cannot verify that it is encrypted with " + expected.arn(), null));
        SSEDescription sse = table.sseDescription();
        if (sse == null || sse.sseType() != SSEType.KMS || sse.kmsMasterKeyArn() == null) {
            throw new TableEncryptionException(tableName, "Table " + tableName + " is encrypted with the AWS owned key,"
                    + " not with " + expected.arn() + " (" + expected.alias() + "). Switch it with switchKey(...) or use another table.", null);
        }
        if (!sse.kmsMasterKeyArn().equals(expected.arn())) {
            throw new TableEncryptionException(tableName, "Table " + tableName + " is encrypted with KMS key "
                    + sse.kmsMasterKeyArn() + ", not with the expected " + expected.arn() + " (" + expected.alias()
                    + "). Switch it with switchKey(...) if that is intended.", null);
        }
        if (sse.status() != SSEStatus.ENABLED) {
            throw new TableEncryptionException(tableName, "Table " + tableName + " encryption is " + sse.statusAsString()
                    + " for " + expected.arn() + ", not ENABLED; wait for a key switch to finish and verify again.", null);
        }
        if (table.tableStatus() == TableStatus.INACCESSIBLE_ENCRYPTION_CREDENTIALS) {
            throw new TableEncryptionException(tableName, "Table " + tableName + " cannot use its KMS key " + expected.arn()
                    + " since " + sse.inaccessibleEncryptionDateTime() + " (INACCESSIBLE_ENCRYPTION_CREDENTIALS): enable the key"
                    + " or reconnect its custom key store within 7 days, or DynamoDB archives the table.", null);
        }
        KeyMetadata key = AwsCalls.call(Step.TABLE, expected.arn(), "DescribeKey " + expected.arn(),
                () -> kms.describeKey(r -> r.keyId(expected.arn())).keyMetadata());
        String origin = key.originAsString();
        if (!origin.equals(expected.origin()) || !java.util.Objects.equals(key.customKeyStoreId(), expected.customKeyStoreId())) {
            throw new TableEncryptionException(tableName, "Table " + tableName + " is encrypted with " + key.arn()
                    + " of origin " + origin + (key.customKeyStoreId() != null ? " in custom key store " + key.customKeyStoreId() : "")
                    + ", but the expected key is of origin " + expected.origin()
                    + (expected.customKeyStoreId() != null ? " in custom key store " + expected.customKeyStoreId() : "") + ".", null);
        }
        KeyUsability.require(kms, key, "Table " + tableName, Step.TABLE);
        return new EncryptedTable(tableName, table.tableArn(), key.arn(), origin, key.customKeyStoreId());
    }

    /** Re-keys the table with UpdateTable, waits until SSE is ENABLED on the new key, and verifies. */
    public EncryptedTable switchKey(String tableName, KmsKey newKey) {
        TableDescription table = describe(tableName).orElseThrow(() -> new TableEncryptionException(tableName,
                "Table " + tableName + " does not exist", null));
        SSEDescription sse = table.sseDescription();
        if (sse == null || !newKey.arn().equals(sse.kmsMasterKeyArn())) {
            AwsCalls.call(Step.TABLE_KEY, tableName, "UpdateTable " + tableName + " to " + newKey.arn(), () ->
                    dynamoDb.updateTable(r -> r.tableName(tableName).sseSpecification(sse(newKey))));
            log.debug("Switching table key [table={}, key={}]", tableName, newKey.arn());
        }
        awaitEncryptedWith(tableName, newKey);
        return verify(tableName, newKey);
    }

    /** The table's status in plain words for health(), or null when it is fine. */
    public String finding(String tableName) {
        Optional<TableDescription> table = describe(tableName);
        if (table.isEmpty()) {
            return "Table " + tableName + " does not exist.";
        }
        TableDescription t = table.get();
        if (t.tableStatus() == TableStatus.INACCESSIBLE_ENCRYPTION_CREDENTIALS) {
            return "Table " + tableName + " is INACCESSIBLE_ENCRYPTION_CREDENTIALS since "
                    + t.sseDescription().inaccessibleEncryptionDateTime() + ": DynamoDB cannot use its KMS key "
                    + t.sseDescription().kmsMasterKeyArn() + ". Enable the key or reconnect the key store within 7 days,"
                    + " or DynamoDB archives the table.";
        }
        if (t.sseDescription() == null) {
            return "Table " + tableName + " is encrypted with the AWS owned key, not a key of this store.";
        }
        if (t.tableStatus() != TableStatus.ACTIVE) {
            return "Table " + tableName + " is " + t.tableStatusAsString() + ".";
        }
        return null;
    }

    /** TableStatus, or NotFound. */
    public String status(String tableName) {
        return describe(tableName).map(TableDescription::tableStatusAsString).orElse("NotFound");
    }

    private void awaitEncryptedWith(String tableName, KmsKey key) {
        poller.await(Step.TABLE, tableName, "table ACTIVE with SSE ENABLED on " + key.arn(),
                () -> describe(tableName).orElse(null),
                t -> t.tableStatusAsString() + (t.sseDescription() == null ? "" : "/SSE " + t.sseDescription().statusAsString()),
                t -> t.tableStatus() == TableStatus.ACTIVE && t.sseDescription() != null
                        && t.sseDescription().status() == SSEStatus.ENABLED && key.arn().equals(t.sseDescription().kmsMasterKeyArn()));
    }

    private Optional<TableDescription> describe(String tableName) {
        try {
            return Optional.of(AwsCalls.call(Step.TABLE, tableName, "DescribeTable " + tableName,
                    () -> dynamoDb.describeTable(r -> r.tableName(tableName)).table()));
        } catch (io.github.hsmkeystore.core.ProvisioningException e) {
            if (e.getCause() instanceof ResourceNotFoundException) {
                return Optional.empty();
            }
            throw e;
        }
    }

    private static SSESpecification sse(KmsKey key) {
        return SSESpecification.builder().enabled(true).sseType(SSEType.KMS).kmsMasterKeyId(key.arn()).build();
    }
}
