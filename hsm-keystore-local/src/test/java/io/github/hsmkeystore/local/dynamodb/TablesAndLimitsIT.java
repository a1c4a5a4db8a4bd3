package io.github.hsmkeystore.local.dynamodb;

import static io.github.hsmkeystore.local.dynamodb.DynamoDbFixture.key;
import static io.github.hsmkeystore.local.dynamodb.DynamoDbFixture.n;
import static io.github.hsmkeystore.local.dynamodb.DynamoDbFixture.s;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.hsmkeystore.local.LocalHsmKeyStoreExtension;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.KeysAndAttributes;
import software.amazon.awssdk.services.dynamodb.model.ListTablesResponse;
import software.amazon.awssdk.services.dynamodb.model.ProjectionType;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.dynamodb.model.Select;
import software.amazon.awssdk.services.dynamodb.model.TableStatus;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

/** Table lifecycle (default 50 ms transition delay), ListTables paging, indexes, DynamoDB's limits and error shapes. */
class TablesAndLimitsIT {
    @RegisterExtension
    static final LocalHsmKeyStoreExtension local = LocalHsmKeyStoreExtension.create();

    private static void assertAwsError(ThrowingCallable call, String code, String fragment) {
        assertThatThrownBy(call).isInstanceOfSatisfying(AwsServiceException.class, e -> {
            assertThat(e.awsErrorDetails().errorCode()).isEqualTo(code);
            assertThat(e.statusCode()).isEqualTo(400);
            assertThat(e.getMessage()).contains(fragment);
        });
    }

    @Test
    void createTable_isCreatingThenActive_andDeleteTableRemovesIt(DynamoDbClient ddb) {
        String name = DynamoDbFixture.uniqueName("life");
        TableStatus initial = ddb.createTable(b -> b.tableName(name)
                .attributeDefinitions(a -> a.attributeName("id").attributeType(ScalarAttributeType.S))
                .keySchema(k -> k.attributeName("id").keyType(KeyType.HASH))
                .provisionedThroughput(p -> p.readCapacityUnits(5L).writeCapacityUnits(5L))).tableDescription().tableStatus();
        assertThat(initial).isEqualTo(TableStatus.CREATING);
        assertAwsError(() -> ddb.createTable(b -> b.tableName(name)
                .attributeDefinitions(a -> a.attributeName("id").attributeType(ScalarAttributeType.S))
                .keySchema(k -> k.attributeName("id").keyType(KeyType.HASH))
                .provisionedThroughput(p -> p.readCapacityUnits(5L).writeCapacityUnits(5L))), "ResourceInUseException", name);

        DynamoDbFixture.awaitStatus(ddb, name, TableStatus.ACTIVE);
        assertThat(ddb.describeTable(b -> b.tableName(name)).table().provisionedThroughput().readCapacityUnits()).isEqualTo(5L);

        assertThat(ddb.deleteTable(b -> b.tableName(name)).tableDescription().tableStatus()).isEqualTo(TableStatus.DELETING);
        long deadline = System.currentTimeMillis() + 5000;
        boolean gone = false;
        while (!gone && System.currentTimeMillis() < deadline) {
            gone = !ddb.listTables().tableNames().contains(name);
            DynamoDbFixture.sleep(20);
        }
        assertThat(gone).isTrue();
        assertAwsError(() -> ddb.describeTable(b -> b.tableName(name)), "ResourceNotFoundException", "Requested resource not found");
    }

    @Test
    void listTables_withLimit_pagesThroughEveryTable(DynamoDbClient ddb) {
        List<String> created = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            created.add(DynamoDbFixture.createPkSkTable(ddb, "list" + i));
        }
        List<String> seen = new ArrayList<>();
        String start = null;
        int pages = 0;
        do {
            String from = start;
            ListTablesResponse page = ddb.listTables(b -> b.limit(2).exclusiveStartTableName(from));
            assertThat(page.tableNames()).hasSizeLessThanOrEqualTo(2);
            seen.addAll(page.tableNames());
            start = page.lastEvaluatedTableName();
            pages++;
        } while (start != null && pages < 50);

        assertThat(seen).containsAll(created).isSorted().doesNotHaveDuplicates();
        assertThat(pages).isGreaterThanOrEqualTo(3);
    }

    @Test
    void query_onLocalSecondaryIndexWithKeysOnly_returnsProjectedAttributesAndCount(DynamoDbClient ddb) {
        String name = DynamoDbFixture.uniqueName("lsi");
        ddb.createTable(b -> b.tableName(name).billingMode("PAY_PER_REQUEST")
                .attributeDefinitions(a -> a.attributeName("pk").attributeType(ScalarAttributeType.S),
                        a -> a.attributeName("sk").attributeType(ScalarAttributeType.S),
                        a -> a.attributeName("rank").attributeType(ScalarAttributeType.N))
                .keySchema(k -> k.attributeName("pk").keyType(KeyType.HASH), k -> k.attributeName("sk").keyType(KeyType.RANGE))
                .localSecondaryIndexes(l -> l.indexName("by-rank").projection(p -> p.projectionType(ProjectionType.KEYS_ONLY))
                        .keySchema(k -> k.attributeName("pk").keyType(KeyType.HASH), k -> k.attributeName("rank").keyType(KeyType.RANGE))));
        DynamoDbFixture.awaitStatus(ddb, name, TableStatus.ACTIVE);
        for (int i = 0; i < 4; i++) {
            Map<String, AttributeValue> item = new HashMap<>(key("p", "s" + i));
            item.put("rank", n(String.valueOf(10 - i)));
            item.put("other", s("x"));
            ddb.putItem(b -> b.tableName(name).item(item));
        }
        ddb.putItem(b -> b.tableName(name).item(key("p", "unranked"))); // sparse: not in the index

        QueryResponse q = ddb.query(b -> b.tableName(name).indexName("by-rank").keyConditionExpression("pk = :p AND #r >= :min")
                .expressionAttributeNames(Map.of("#r", "rank")).expressionAttributeValues(Map.of(":p", s("p"), ":min", n("8"))));
        QueryResponse count = ddb.query(b -> b.tableName(name).indexName("by-rank").keyConditionExpression("pk = :p")
                .expressionAttributeValues(Map.of(":p", s("p"))).select(Select.COUNT));

        assertThat(q.items()).extracting(i -> i.get("rank").n()).containsExactly("8", "9", "10");
        assertThat(q.items().get(0)).containsOnlyKeys("pk", "sk", "rank");
        assertThat(count.count()).isEqualTo(4);
        assertThat(count.items()).isEmpty();
    }

    @Test
    void items_overTheSizeLimits_failValidation(DynamoDbClient ddb) {
        String table = DynamoDbFixture.createPkSkTable(ddb, "limits");
        Map<String, AttributeValue> big = new HashMap<>(key("p", "big"));
        big.put("blob", s("x".repeat(400 * 1024)));
        assertAwsError(() -> ddb.putItem(b -> b.tableName(table).item(big)), "ValidationException", "Item size has exceeded the maximum allowed size");
        assertAwsError(() -> ddb.putItem(b -> b.tableName(table).item(key("p".repeat(2049), "s"))), "ValidationException",
                "One or more parameter values were invalid: Size of hashkey has exceeded the maximum size limit of 2048 bytes");
        assertAwsError(() -> ddb.putItem(b -> b.tableName(table).item(key("p", "s".repeat(1025)))), "ValidationException",
                "Size of rangekey has exceeded the maximum size limit of 1024 bytes");
        assertAwsError(() -> ddb.putItem(b -> b.tableName(table).item(Map.of("pk", s("only")))), "ValidationException",
                "One or more parameter values were invalid: Missing the key sk");
        assertAwsError(() -> ddb.getItem(b -> b.tableName(table).key(Map.of("pk", s("p"), "sk", n("1")))), "ValidationException",
                "Type mismatch for key sk");
        assertThat(ddb.scan(b -> b.tableName(table)).count()).isZero();
    }

    @Test
    void batchesAndTransactions_overTheirLimits_failValidationAndWriteNothing(DynamoDbClient ddb) {
        String table = DynamoDbFixture.createPkSkTable(ddb, "batch");
        List<WriteRequest> writes = new ArrayList<>();
        List<Map<String, AttributeValue>> keys = new ArrayList<>();
        List<TransactWriteItem> transact = new ArrayList<>();
        for (int i = 0; i < 101; i++) {
            Map<String, AttributeValue> k = key("p", "s" + i);
            if (i < 26) {
                writes.add(WriteRequest.builder().putRequest(p -> p.item(k)).build());
            }
            keys.add(k);
            transact.add(TransactWriteItem.builder().put(p -> p.tableName(table).item(k)).build());
        }
        assertAwsError(() -> ddb.batchWriteItem(b -> b.requestItems(Map.of(table, writes))), "ValidationException",
                "Member must have length less than or equal to 25");
        assertAwsError(() -> ddb.batchGetItem(b -> b.requestItems(Map.of(table, KeysAndAttributes.builder().keys(keys).build()))),
                "ValidationException", "' at 'requestItems." + table + ".member.keys' failed to satisfy constraint: "
                        + "Member must have length less than or equal to 100");
        assertAwsError(() -> ddb.transactWriteItems(b -> b.transactItems(transact)), "ValidationException",
                "Member must have length less than or equal to 100");
        assertAwsError(() -> ddb.getItem(b -> b.tableName("no-such-table-" + table).key(key("p", "s"))), "ResourceNotFoundException",
                "Requested resource not found");

        assertThat(ddb.scan(b -> b.tableName(table)).count()).isZero();
    }

    @Test
    void scan_withLimit_returnsLastEvaluatedKeyUntilTheEnd(DynamoDbClient ddb) {
        String table = DynamoDbFixture.createPkSkTable(ddb, "scanpages");
        for (int i = 0; i < 10; i++) {
            Map<String, AttributeValue> k = key("p" + (i % 3), "s" + i);
            ddb.putItem(b -> b.tableName(table).item(k));
        }
        List<String> seen = new ArrayList<>();
        Map<String, AttributeValue> start = null;
        int pages = 0;
        do {
            Map<String, AttributeValue> from = start;
            var page = ddb.scan(b -> b.tableName(table).limit(4).exclusiveStartKey(from));
            page.items().forEach(i -> seen.add(i.get("pk").s() + "/" + i.get("sk").s()));
            start = page.hasLastEvaluatedKey() && !page.lastEvaluatedKey().isEmpty() ? page.lastEvaluatedKey() : null;
            pages++;
        } while (start != null && pages < 20);

        assertThat(seen).hasSize(10).doesNotHaveDuplicates();
        assertThat(pages).isEqualTo(3);
    }
}
