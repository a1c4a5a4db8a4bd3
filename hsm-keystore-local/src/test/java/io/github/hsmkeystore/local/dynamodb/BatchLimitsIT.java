package io.github.hsmkeystore.local.dynamodb;

import static io.github.hsmkeystore.local.dynamodb.DdbFixture.assertAwsError;
import static io.github.hsmkeystore.local.dynamodb.DdbFixture.key;
import static io.github.hsmkeystore.local.dynamodb.DdbFixture.s;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.hsmkeystore.local.LocalHsmKeyStoreExtension;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BatchGetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.KeysAndAttributes;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

/** BatchGetItem and BatchWriteItem limits and malformed requests, answered as DynamoDB does and changing nothing. */
class BatchLimitsIT {
    @RegisterExtension
    static final LocalHsmKeyStoreExtension local = LocalHsmKeyStoreExtension.create();
    private DynamoDbClient ddb;
    private String table;

    @BeforeEach
    void setUp(DynamoDbClient ddb) {
        this.ddb = ddb;
        table = DdbFixture.createTable(local.local(), ddb, "batch");
    }

    private static HttpResponse<String> post(String operation, String body) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(local.local().endpoint())
                .header("X-Amz-Target", "DynamoDB_20120810." + operation).header("Content-Type", "application/x-amz-json-1.0")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private int count(String pk) {
        return ddb.query(r -> r.tableName(table).keyConditionExpression("pk = :p")
                .expressionAttributeValues(Map.of(":p", s(pk)))).count();
    }

    private static WriteRequest put(Map<String, AttributeValue> item) {
        return WriteRequest.builder().putRequest(p -> p.item(item)).build();
    }

    @Test
    void batchGetItem_over16Mb_returnsTheRestAsUnprocessedKeys() {
        String big = "x".repeat(390 * 1024);
        List<Map<String, AttributeValue>> keys = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            Map<String, AttributeValue> item = new HashMap<>(key("big", String.format("i%02d", i)));
            item.put("data", s(big));
            ddb.putItem(r -> r.tableName(table).item(item));
            keys.add(key("big", String.format("i%02d", i)));
        }
        BatchGetItemResponse first = ddb.batchGetItem(r -> r.requestItems(Map.of(table, KeysAndAttributes.builder().keys(keys)
                .consistentRead(true).build())));
        int returned = first.responses().get(table).size();
        assertThat(returned).isBetween(40, 43); // 16 MB of 390 KB items
        KeysAndAttributes rest = first.unprocessedKeys().get(table);
        assertThat(rest.keys()).hasSize(50 - returned);
        assertThat(rest.consistentRead()).isTrue();
        BatchGetItemResponse second = ddb.batchGetItem(r -> r.requestItems(first.unprocessedKeys()));
        assertThat(second.unprocessedKeys()).isEmpty();
        List<AttributeValue> all = new ArrayList<>();
        first.responses().get(table).forEach(i -> all.add(i.get("sk")));
        second.responses().get(table).forEach(i -> all.add(i.get("sk")));
        assertThat(all).containsExactlyInAnyOrderElementsOf(keys.stream().map(k -> k.get("sk")).toList());
    }

    @Test
    void batchWriteItem_malformedEntries_are400AndWriteNothing() throws Exception {
        String good = "{\"PutRequest\":{\"Item\":{\"pk\":{\"S\":\"mal\"},\"sk\":{\"S\":\"a\"}}}}";
        HttpResponse<String> number = post("BatchWriteItem", "{\"RequestItems\":{\"" + table + "\":[" + good + ",1]}}");
        assertThat(number.statusCode()).as(number.body()).isEqualTo(400);
        assertThat(number.body()).contains("SerializationException");
        HttpResponse<String> empty = post("BatchWriteItem", "{\"RequestItems\":{\"" + table + "\":[" + good + ",{}]}}");
        assertThat(empty.statusCode()).as(empty.body()).isEqualTo(400);
        assertThat(empty.body()).contains("ValidationException").contains("must contain exactly one of the supported datatypes");
        HttpResponse<String> both = post("BatchWriteItem", "{\"RequestItems\":{\"" + table + "\":[{\"PutRequest\":{\"Item\":"
                + "{\"pk\":{\"S\":\"mal\"},\"sk\":{\"S\":\"b\"}}},\"DeleteRequest\":{\"Key\":{\"pk\":{\"S\":\"mal\"},\"sk\":{\"S\":\"b\"}}}}]}}");
        assertThat(both.statusCode()).as(both.body()).isEqualTo(400);
        HttpResponse<String> notList = post("BatchWriteItem", "{\"RequestItems\":{\"" + table + "\":{}}}");
        assertThat(notList.statusCode()).as(notList.body()).isEqualTo(400);
        HttpResponse<String> getNumber = post("BatchGetItem", "{\"RequestItems\":{\"" + table + "\":{\"Keys\":[1]}}}");
        assertThat(getNumber.statusCode()).as(getNumber.body()).isEqualTo(400);
        HttpResponse<String> getNoKeys = post("BatchGetItem", "{\"RequestItems\":{\"" + table + "\":{}}}");
        assertThat(getNoKeys.statusCode()).as(getNoKeys.body()).isEqualTo(400);
        assertThat(getNoKeys.body()).contains("ValidationException").contains("keys");
        assertThat(count("mal")).isZero();
    }

    @Test
    void batchWriteItem_over25AcrossTables_isTooManyItems() {
        String other = DdbFixture.createTable(local.local(), ddb, "batch2");
        List<WriteRequest> first = new ArrayList<>();
        List<WriteRequest> second = new ArrayList<>();
        for (int i = 0; i < 13; i++) {
            first.add(put(key("many", "a" + i)));
            second.add(put(key("many", "b" + i)));
        }
        assertAwsError(() -> ddb.batchWriteItem(r -> r.requestItems(Map.of(table, first, other, second))),
                "ValidationException", "Too many items requested for the BatchWriteItem call");
        assertThat(count("many")).isZero();
        ddb.batchWriteItem(r -> r.requestItems(Map.of(table, first, other, second.subList(0, 12))));
        assertThat(count("many")).isEqualTo(13);
    }

    @Test
    void batchWriteItem_putAndDeleteOfOneKey_isDuplicate() {
        List<WriteRequest> writes = List.of(put(key("dup", "a")), WriteRequest.builder().deleteRequest(d -> d.key(key("dup", "a"))).build());
        assertAwsError(() -> ddb.batchWriteItem(r -> r.requestItems(Map.of(table, writes))), "ValidationException",
                "Provided list of item keys contains duplicates");
        assertThat(count("dup")).isZero();
    }

    @Test
    void batchWriteItem_itemChecksAsPutItem_refuseTheWholeBatch() {
        Map<String, AttributeValue> big = new HashMap<>(key("chk", "big"));
        big.put("data", s("x".repeat(400 * 1024)));
        assertAwsError(() -> ddb.batchWriteItem(r -> r.requestItems(Map.of(table, List.of(put(key("chk", "ok")), put(big))))),
                "ValidationException", "Item size has exceeded the maximum allowed size");
        assertAwsError(() -> ddb.batchWriteItem(r -> r.requestItems(Map.of(table, List.of(put(key("chk", "ok")),
                put(Map.of("pk", s("chk"))))))), "ValidationException", "Missing the key sk");
        assertThat(count("chk")).isZero();
    }
}
