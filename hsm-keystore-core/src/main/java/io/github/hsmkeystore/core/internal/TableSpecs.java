package io.github.hsmkeystore.core.internal;

import io.github.hsmkeystore.core.IndexDefinition;
import io.github.hsmkeystore.core.KmsKey;
import io.github.hsmkeystore.core.TableDefinition;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.CreateTableRequest;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndex;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.LocalSecondaryIndex;
import software.amazon.awssdk.services.dynamodb.model.Projection;
import software.amazon.awssdk.services.dynamodb.model.ProjectionType;
import software.amazon.awssdk.services.dynamodb.model.ProvisionedThroughput;
import software.amazon.awssdk.services.dynamodb.model.SSESpecification;
import software.amazon.awssdk.services.dynamodb.model.SSEType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.dynamodb.model.Tag;

/**
 * The CreateTable request of a {@link TableDefinition}: every key attribute defined once, key schema, indexes with
 * their projections and (PROVISIONED) throughput, SSE on the definition's KMS key, and the optional settings only
 * when the definition sets them (TTL and PITR are not CreateTable parameters: see TableSteps).
 */
final class TableSpecs {
    private TableSpecs() {
    }

    static CreateTableRequest createRequest(String tableName, TableDefinition def) {
        Map<String, ScalarAttributeType> types = new LinkedHashMap<>();
        types.put(def.partitionKey(), def.partitionKeyType());
        def.sortKey().ifPresent(s -> types.put(s, def.sortKeyType().orElseThrow()));
        List<GlobalSecondaryIndex> gsis = new ArrayList<>();
        List<LocalSecondaryIndex> lsis = new ArrayList<>();
        for (IndexDefinition i : def.indexes()) {
            types.putIfAbsent(i.partitionKey(), i.partitionKeyType());
            i.sortKey().ifPresent(s -> types.putIfAbsent(s, i.sortKeyType().orElseThrow()));
            if (i.global()) {
                GlobalSecondaryIndex.Builder g = GlobalSecondaryIndex.builder().indexName(i.name())
                        .keySchema(keySchema(i.partitionKey(), i.sortKey().orElse(null))).projection(projection(i));
                indexThroughput(def, i).ifPresent(g::provisionedThroughput);
                gsis.add(g.build());
            } else {
                lsis.add(LocalSecondaryIndex.builder().indexName(i.name())
                        .keySchema(keySchema(i.partitionKey(), i.sortKey().orElse(null))).projection(projection(i)).build());
            }
        }
        List<AttributeDefinition> attributes = new ArrayList<>();
        types.forEach((n, t) -> attributes.add(AttributeDefinition.builder().attributeName(n).attributeType(t).build()));
        CreateTableRequest.Builder r = CreateTableRequest.builder().tableName(tableName).attributeDefinitions(attributes)
                .keySchema(keySchema(def.partitionKey(), def.sortKey().orElse(null))).billingMode(def.billingMode())
                .sseSpecification(sse(def.key()));
        def.provisionedThroughput().ifPresent(r::provisionedThroughput);
        if (!gsis.isEmpty()) {
            r.globalSecondaryIndexes(gsis);
        }
        if (!lsis.isEmpty()) {
            r.localSecondaryIndexes(lsis);
        }
        if (!def.tags().isEmpty()) {
            List<Tag> tags = new ArrayList<>();
            def.tags().forEach((k, v) -> tags.add(Tag.builder().key(k).value(v).build()));
            r.tags(tags);
        }
        def.tableClass().ifPresent(r::tableClass);
        def.deletionProtection().ifPresent(r::deletionProtectionEnabled);
        return r.build();
    }

    /** The throughput a global index must have: its own, else the table's; none on PAY_PER_REQUEST. */
    static java.util.Optional<ProvisionedThroughput> indexThroughput(TableDefinition def, IndexDefinition i) {
        if (def.billingMode() != BillingMode.PROVISIONED || !i.global()) {
            return java.util.Optional.empty();
        }
        return i.provisionedThroughput().or(def::provisionedThroughput);
    }

    static List<KeySchemaElement> keySchema(String hash, String range) {
        List<KeySchemaElement> schema = new ArrayList<>();
        schema.add(KeySchemaElement.builder().attributeName(hash).keyType(KeyType.HASH).build());
        if (range != null) {
            schema.add(KeySchemaElement.builder().attributeName(range).keyType(KeyType.RANGE).build());
        }
        return schema;
    }

    static Projection projection(IndexDefinition i) {
        Projection.Builder p = Projection.builder().projectionType(i.projectionType());
        if (i.projectionType() == ProjectionType.INCLUDE) {
            p.nonKeyAttributes(i.nonKeyAttributes());
        }
        return p.build();
    }

    static SSESpecification sse(KmsKey key) {
        return SSESpecification.builder().enabled(true).sseType(SSEType.KMS).kmsMasterKeyId(key.arn()).build();
    }
}
