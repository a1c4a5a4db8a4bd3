package io.github.hsmkeystore.local.dynamodb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.hsmkeystore.local.LocalHsmKeyStoreExtension;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
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
import software.amazon.awssdk.enhanced.dynamodb.model.BatchWriteItemEnhancedRequest;
import software.amazon.awssdk.enhanced.dynamodb.model.ConditionCheck;
import software.amazon.awssdk.enhanced.dynamodb.model.CreateTableEnhancedRequest;
import software.amazon.awssdk.enhanced.dynamodb.Document;
import software.amazon.awssdk.enhanced.dynamodb.model.EnhancedGlobalSecondaryIndex;
import software.amazon.awssdk.enhanced.dynamodb.model.Page;
import software.amazon.awssdk.enhanced.dynamodb.model.QueryConditional;
import software.amazon.awssdk.enhanced.dynamodb.model.QueryEnhancedRequest;
import software.amazon.awssdk.enhanced.dynamodb.model.ReadBatch;
import software.amazon.awssdk.enhanced.dynamodb.model.ScanEnhancedRequest;
import software.amazon.awssdk.enhanced.dynamodb.model.TransactGetItemsEnhancedRequest;
import software.amazon.awssdk.enhanced.dynamodb.model.TransactWriteItemsEnhancedRequest;
import software.amazon.awssdk.enhanced.dynamodb.model.WriteBatch;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.ProjectionType;
import software.amazon.awssdk.services.dynamodb.model.TableStatus;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;

/** The DynamoDB enhanced client on a typed bean against the emulator: every operation a service typically uses. */
class EnhancedClientIT {
    @RegisterExtension
    static final LocalHsmKeyStoreExtension local = LocalHsmKeyStoreExtension.create();

    private DynamoDbEnhancedClient enhanced;
    private DynamoDbTable<Order> orders;

    @BeforeEach
    void createTable(DynamoDbClient ddb) {
        enhanced = DynamoDbEnhancedClient.builder().dynamoDbClient(ddb).build();
        String name = DynamoDbFixture.uniqueName("orders");
        orders = enhanced.table(name, TableSchema.fromBean(Order.class));
        orders.createTable(CreateTableEnhancedRequest.builder()
                .globalSecondaryIndices(EnhancedGlobalSecondaryIndex.builder().indexName(Order.BY_STATUS)
                        .projection(p -> p.projectionType(ProjectionType.ALL)).build())
                .build());
        DynamoDbFixture.awaitStatus(ddb, name, TableStatus.ACTIVE);
    }

    @Test
    void putItem_thenGetItem_returnsEveryAttribute() {
        Order o = Order.of("c1", "o1", "NEW", "12.50");
        o.setCreatedAt(Instant.parse("2024-05-01T10:15:30.123Z"));
        o.setTags(Set.of("red", "blue"));
        o.setNotes(List.of("first", "second"));
        o.setQuantities(Map.of("apple", 3, "pear", 1));
        o.setGift(true);
        orders.putItem(o);

        Order read = orders.getItem(Key.builder().partitionValue("c1").sortValue("o1").build());

        assertThat(read.getStatus()).isEqualTo("NEW");
        assertThat(read.getTotal()).isEqualByComparingTo("12.5");
        assertThat(read.getCreatedAt()).isEqualTo(Instant.parse("2024-05-01T10:15:30.123Z"));
        assertThat(read.getTags()).containsExactlyInAnyOrder("red", "blue");
        assertThat(read.getNotes()).containsExactly("first", "second");
        assertThat(read.getQuantities()).containsExactlyInAnyOrderEntriesOf(Map.of("apple", 3, "pear", 1));
        assertThat(read.getGift()).isTrue();
        assertThat(read.getVersion()).isEqualTo(1L);
    }

    @Test
    void getItem_whenAbsent_returnsNull() {
        assertThat(orders.getItem(Key.builder().partitionValue("nobody").sortValue("none").build())).isNull();
    }

    @Test
    void updateItem_withCurrentVersion_storesChangesAndBumpsVersion() {
        orders.putItem(Order.of("c1", "o1", "NEW", "10"));
        Order current = orders.getItem(Key.builder().partitionValue("c1").sortValue("o1").build());
        current.setStatus("PAID");

        Order updated = orders.updateItem(current);

        assertThat(updated.getStatus()).isEqualTo("PAID");
        assertThat(updated.getVersion()).isEqualTo(2L);
        assertThat(orders.getItem(Key.builder().partitionValue("c1").sortValue("o1").build()).getStatus()).isEqualTo("PAID");
    }

    @Test
    void updateItem_withStaleVersion_failsConditionalCheck() {
        orders.putItem(Order.of("c1", "o1", "NEW", "10"));
        Order stale = orders.getItem(Key.builder().partitionValue("c1").sortValue("o1").build());
        orders.updateItem(stale);

        stale.setStatus("LOST");
        assertThatThrownBy(() -> orders.updateItem(stale))
                .isInstanceOf(ConditionalCheckFailedException.class)
                .satisfies(e -> assertThat(((ConditionalCheckFailedException) e).awsErrorDetails().errorCode())
                        .isEqualTo("ConditionalCheckFailedException"))
                .hasMessageContaining("The conditional request failed");
        assertThat(orders.getItem(Key.builder().partitionValue("c1").sortValue("o1").build()).getStatus()).isEqualTo("NEW");
    }

    @Test
    void deleteItem_returnsOldItemAndRemovesIt() {
        orders.putItem(Order.of("c1", "o1", "NEW", "10"));

        Order deleted = orders.deleteItem(Key.builder().partitionValue("c1").sortValue("o1").build());

        assertThat(deleted.getStatus()).isEqualTo("NEW");
        assertThat(orders.getItem(Key.builder().partitionValue("c1").sortValue("o1").build())).isNull();
    }

    @Test
    void query_onPartitionWithSortPrefix_returnsMatchesInSortOrder() {
        for (String id : List.of("2024-03", "2024-01", "2023-12", "2024-02")) {
            orders.putItem(Order.of("c1", id, "NEW", "1"));
        }
        orders.putItem(Order.of("c2", "2024-01", "NEW", "1"));

        List<String> ids = orders.query(QueryEnhancedRequest.builder()
                        .queryConditional(QueryConditional.sortBeginsWith(Key.builder().partitionValue("c1").sortValue("2024").build()))
                        .build())
                .items().stream().map(Order::getOrderId).toList();
        List<String> descending = orders.query(QueryEnhancedRequest.builder()
                        .queryConditional(QueryConditional.keyEqualTo(Key.builder().partitionValue("c1").build()))
                        .scanIndexForward(false).build())
                .items().stream().map(Order::getOrderId).toList();

        assertThat(ids).containsExactly("2024-01", "2024-02", "2024-03");
        assertThat(descending).containsExactly("2024-03", "2024-02", "2024-01", "2023-12");
    }

    @Test
    void query_withLimit_paginatesThroughEveryItem() {
        for (int i = 0; i < 7; i++) {
            orders.putItem(Order.of("c1", "o" + i, "NEW", "1"));
        }

        SdkIterable<Page<Order>> pages = orders.query(QueryEnhancedRequest.builder()
                .queryConditional(QueryConditional.keyEqualTo(Key.builder().partitionValue("c1").build())).limit(3).build());
        List<Integer> sizes = pages.stream().map(p -> p.items().size()).toList();

        assertThat(sizes).startsWith(3, 3, 1);
        assertThat(sizes.stream().mapToInt(Integer::intValue).sum()).isEqualTo(7);
    }

    @Test
    void query_onGlobalSecondaryIndex_ordersByNumericSortKey() {
        orders.putItem(Order.of("c1", "o1", "SHIPPED", "100"));
        orders.putItem(Order.of("c2", "o2", "SHIPPED", "9.99"));
        orders.putItem(Order.of("c3", "o3", "SHIPPED", "25"));
        orders.putItem(Order.of("c4", "o4", "NEW", "1"));
        DynamoDbIndex<Order> byStatus = orders.index(Order.BY_STATUS);

        List<String> shipped = byStatus.query(QueryEnhancedRequest.builder()
                        .queryConditional(QueryConditional.sortGreaterThan(Key.builder().partitionValue("SHIPPED").sortValue(10).build()))
                        .build())
                .stream().flatMap(p -> p.items().stream()).map(Order::getOrderId).toList();

        assertThat(shipped).containsExactly("o3", "o1");
    }

    @Test
    void scan_withFilter_returnsOnlyMatchingItems() {
        orders.putItem(Order.of("c1", "o1", "NEW", "5"));
        orders.putItem(Order.of("c2", "o2", "PAID", "50"));
        orders.putItem(Order.of("c3", "o3", "PAID", "500"));

        List<String> ids = orders.scan(ScanEnhancedRequest.builder()
                        .filterExpression(Expression.builder().expression("#s = :paid AND #t > :min")
                                .putExpressionName("#s", "status").putExpressionName("#t", "total")
                                .putExpressionValue(":paid", AttributeValue.fromS("PAID"))
                                .putExpressionValue(":min", AttributeValue.fromN("10")).build())
                        .limit(1).build())
                .items().stream().map(Order::getOrderId).sorted().toList();

        assertThat(ids).containsExactly("o2", "o3");
    }

    @Test
    void batchWriteAndBatchGet_roundTripItems(DynamoDbClient ddb) {
        // BatchWriteItem has no conditions, so the versioned-record extension must be off for batch puts
        DynamoDbEnhancedClient unversioned = DynamoDbEnhancedClient.builder().dynamoDbClient(ddb).extensions().build();
        DynamoDbTable<Order> table = unversioned.table(orders.tableName(), TableSchema.fromBean(Order.class));
        WriteBatch.Builder<Order> writes = WriteBatch.builder(Order.class).mappedTableResource(table);
        for (int i = 0; i < 25; i++) {
            writes.addPutItem(Order.of("c1", String.format("o%02d", i), "NEW", String.valueOf(i)));
        }
        unversioned.batchWriteItem(BatchWriteItemEnhancedRequest.builder().writeBatches(writes.build()).build());
        unversioned.batchWriteItem(BatchWriteItemEnhancedRequest.builder().writeBatches(WriteBatch.builder(Order.class)
                .mappedTableResource(table).addDeleteItem(Key.builder().partitionValue("c1").sortValue("o00").build()).build()).build());

        ReadBatch.Builder<Order> reads = ReadBatch.builder(Order.class).mappedTableResource(orders);
        for (int i = 0; i < 5; i++) {
            reads.addGetItem(Key.builder().partitionValue("c1").sortValue(String.format("o%02d", i)).build());
        }
        BatchGetResultPageIterable result = enhanced.batchGetItem(b -> b.readBatches(reads.build()));
        Set<String> found = result.resultsForTable(orders).stream().map(Order::getOrderId).collect(Collectors.toSet());

        assertThat(found).containsExactlyInAnyOrder("o01", "o02", "o03", "o04");
        assertThat(orders.scan().items().stream().count()).isEqualTo(24);
    }

    @Test
    void transactWriteItems_whenAllConditionsHold_appliesEveryAction() {
        orders.putItem(Order.of("c1", "o1", "NEW", "10"));
        orders.putItem(Order.of("c1", "o2", "NEW", "20"));
        Order o1 = orders.getItem(Key.builder().partitionValue("c1").sortValue("o1").build());
        o1.setStatus("PAID");

        enhanced.transactWriteItems(TransactWriteItemsEnhancedRequest.builder()
                .addUpdateItem(orders, o1)
                .addPutItem(orders, Order.of("c1", "o3", "NEW", "30"))
                .addDeleteItem(orders, Key.builder().partitionValue("c1").sortValue("o2").build())
                .build());

        assertThat(orders.getItem(Key.builder().partitionValue("c1").sortValue("o1").build()).getStatus()).isEqualTo("PAID");
        assertThat(orders.getItem(Key.builder().partitionValue("c1").sortValue("o2").build())).isNull();
        assertThat(orders.getItem(Key.builder().partitionValue("c1").sortValue("o3").build())).isNotNull();
    }

    @Test
    void transactWriteItems_whenOneConditionFails_cancelsWithReasonsAndChangesNothing() {
        orders.putItem(Order.of("c1", "o1", "NEW", "10"));

        assertThatThrownBy(() -> enhanced.transactWriteItems(TransactWriteItemsEnhancedRequest.builder()
                .addPutItem(orders, Order.of("c1", "o9", "NEW", "90"))
                .addConditionCheck(orders, ConditionCheck.builder()
                        .key(Key.builder().partitionValue("c1").sortValue("o1").build())
                        .conditionExpression(Expression.builder().expression("#s = :paid").putExpressionName("#s", "status")
                                .putExpressionValue(":paid", AttributeValue.fromS("PAID")).build())
                        .build())
                .build()))
                .isInstanceOfSatisfying(TransactionCanceledException.class, e -> {
                    assertThat(e.awsErrorDetails().errorCode()).isEqualTo("TransactionCanceledException");
                    assertThat(e.getMessage()).contains("Transaction cancelled");
                    assertThat(e.cancellationReasons()).extracting(r -> r.code()).containsExactly("None", "ConditionalCheckFailed");
                });
        assertThat(orders.getItem(Key.builder().partitionValue("c1").sortValue("o9").build())).isNull();
    }

    @Test
    void transactGetItems_returnsItemsInRequestOrder() {
        orders.putItem(Order.of("c1", "o1", "NEW", "10"));
        orders.putItem(Order.of("c1", "o2", "PAID", "20"));

        List<Document> docs = enhanced.transactGetItems(TransactGetItemsEnhancedRequest.builder()
                .addGetItem(orders, Key.builder().partitionValue("c1").sortValue("o2").build())
                .addGetItem(orders, Key.builder().partitionValue("c1").sortValue("missing").build())
                .addGetItem(orders, Key.builder().partitionValue("c1").sortValue("o1").build())
                .build());

        assertThat(docs).hasSize(3);
        assertThat(docs.get(0).getItem(orders).getStatus()).isEqualTo("PAID");
        assertThat(docs.get(1).getItem(orders)).isNull();
        assertThat(docs.get(2).getItem(orders).getTotal()).isEqualByComparingTo(BigDecimal.TEN);
    }
}
