package io.github.hsmkeystore.local.dynamodb;

import static io.github.hsmkeystore.local.dynamodb.DdbFixture.s;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.hsmkeystore.local.LocalHsmKeyStoreExtension;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ProjectionType;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.dynamodb.model.ScanRequest;
import software.amazon.awssdk.services.dynamodb.model.ScanResponse;

/**
 * The 1 MB page limit of Query and Scan (docs/dynamodb-storage.md, "Page limit"): the size of the items read is
 * counted before any filter; the item that takes the page over 1 MB ends it and is returned, with a LastEvaluatedKey
 * even when nothing follows; the next page resumes after it. Items of 42 KB: 24 stay under 1 MB, the 25th crosses it.
 */
class PageLimitIT {
    @RegisterExtension
    static final LocalHsmKeyStoreExtension local = LocalHsmKeyStoreExtension.create();
    private static final String DATA = "x".repeat(42 * 1024);
    private DynamoDbClient ddb;
    private String table;

    @BeforeEach
    void setUp(DynamoDbClient ddb) {
        this.ddb = ddb;
        table = DdbFixture.createTable(local.local(), ddb, "pages", b -> b
                .attributeDefinitions(a -> a.attributeName("pk").attributeType(ScalarAttributeType.S),
                        a -> a.attributeName("sk").attributeType(ScalarAttributeType.S),
                        a -> a.attributeName("g").attributeType(ScalarAttributeType.S))
                .globalSecondaryIndexes(g -> g.indexName("by-g").projection(p -> p.projectionType(ProjectionType.ALL))
                        .keySchema(k -> k.attributeName("g").keyType(KeyType.HASH), k -> k.attributeName("sk").keyType(KeyType.RANGE))));
    }

    private void put(String pk, int count) {
        for (int i = 0; i < count; i++) {
            String sk = String.format("k%02d", i);
            ddb.putItem(r -> r.tableName(table).item(Map.of("pk", s(pk), "sk", s(sk), "g", s("G-" + pk), "data", s(DATA))));
        }
    }

    private QueryResponse query(String pk, UnaryOperator<QueryRequest.Builder> extra) {
        return ddb.query(extra.apply(QueryRequest.builder().tableName(table).keyConditionExpression("pk = :p")
                .expressionAttributeValues(Map.of(":p", s(pk)))).build());
    }

    @Test
    void query_25ItemsOf42Kb_pageEndsAtTheItemCrossing1MbWithLastEvaluatedKey() {
        put("p", 25);

        QueryResponse first = query("p", b -> b);
        assertThat(first.count()).isEqualTo(25);
        assertThat(first.hasLastEvaluatedKey()).as("a page cut by the 1 MB limit has a LastEvaluatedKey").isTrue();
        assertThat(first.lastEvaluatedKey()).isEqualTo(Map.of("pk", s("p"), "sk", s("k24")));
        QueryResponse second = query("p", b -> b.exclusiveStartKey(first.lastEvaluatedKey()));
        assertThat(second.count()).isZero();
        assertThat(second.hasLastEvaluatedKey()).isFalse();
    }

    @Test
    void query_40ItemsOf42Kb_twoPages_everyItemOnce() {
        put("p", 40);

        List<String> seen = new ArrayList<>();
        Map<String, AttributeValue> start = null;
        List<Integer> pageSizes = new ArrayList<>();
        do {
            Map<String, AttributeValue> from = start;
            QueryResponse page = query("p", b -> from == null ? b : b.exclusiveStartKey(from));
            page.items().forEach(i -> seen.add(i.get("sk").s()));
            pageSizes.add(page.count());
            start = page.hasLastEvaluatedKey() ? page.lastEvaluatedKey() : null;
        } while (start != null);

        assertThat(pageSizes).containsExactly(25, 15);
        assertThat(seen).hasSize(40).doesNotHaveDuplicates().isSorted();
    }

    @Test
    void query_filterMatchingNothing_sizeCountsItemsReadBeforeTheFilter() {
        put("p", 30);

        QueryResponse first = query("p", b -> b.filterExpression("sk = :none").expressionAttributeValues(Map.of(":p", s("p"), ":none", s("-"))));

        assertThat(first.count()).isZero();
        assertThat(first.scannedCount()).isEqualTo(25);
        assertThat(first.lastEvaluatedKey()).containsEntry("sk", s("k24"));
    }

    @Test
    void query_backwards_pageEndsAtTheItemCrossing1Mb() {
        put("p", 30);

        QueryResponse first = query("p", b -> b.scanIndexForward(false));

        assertThat(first.count()).isEqualTo(25);
        assertThat(first.items().get(0).get("sk").s()).isEqualTo("k29");
        assertThat(first.lastEvaluatedKey()).containsEntry("sk", s("k05"));
    }

    @Test
    void queryOnIndex_25ItemsOf42Kb_pageCutWithIndexAndTableKeys() {
        put("p", 25);

        QueryResponse first = ddb.query(b -> b.tableName(table).indexName("by-g").keyConditionExpression("g = :g")
                .expressionAttributeValues(Map.of(":g", s("G-p"))));

        assertThat(first.count()).isEqualTo(25);
        assertThat(first.lastEvaluatedKey()).isEqualTo(Map.of("pk", s("p"), "sk", s("k24"), "g", s("G-p")));
        QueryResponse second = ddb.query(b -> b.tableName(table).indexName("by-g").keyConditionExpression("g = :g")
                .expressionAttributeValues(Map.of(":g", s("G-p"))).exclusiveStartKey(first.lastEvaluatedKey()));
        assertThat(second.count()).isZero();
        assertThat(second.hasLastEvaluatedKey()).isFalse();
    }

    @Test
    void scan_tableAndIndex_25ItemsOf42Kb_pageCutWithLastEvaluatedKey() {
        put("p", 25);

        ScanResponse table1 = ddb.scan(ScanRequest.builder().tableName(table).build());
        ScanResponse index1 = ddb.scan(ScanRequest.builder().tableName(table).indexName("by-g").build());

        assertThat(table1.count()).isEqualTo(25);
        assertThat(table1.hasLastEvaluatedKey()).isTrue();
        assertThat(index1.count()).isEqualTo(25);
        assertThat(index1.lastEvaluatedKey()).containsKeys("pk", "sk", "g");
        assertThat(ddb.scan(b -> b.tableName(table).exclusiveStartKey(table1.lastEvaluatedKey())).count()).isZero();
    }

    @Test
    void scan_twoPartitionsOver1Mb_everyItemOnceAcrossPages() {
        put("a", 20);
        put("b", 20);

        List<String> seen = new ArrayList<>();
        Map<String, AttributeValue> start = null;
        int pages = 0;
        do {
            Map<String, AttributeValue> from = start;
            ScanResponse page = ddb.scan(b -> b.tableName(table).exclusiveStartKey(from));
            page.items().forEach(i -> seen.add(i.get("pk").s() + "/" + i.get("sk").s()));
            start = page.hasLastEvaluatedKey() ? page.lastEvaluatedKey() : null;
            pages++;
        } while (start != null && pages < 10);

        assertThat(pages).isEqualTo(2);
        assertThat(seen).hasSize(40).doesNotHaveDuplicates();
    }

    @Test
    void query_limitReachedBeforeTheSizeLimit_limitEndsThePage() {
        put("p", 10);

        QueryResponse first = query("p", b -> b.limit(3));

        assertThat(first.count()).isEqualTo(3);
        assertThat(first.lastEvaluatedKey()).containsEntry("sk", s("k02"));
    }
}
