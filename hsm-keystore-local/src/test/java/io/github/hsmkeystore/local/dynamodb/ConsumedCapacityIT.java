package io.github.hsmkeystore.local.dynamodb;

import static io.github.hsmkeystore.local.dynamodb.DdbFixture.assertAwsError;
import static io.github.hsmkeystore.local.dynamodb.DdbFixture.s;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.hsmkeystore.local.LocalHsmKeyStoreExtension;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConsumedCapacity;
import software.amazon.awssdk.services.dynamodb.model.ItemCollectionMetrics;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

/** ReturnConsumedCapacity (TOTAL / INDEXES) with DynamoDB's unit arithmetic, and ReturnItemCollectionMetrics (docs/dynamodb-tables.md). */
class ConsumedCapacityIT {
    @RegisterExtension
    static final LocalHsmKeyStoreExtension local = LocalHsmKeyStoreExtension.create();

    /** An item of table key pk/sk whose size is about {@code bytes}. */
    private static Map<String, AttributeValue> item(String pk, String sk, int bytes) {
        Map<String, AttributeValue> m = new HashMap<>(DdbFixture.key(pk, sk));
        m.put("data", s("x".repeat(bytes)));
        return m;
    }

    private static String gsiTable(DynamoDbClient ddb) {
        return DdbFixture.createTable(local.local(), ddb, "cc-gsi", b -> b.attributeDefinitions(
                        a -> a.attributeName("pk").attributeType("S"), a -> a.attributeName("sk").attributeType("S"),
                        a -> a.attributeName("colour").attributeType("S"))
                .globalSecondaryIndexes(g -> g.indexName("byColour").keySchema(k -> k.attributeName("colour").keyType("HASH"))
                        .projection(p -> p.projectionType("KEYS_ONLY"))));
    }

    @Test
    void putItem_total_isOneWriteUnitPerKilobyteOfTheLargerImage(DynamoDbClient ddb) {
        String table = DdbFixture.createTable(local.local(), ddb, "cc");

        ConsumedCapacity small = ddb.putItem(r -> r.tableName(table).item(item("a", "1", 10)).returnConsumedCapacity("TOTAL")).consumedCapacity();
        ConsumedCapacity big = ddb.putItem(r -> r.tableName(table).item(item("b", "1", 2500)).returnConsumedCapacity("TOTAL")).consumedCapacity();
        ConsumedCapacity shrink = ddb.putItem(r -> r.tableName(table).item(item("b", "1", 10)).returnConsumedCapacity("TOTAL")).consumedCapacity();
        ConsumedCapacity delete = ddb.deleteItem(r -> r.tableName(table).key(DdbFixture.key("none", "1")).returnConsumedCapacity("TOTAL")).consumedCapacity();

        assertThat(small.tableName()).isEqualTo(table);
        assertThat(small.capacityUnits()).isEqualTo(1.0);
        assertThat(small.writeCapacityUnits()).as("DynamoDB returns only CapacityUnits").isNull();
        assertThat(big.capacityUnits()).isEqualTo(3.0);
        assertThat(shrink.capacityUnits()).as("the larger of the old and new item").isEqualTo(3.0);
        assertThat(delete.capacityUnits()).as("a delete of nothing still costs a unit").isEqualTo(1.0);
        assertThat(ddb.putItem(r -> r.tableName(table).item(item("c", "1", 10))).consumedCapacity()).as("NONE by default").isNull();
    }

    @Test
    void getItem_readUnitsPerFourKilobytes_halvedWhenEventuallyConsistent(DynamoDbClient ddb) {
        String table = DdbFixture.createTable(local.local(), ddb, "cc");
        ddb.putItem(r -> r.tableName(table).item(item("a", "1", 9000)));

        assertThat(ddb.getItem(r -> r.tableName(table).key(DdbFixture.key("a", "1")).consistentRead(true).returnConsumedCapacity("TOTAL"))
                .consumedCapacity().capacityUnits()).isEqualTo(3.0);
        assertThat(ddb.getItem(r -> r.tableName(table).key(DdbFixture.key("a", "1")).returnConsumedCapacity("TOTAL"))
                .consumedCapacity().capacityUnits()).isEqualTo(1.5);
        assertThat(ddb.getItem(r -> r.tableName(table).key(DdbFixture.key("missing", "1")).returnConsumedCapacity("TOTAL"))
                .consumedCapacity().capacityUnits()).isEqualTo(0.5);
    }

    @Test
    void queryAndScan_roundTheTotalSizeRead(DynamoDbClient ddb) {
        String table = DdbFixture.createTable(local.local(), ddb, "cc");
        for (int i = 0; i < 3; i++) {
            String sk = Integer.toString(i);
            ddb.putItem(r -> r.tableName(table).item(item("p", sk, 2000)));
        }

        ConsumedCapacity query = ddb.query(r -> r.tableName(table).keyConditionExpression("pk = :p")
                .expressionAttributeValues(Map.of(":p", s("p"))).consistentRead(true).returnConsumedCapacity("TOTAL")).consumedCapacity();
        ConsumedCapacity scan = ddb.scan(r -> r.tableName(table).filterExpression("sk = :none")
                .expressionAttributeValues(Map.of(":none", s("none"))).returnConsumedCapacity("TOTAL")).consumedCapacity();
        ConsumedCapacity empty = ddb.query(r -> r.tableName(table).keyConditionExpression("pk = :p")
                .expressionAttributeValues(Map.of(":p", s("nobody"))).returnConsumedCapacity("TOTAL")).consumedCapacity();

        assertThat(query.capacityUnits()).as("6 KB read: 2 units").isEqualTo(2.0);
        assertThat(scan.capacityUnits()).as("items read before the filter, eventually consistent").isEqualTo(1.0);
        assertThat(empty.capacityUnits()).isEqualTo(0.5);
    }

    @Test
    void writes_indexes_reportIndexWritesPerIndex(DynamoDbClient ddb) {
        String table = gsiTable(ddb);
        Map<String, AttributeValue> red = new HashMap<>(DdbFixture.key("a", "1"));
        red.put("colour", s("red"));

        ConsumedCapacity put = ddb.putItem(r -> r.tableName(table).item(red).returnConsumedCapacity("INDEXES")).consumedCapacity();
        ConsumedCapacity move = ddb.updateItem(r -> r.tableName(table).key(DdbFixture.key("a", "1")).updateExpression("SET colour = :c")
                .expressionAttributeValues(Map.of(":c", s("blue"))).returnConsumedCapacity("INDEXES")).consumedCapacity();
        ConsumedCapacity untouched = ddb.updateItem(r -> r.tableName(table).key(DdbFixture.key("a", "1")).updateExpression("SET note = :o")
                .expressionAttributeValues(Map.of(":o", s("x"))).returnConsumedCapacity("INDEXES")).consumedCapacity();

        assertThat(put.capacityUnits()).isEqualTo(2.0);
        assertThat(put.table().capacityUnits()).isEqualTo(1.0);
        assertThat(put.globalSecondaryIndexes().get("byColour").capacityUnits()).isEqualTo(1.0);
        assertThat(move.globalSecondaryIndexes().get("byColour").capacityUnits()).as("delete old entry + put new").isEqualTo(2.0);
        assertThat(untouched.capacityUnits()).as("a KEYS_ONLY index entry is unchanged").isEqualTo(1.0);
        assertThat(untouched.globalSecondaryIndexes()).isEmpty();
    }

    @Test
    void transactionsAndBatches_reportAListPerTable(DynamoDbClient ddb) {
        String table = DdbFixture.createTable(local.local(), ddb, "cc");

        List<ConsumedCapacity> tx = ddb.transactWriteItems(r -> r.transactItems(t -> t.put(p -> p.tableName(table).item(item("a", "1", 10))))
                .returnConsumedCapacity("TOTAL")).consumedCapacity();
        List<ConsumedCapacity> txGet = ddb.transactGetItems(r -> r.transactItems(t -> t.get(g -> g.tableName(table).key(DdbFixture.key("a", "1"))))
                .returnConsumedCapacity("TOTAL")).consumedCapacity();
        List<ConsumedCapacity> batch = ddb.batchWriteItem(r -> r.requestItems(Map.of(table, List.of(
                WriteRequest.builder().putRequest(p -> p.item(item("b", "1", 10))).build(),
                WriteRequest.builder().putRequest(p -> p.item(item("c", "1", 1500))).build()))).returnConsumedCapacity("TOTAL")).consumedCapacity();

        assertThat(tx).singleElement().satisfies(c -> assertThat(c.capacityUnits()).as("transactional writes cost double").isEqualTo(2.0));
        assertThat(txGet).singleElement().satisfies(c -> assertThat(c.capacityUnits()).as("transactional reads cost double").isEqualTo(2.0));
        assertThat(batch).singleElement().satisfies(c -> {
            assertThat(c.tableName()).isEqualTo(table);
            assertThat(c.capacityUnits()).as("each item rounded up on its own: 1 + 2").isEqualTo(3.0);
        });
    }

    @Test
    void returnItemCollectionMetrics_size_onlyForTablesWithLocalIndexes(DynamoDbClient ddb) {
        String plain = DdbFixture.createTable(local.local(), ddb, "icm");
        String withLsi = DdbFixture.createTable(local.local(), ddb, "icm-lsi", b -> b.attributeDefinitions(
                        a -> a.attributeName("pk").attributeType("S"), a -> a.attributeName("sk").attributeType("S"),
                        a -> a.attributeName("rank").attributeType("N"))
                .localSecondaryIndexes(l -> l.indexName("byRank").keySchema(k -> k.attributeName("pk").keyType("HASH"),
                        k -> k.attributeName("rank").keyType("RANGE")).projection(p -> p.projectionType("ALL"))));

        ItemCollectionMetrics metrics = ddb.putItem(r -> r.tableName(withLsi).item(item("a", "1", 10))
                .returnItemCollectionMetrics("SIZE")).itemCollectionMetrics();

        assertThat(metrics.itemCollectionKey()).containsExactly(Map.entry("pk", s("a")));
        assertThat(metrics.sizeEstimateRangeGB()).containsExactly(0.0, 1.0);
        assertThat(ddb.putItem(r -> r.tableName(plain).item(item("a", "1", 10)).returnItemCollectionMetrics("SIZE")).itemCollectionMetrics())
                .isNull();
    }

    @Test
    void returnConsumedCapacity_unknownValue_isValidationException(DynamoDbClient ddb) {
        String table = DdbFixture.createTable(local.local(), ddb, "cc");

        assertAwsError(() -> ddb.putItem(r -> r.tableName(table).item(item("a", "1", 10)).returnConsumedCapacity("ALL")),
                "ValidationException", "returnConsumedCapacity");
        assertThat(ddb.getItem(r -> r.tableName(table).key(DdbFixture.key("a", "1"))).hasItem()).as("nothing written").isFalse();
    }
}
