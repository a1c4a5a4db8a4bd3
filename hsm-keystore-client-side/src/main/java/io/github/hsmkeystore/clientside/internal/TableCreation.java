package io.github.hsmkeystore.clientside.internal;

import io.github.hsmkeystore.clientside.ClientSideTableDefinition.Beacon;
import io.github.hsmkeystore.core.EncryptedTable;
import io.github.hsmkeystore.core.EncryptedTableFactory;
import io.github.hsmkeystore.core.KmsKey;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import software.amazon.awssdk.enhanced.dynamodb.TableMetadata;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndex;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndexDescription;
import software.amazon.awssdk.services.dynamodb.model.IndexStatus;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ProjectionType;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;
import software.amazon.awssdk.services.dynamodb.model.SSEType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.dynamodb.model.TableStatus;

/**
 * Creates (or reuses) the data table of a client-side encrypted type, encrypted at rest with the same KMS key, with one
 * GSI per beacon ({@code <beacon>-index} on {@code aws_dbe_b_<beacon>}), and verifies it.
 */
public final class TableCreation {
    private TableCreation() {
    }

    /**
     * @param tables the factory that creates and verifies encrypted tables
     * @param dynamoDb a DynamoDB client without the DB-ESDK interceptor
     * @param tableName the table
     * @param metadata the item type's metadata (its primary key and their types)
     * @param key the KMS key
     * @param beacons the beacons that need an index
     * @return the verified table
     * @throws IllegalStateException when an existing table lacks a beacon's index
     */
    public static EncryptedTable createOrVerify(EncryptedTableFactory tables, DynamoDbClient dynamoDb, String tableName,
                                                TableMetadata metadata, KmsKey key, List<Beacon> beacons) {
        String pk = metadata.primaryPartitionKey();
        ScalarAttributeType pkType = metadata.scalarAttributeType(pk).orElse(ScalarAttributeType.S);
        String sk = metadata.primarySortKey().orElse(null);
        if (beacons.isEmpty()) {
            return tables.table(tableName, t -> {
                t.partitionKey(pk, pkType).encryptedWith(key);
                if (sk != null) {
                    t.sortKey(sk, metadata.scalarAttributeType(sk).orElse(ScalarAttributeType.S));
                }
            });
        }
        try {
            Set<String> indexes = dynamoDb.describeTable(r -> r.tableName(tableName)).table().globalSecondaryIndexes()
                    .stream().map(GlobalSecondaryIndexDescription::indexName).collect(Collectors.toSet());
            for (Beacon b : beacons) {
                if (!indexes.contains(b.indexName())) {
                    throw new IllegalStateException("Table " + tableName + " exists without the GSI " + b.indexName()
                            + " on " + b.attributeName() + " that beacon " + b.name() + " needs; add it (UpdateTable)"
                            + " or use a new table");
                }
            }
        } catch (ResourceNotFoundException e) {
            create(dynamoDb, tableName, pk, pkType, sk, metadata, key, beacons);
        }
        return tables.verify(tableName, key);
    }

    private static void create(DynamoDbClient dynamoDb, String tableName, String pk, ScalarAttributeType pkType, String sk,
                               TableMetadata metadata, KmsKey key, List<Beacon> beacons) {
        List<AttributeDefinition> attributes = new ArrayList<>();
        List<KeySchemaElement> keySchema = new ArrayList<>();
        attributes.add(AttributeDefinition.builder().attributeName(pk).attributeType(pkType).build());
        keySchema.add(KeySchemaElement.builder().attributeName(pk).keyType(KeyType.HASH).build());
        if (sk != null) {
            attributes.add(AttributeDefinition.builder().attributeName(sk)
                    .attributeType(metadata.scalarAttributeType(sk).orElse(ScalarAttributeType.S)).build());
            keySchema.add(KeySchemaElement.builder().attributeName(sk).keyType(KeyType.RANGE).build());
        }
        List<GlobalSecondaryIndex> gsis = new ArrayList<>();
        for (Beacon b : beacons) {
            attributes.add(AttributeDefinition.builder().attributeName(b.attributeName()).attributeType(ScalarAttributeType.S)
                    .build());
            gsis.add(GlobalSecondaryIndex.builder().indexName(b.indexName())
                    .keySchema(KeySchemaElement.builder().attributeName(b.attributeName()).keyType(KeyType.HASH).build())
                    .projection(p -> p.projectionType(ProjectionType.ALL)).build());
        }
        dynamoDb.createTable(r -> r.tableName(tableName).attributeDefinitions(attributes).keySchema(keySchema)
                .globalSecondaryIndexes(gsis).billingMode(BillingMode.PAY_PER_REQUEST)
                .sseSpecification(s -> s.enabled(true).sseType(SSEType.KMS).kmsMasterKeyId(key.arn())));
        awaitActive(dynamoDb, tableName);
    }

    /** Polls DescribeTable (25 ms doubling to 1 s, up to 10 minutes) until the table and its indexes are ACTIVE. */
    private static void awaitActive(DynamoDbClient dynamoDb, String tableName) {
        long deadline = System.nanoTime() + java.time.Duration.ofMinutes(10).toNanos();
        long sleepMs = 25;
        while (true) {
            var table = dynamoDb.describeTable(r -> r.tableName(tableName)).table();
            boolean active = table.tableStatus() == TableStatus.ACTIVE && table.globalSecondaryIndexes().stream()
                    .allMatch(i -> i.indexStatus() == IndexStatus.ACTIVE);
            if (active) {
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("Table " + tableName + " not ACTIVE with its indexes after 10 minutes");
            }
            try {
                Thread.sleep(sleepMs);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("Interrupted waiting for table " + tableName, e);
            }
            sleepMs = Math.min(1000, sleepMs * 2);
        }
    }
}
