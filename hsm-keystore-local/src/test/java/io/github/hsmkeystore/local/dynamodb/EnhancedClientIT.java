package io.github.hsmkeystore.local.dynamodb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.github.hsmkeystore.local.LocalHsmKeyStoreExtension;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.core.pagination.sync.SdkIterable;
import software.amazon.awssdk.enhanced.dynamodb.DynamoDbEnhancedClient;
import software.amazon.awssdk.enhanced.dynamodb.DynamoDbIndex;
import software.amazon.awssdk.enhanced.dynamodb.DynamoDbTable;
import software.amazon.awssdk.enhanced.dynamodb.Expression;
import software.amazon.awssdk.enhanced.dynamodb.Key;
import software.amazon.awssdk.enhanced.dynamodb.TableSchema;
import software.amazon.awssdk.enhanced.dynamodb.model.BatchGetResultPageIterable;
import software.amazon.awssdk.enhanced.dynamodb.model.EnhancedGlobalSecondaryIndex;
import software.amazon.awssdk.enhanced.dynamodb.model.EnhancedLocalSecondaryIndex;
import software.amazon.awssdk.enhanced.dynamodb.model.Page;
import software.amazon.awssdk.enhanced.dynamodb.model.QueryConditional;
import software.amazon.awssdk.enhanced.dynamodb.model.ReadBatch;
import software.amazon.awssdk.enhanced.dynamodb.model.TransactGetItemsEnhancedRequest;
import software.amazon.awssdk.enhanced.dynamodb.model.WriteBatch;
import software.amazon.awssdk.enhanced.dynamodb.Document;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.CancellationReason;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.Projection;
import software.amazon.awssdk.services.dynamodb.model.ProjectionType;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;

/** The DynamoDB enhanced client on a typed bean with sort key, GSI and LSI against the emulator (issue 4, done-when 1). */
class EnhancedClientIT {
    @RegisterExtension
    static final LocalHsmKeyStoreExtension local = LocalHsmKeyStoreExtension.create();
    private static final TableSchema<Order> SCHEMA = TableSchema.fromBean(Order.class);

    private DynamoDbEnhancedClient enhanced;
    private DynamoDbTable<Order> orders;

    @BeforeEach
    void setUp(DynamoDbClient ddb) {
        enhanced = DynamoDbEnhancedClient.builder().dynamoDbClient(ddb).build();
        orders = enhanced.table(DdbFixture.uniqueName("orders"), SCHEMA);
        Projection all = Projection.builder().projectionType(ProjectionType.ALL).build();
        orders.createTable(r -> r
                .globalSecondaryIndices(EnhancedGlobalSecondaryIndex.builder().indexName("byStatus").projection(all).build())
                .localSecondaryIndices(EnhancedLocalSecondaryIndex.create("byTotal", all)));
        local.local().advanceClock(Duration.ofSeconds(5));
        ddb.waiter().waitUntilTableExists(r -> r.tableName(orders.tableName()));
    }

    private List<Order> seed(String customer, int count) {
        List<Order> out = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            Order o = Order.of(customer, String.format("o-%03d", i), i % 2 == 0 ? "OPEN" : "SHIPPED",
                    String.format("2024-01-%02d", i % 28 + 1), 100L * (count - i));
            orders.putItem(o);
            out.add(o);
        }
        return out;
    }

    @Test
    void putItemAndGetItem_typedBean_roundTripsEveryField() {
        Order o = Order.of("alice", "o-1", "OPEN", "2024-01-01", 1250);
        o.setNote("fragile");
        orders.putItem(o);
        assertThat(orders.getItem(Key.builder().partitionValue("alice").sortValue("o-1").build())).isEqualTo(o);
        assertThat(orders.getItem(Key.builder().partitionValue("alice").sortValue("o-2").build())).isNull();
    }

    @Test
    void updateItem_ignoreNulls_keepsAttributesNotSet() {
        Order o = Order.of("bob", "o-1", "OPEN", "2024-01-01", 10);
        o.setNote("keep me");
        orders.putItem(o);
        Order patch = new Order();
        patch.setCustomer("bob");
        patch.setOrderId("o-1");
        patch.setStatus("SHIPPED");
        Order updated = orders.updateItem(r -> r.item(patch).ignoreNulls(true));
        assertThat(updated.getStatus()).isEqualTo("SHIPPED");
        assertThat(updated.getNote()).isEqualTo("keep me");
        assertThat(updated.getTotal()).isEqualTo(10L);

        Order replaced = orders.updateItem(r -> r.item(patch));
        assertThat(replaced.getNote()).isNull();
        assertThat(replaced.getTotal()).isNull();
    }

    @Test
    void updateItem_conditionFalse_throwsConditionalCheckFailedAndKeepsItem() {
        orders.putItem(Order.of("carol", "o-1", "OPEN", "2024-01-01", 10));
        Order patch = Order.of("carol", "o-1", "CANCELLED", "2024-01-01", 10);
        Expression onlyShipped = Expression.builder().expression("#s = :s").putExpressionName("#s", "status")
                .putExpressionValue(":s", AttributeValue.fromS("SHIPPED")).build();
        ConditionalCheckFailedException e = catchThrowableOfType(
                () -> orders.updateItem(r -> r.item(patch).conditionExpression(onlyShipped)), ConditionalCheckFailedException.class);
        assertThat(e.awsErrorDetails().errorMessage()).isEqualTo("The conditional request failed");
        assertThat(orders.getItem(Key.builder().partitionValue("carol").sortValue("o-1").build()).getStatus()).isEqualTo("OPEN");

        Expression onlyOpen = Expression.builder().expression("#s = :s").putExpressionName("#s", "status")
                .putExpressionValue(":s", AttributeValue.fromS("OPEN")).build();
        assertThat(orders.updateItem(r -> r.item(patch).conditionExpression(onlyOpen)).getStatus()).isEqualTo("CANCELLED");
    }

    @Test
    void deleteItem_existingItem_returnsOldItemAndRemovesIt() {
        Order o = Order.of("dave", "o-1", "OPEN", "2024-01-01", 10);
        orders.putItem(o);
        Key key = Key.builder().partitionValue("dave").sortValue("o-1").build();
        assertThat(orders.deleteItem(key)).isEqualTo(o);
        assertThat(orders.getItem(key)).isNull();
        assertThat(orders.deleteItem(key)).isNull();
    }

    @Test
    void query_sortKeyConditionsAndDescendingOrder_returnMatchingItemsInOrder() {
        List<Order> seeded = seed("erin", 12);
        seed("frank", 3);
        List<String> prefix = orders.query(r -> r.queryConditional(QueryConditional.sortBeginsWith(
                Key.builder().partitionValue("erin").sortValue("o-00").build()))).items().stream().map(Order::getOrderId).toList();
        assertThat(prefix).containsExactly("o-000", "o-001", "o-002", "o-003", "o-004", "o-005", "o-006", "o-007", "o-008", "o-009");
        List<String> between = orders.query(r -> r.queryConditional(QueryConditional.sortBetween(
                Key.builder().partitionValue("erin").sortValue("o-003").build(),
                Key.builder().partitionValue("erin").sortValue("o-005").build())).scanIndexForward(false))
                .items().stream().map(Order::getOrderId).toList();
        assertThat(between).containsExactly("o-005", "o-004", "o-003");
        assertThat(orders.query(QueryConditional.keyEqualTo(Key.builder().partitionValue("erin").build())).items().stream().toList())
                .containsExactlyElementsOf(seeded);
    }

    @Test
    void query_withLimit_paginatesAcrossPagesWithoutLosingItems() {
        seed("gina", 11);
        SdkIterable<Page<Order>> pages = orders.query(r -> r.queryConditional(
                QueryConditional.keyEqualTo(Key.builder().partitionValue("gina").build())).limit(4));
        List<Integer> sizes = new ArrayList<>();
        List<String> ids = new ArrayList<>();
        for (Page<Order> p : pages) {
            sizes.add(p.items().size());
            p.items().forEach(o -> ids.add(o.getOrderId()));
        }
        assertThat(sizes).startsWith(4, 4, 3);
        assertThat(ids).hasSize(11).doesNotHaveDuplicates().isSorted();
    }

    @Test
    void query_onGlobalSecondaryIndex_usesIndexKeysAndOrder() {
        seed("hank", 6);
        seed("iris", 4);
        DynamoDbIndex<Order> byStatus = orders.index("byStatus");
        List<Order> open = byStatus.query(r -> r.queryConditional(QueryConditional.sortBetween(
                Key.builder().partitionValue("OPEN").sortValue("2024-01-01").build(),
                Key.builder().partitionValue("OPEN").sortValue("2024-01-03").build())).scanIndexForward(false))
                .stream().flatMap(p -> p.items().stream()).toList();
        assertThat(open).extracting(Order::getStatus).containsOnly("OPEN");
        assertThat(open).extracting(Order::getCreatedAt).isSortedAccordingTo(java.util.Comparator.reverseOrder())
                .containsOnly("2024-01-01", "2024-01-03");
        assertThat(open).hasSize(4);

        List<Order> shippedPaged = new ArrayList<>();
        byStatus.query(r -> r.queryConditional(QueryConditional.keyEqualTo(Key.builder().partitionValue("SHIPPED").build())).limit(2))
                .forEach(p -> {
                    assertThat(p.items().size()).isLessThanOrEqualTo(2);
                    shippedPaged.addAll(p.items());
                });
        assertThat(shippedPaged).hasSize(5).extracting(Order::getCreatedAt).isSorted();
    }

    @Test
    void query_onLocalSecondaryIndex_ordersByNumericSortKey() {
        seed("jack", 12);
        List<Long> totals = orders.index("byTotal").query(r -> r.queryConditional(QueryConditional.sortGreaterThan(
                Key.builder().partitionValue("jack").sortValue(850).build())))
                .stream().flatMap(p -> p.items().stream()).map(Order::getTotal).toList();
        assertThat(totals).containsExactly(900L, 1000L, 1100L, 1200L);
    }

    @Test
    void scan_withFilterAndLimit_returnsEveryMatchingItemOnce() {
        seed("kate", 9);
        seed("leo", 7);
        Expression shipped = Expression.builder().expression("#s = :s AND total >= :min").putExpressionName("#s", "status")
                .putExpressionValue(":s", AttributeValue.fromS("SHIPPED")).putExpressionValue(":min", AttributeValue.fromN("300")).build();
        List<Page<Order>> pages = orders.scan(r -> r.filterExpression(shipped).limit(3)).stream().toList();
        assertThat(pages.size()).isGreaterThanOrEqualTo(16 / 3);
        List<Order> found = pages.stream().flatMap(p -> p.items().stream()).toList();
        List<Order> expected = new ArrayList<>();
        for (String c : List.of("kate", "leo")) {
            orders.query(QueryConditional.keyEqualTo(Key.builder().partitionValue(c).build())).items()
                    .forEach(o -> {
                        if (o.getStatus().equals("SHIPPED") && o.getTotal() >= 300) {
                            expected.add(o);
                        }
                    });
        }
        assertThat(expected).isNotEmpty();
        assertThat(found).containsExactlyInAnyOrderElementsOf(expected);
    }

    @Test
    void batchWriteAndBatchGet_manyItems_allWrittenReadAndDeleted() {
        List<Order> batch = IntStream.range(0, 20).mapToObj(i -> Order.of("mia", "o-" + i, "OPEN", "2024-02-01", i)).toList();
        WriteBatch.Builder<Order> puts = WriteBatch.builder(Order.class).mappedTableResource(orders);
        batch.forEach(puts::addPutItem);
        enhanced.batchWriteItem(r -> r.addWriteBatch(puts.build()));

        ReadBatch.Builder<Order> reads = ReadBatch.builder(Order.class).mappedTableResource(orders);
        batch.forEach(o -> reads.addGetItem(Key.builder().partitionValue("mia").sortValue(o.getOrderId()).build()));
        reads.addGetItem(Key.builder().partitionValue("mia").sortValue("missing").build());
        BatchGetResultPageIterable result = enhanced.batchGetItem(r -> r.addReadBatch(reads.build()));
        assertThat(result.resultsForTable(orders).stream().toList()).containsExactlyInAnyOrderElementsOf(batch);

        WriteBatch.Builder<Order> deletes = WriteBatch.builder(Order.class).mappedTableResource(orders);
        batch.subList(0, 15).forEach(o -> deletes.addDeleteItem(o));
        enhanced.batchWriteItem(r -> r.addWriteBatch(deletes.build()));
        assertThat(orders.query(QueryConditional.keyEqualTo(Key.builder().partitionValue("mia").build())).items().stream().toList())
                .containsExactlyInAnyOrderElementsOf(batch.subList(15, 20));
    }

    @Test
    void transactWriteItems_allConditionsHold_appliesEveryWrite() {
        orders.putItem(Order.of("nina", "o-1", "OPEN", "2024-01-01", 1));
        orders.putItem(Order.of("nina", "o-2", "OPEN", "2024-01-01", 2));
        Order o3 = Order.of("nina", "o-3", "OPEN", "2024-01-01", 3);
        enhanced.transactWriteItems(r -> r.addPutItem(orders, o3)
                .addDeleteItem(orders, Key.builder().partitionValue("nina").sortValue("o-1").build())
                .addUpdateItem(orders, Order.of("nina", "o-2", "SHIPPED", "2024-01-02", 2)));
        List<Document> docs = enhanced.transactGetItems(TransactGetItemsEnhancedRequest.builder()
                .addGetItem(orders, Key.builder().partitionValue("nina").sortValue("o-1").build())
                .addGetItem(orders, Key.builder().partitionValue("nina").sortValue("o-2").build())
                .addGetItem(orders, Key.builder().partitionValue("nina").sortValue("o-3").build()).build());
        assertThat(docs).hasSize(3);
        assertThat(docs.get(0).getItem(orders)).isNull();
        assertThat(docs.get(1).getItem(orders).getStatus()).isEqualTo("SHIPPED");
        assertThat(docs.get(2).getItem(orders)).isEqualTo(o3);
    }

    @Test
    void transactWriteItems_oneConditionFails_cancelsAllWithReasons() {
        Order existing = Order.of("omar", "o-1", "OPEN", "2024-01-01", 1);
        orders.putItem(existing);
        Expression mustNotExist = Expression.builder().expression("attribute_not_exists(customer)").build();
        TransactionCanceledException e = catchThrowableOfType(() -> enhanced.transactWriteItems(r -> r
                .addPutItem(orders, Order.of("omar", "o-2", "OPEN", "2024-01-01", 2))
                .addConditionCheck(orders, c -> c.key(Key.builder().partitionValue("omar").sortValue("o-1").build())
                        .conditionExpression(mustNotExist))), TransactionCanceledException.class);
        assertThat(e).isNotNull();
        assertThat(e.awsErrorDetails().errorMessage()).contains("Transaction cancelled").contains("[None, ConditionalCheckFailed]");
        assertThat(e.cancellationReasons()).extracting(CancellationReason::code).containsExactly("None", "ConditionalCheckFailed");
        assertThat(e.cancellationReasons().get(1).message()).isEqualTo("The conditional request failed");
        assertThat(orders.getItem(Key.builder().partitionValue("omar").sortValue("o-2").build())).isNull();
        assertThat(orders.getItem(Key.builder().partitionValue("omar").sortValue("o-1").build())).isEqualTo(existing);
    }

    @Test
    void describeTable_createdByEnhancedClient_hasBothIndexes(DynamoDbClient ddb) {
        var t = ddb.describeTable(r -> r.tableName(orders.tableName())).table();
        assertThat(t.globalSecondaryIndexes()).extracting(i -> i.indexName()).containsExactly("byStatus");
        assertThat(t.localSecondaryIndexes()).extracting(i -> i.indexName()).containsExactly("byTotal");
        Map<String, String> types = t.attributeDefinitions().stream()
                .collect(Collectors.toMap(a -> a.attributeName(), a -> a.attributeTypeAsString()));
        assertThat(types).containsEntry("total", "N").containsEntry("customer", "S").containsEntry("createdAt", "S");
    }
}
