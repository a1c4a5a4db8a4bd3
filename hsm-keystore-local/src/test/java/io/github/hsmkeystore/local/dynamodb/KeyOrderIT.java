package io.github.hsmkeystore.local.dynamodb;

import static io.github.hsmkeystore.local.dynamodb.DdbFixture.n;
import static io.github.hsmkeystore.local.dynamodb.DdbFixture.s;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.hsmkeystore.local.LocalHsmKeyStoreExtension;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ProjectionType;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;

/**
 * Sort order of keys (docs/dynamodb-storage.md, "Ordering"): N by numeric value, S by the unsigned bytes of its UTF-8
 * encoding, B by unsigned bytes; on tables and indexes, forwards and backwards, page by page, with key conditions.
 */
class KeyOrderIT {
    @RegisterExtension
    static final LocalHsmKeyStoreExtension local = LocalHsmKeyStoreExtension.create();

    private static String table(DynamoDbClient ddb, ScalarAttributeType sortType) {
        return DdbFixture.createTable(local.local(), ddb, "order", b -> b
                .attributeDefinitions(a -> a.attributeName("pk").attributeType(ScalarAttributeType.S),
                        a -> a.attributeName("sk").attributeType(sortType),
                        a -> a.attributeName("g").attributeType(ScalarAttributeType.N))
                .globalSecondaryIndexes(g -> g.indexName("by-g").projection(p -> p.projectionType(ProjectionType.KEYS_ONLY))
                        .keySchema(k -> k.attributeName("g").keyType(KeyType.HASH), k -> k.attributeName("sk").keyType(KeyType.RANGE))));
    }

    /** Every item of a Query, page by page with Limit 2, as the sort key rendered by {@code render}. */
    private static List<String> pages(DynamoDbClient ddb, QueryRequest request, Function<AttributeValue, String> render) {
        List<String> out = new ArrayList<>();
        Map<String, AttributeValue> start = null;
        do {
            QueryResponse page = ddb.query(request.toBuilder().limit(2).exclusiveStartKey(start).build());
            page.items().forEach(i -> out.add(render.apply(i.get("sk"))));
            start = page.hasLastEvaluatedKey() ? page.lastEvaluatedKey() : null;
        } while (start != null);
        return out;
    }

    @Test
    void query_numberSortKeys_orderByValue() {
        DynamoDbClient ddb = local.local().dynamoDbClient();
        String table = table(ddb, ScalarAttributeType.N);
        List<String> values = List.of("10", "9", "-100", "-1.5", "0", "2", "1E-130", "-9.9999999999999999999999999999999999999E+125",
                "9.9999999999999999999999999999999999999E+125", "100.5", "-0.25");
        for (String v : values) {
            ddb.putItem(r -> r.tableName(table).item(Map.of("pk", s("p"), "sk", n(v), "g", n("1"))));
        }
        QueryRequest all = QueryRequest.builder().tableName(table).keyConditionExpression("pk = :p")
                .expressionAttributeValues(Map.of(":p", s("p"))).build();

        List<String> forward = pages(ddb, all, AttributeValue::n);
        List<String> backward = pages(ddb, all.toBuilder().scanIndexForward(false).build(), AttributeValue::n);
        List<String> onIndex = pages(ddb, QueryRequest.builder().tableName(table).indexName("by-g").keyConditionExpression("g = :g")
                .expressionAttributeValues(Map.of(":g", n("1.0"))).build(), AttributeValue::n);

        List<String> expected = values.stream().map(KeyOrderIT::plain)
                .sorted((a, b) -> new java.math.BigDecimal(a).compareTo(new java.math.BigDecimal(b))).toList();
        List<String> reversed = new ArrayList<>(expected);
        java.util.Collections.reverse(reversed);
        assertThat(forward).extracting(KeyOrderIT::plain).containsExactlyElementsOf(expected);
        assertThat(backward).extracting(KeyOrderIT::plain).containsExactlyElementsOf(reversed);
        assertThat(onIndex).isEqualTo(forward);
        assertThat(pages(ddb, all.toBuilder().keyConditionExpression("pk = :p AND sk BETWEEN :a AND :b")
                .expressionAttributeValues(Map.of(":p", s("p"), ":a", n("-1.5"), ":b", n("10"))).build(), AttributeValue::n))
                .extracting(KeyOrderIT::plain).containsExactly("-1.5", "-0.25", "0", plain("1E-130"), "2", "9", "10");
        assertThat(pages(ddb, all.toBuilder().keyConditionExpression("pk = :p AND sk < :a").scanIndexForward(false)
                .expressionAttributeValues(Map.of(":p", s("p"), ":a", n("0"))).build(), AttributeValue::n))
                .extracting(KeyOrderIT::plain).containsExactly("-0.25", "-1.5", "-100", plain("-9.9999999999999999999999999999999999999E+125"));
    }

    private static String plain(String number) {
        java.math.BigDecimal d = new java.math.BigDecimal(number);
        return d.signum() == 0 ? "0" : d.stripTrailingZeros().toPlainString();
    }

    @Test
    void query_stringSortKeys_orderByUtf8Bytes() {
        DynamoDbClient ddb = local.local().dynamoDbClient();
        String table = table(ddb, ScalarAttributeType.S);
        // UTF-16 order would put U+1F600 (a surrogate pair) before U+FFFD; UTF-8 bytes (F0.. > EF..) put it after
        List<String> values = List.of("b", "a", "B", "ab", "a\u0000", "\u00e9", "\uFFFD", "\uD83D\uDE00", "z", "", "aa");
        for (String v : values) {
            if (!v.isEmpty()) {
                ddb.putItem(r -> r.tableName(table).item(Map.of("pk", s("p"), "sk", s(v), "g", n("1"))));
            }
        }
        QueryRequest all = QueryRequest.builder().tableName(table).keyConditionExpression("pk = :p")
                .expressionAttributeValues(Map.of(":p", s("p"))).build();

        assertThat(pages(ddb, all, AttributeValue::s))
                .containsExactly("B", "a", "a\u0000", "aa", "ab", "b", "z", "\u00e9", "\uFFFD", "\uD83D\uDE00");
        assertThat(pages(ddb, all.toBuilder().keyConditionExpression("pk = :p AND begins_with(sk, :a)").scanIndexForward(false)
                .expressionAttributeValues(Map.of(":p", s("p"), ":a", s("a"))).build(), AttributeValue::s))
                .containsExactly("ab", "aa", "a\u0000", "a");
        assertThat(pages(ddb, QueryRequest.builder().tableName(table).indexName("by-g").keyConditionExpression("g = :g AND sk >= :x")
                .expressionAttributeValues(Map.of(":g", n("1"), ":x", s("z"))).build(), AttributeValue::s))
                .containsExactly("z", "\u00e9", "\uFFFD", "\uD83D\uDE00");
    }

    @Test
    void query_binarySortKeys_orderByUnsignedBytes() {
        DynamoDbClient ddb = local.local().dynamoDbClient();
        String table = table(ddb, ScalarAttributeType.B);
        byte[][] values = {{(byte) 0x80}, {0x7f}, {0x00}, {(byte) 0xff}, {(byte) 0xff, 0x00}, {0x7f, (byte) 0xff}, {(byte) 0xfe, (byte) 0xff}};
        for (byte[] v : values) {
            ddb.putItem(r -> r.tableName(table).item(Map.of("pk", s("p"), "sk", AttributeValue.fromB(SdkBytes.fromByteArray(v)), "g", n("1"))));
        }
        Function<AttributeValue, String> hex = v -> java.util.HexFormat.of().formatHex(v.b().asByteArray());
        QueryRequest all = QueryRequest.builder().tableName(table).keyConditionExpression("pk = :p")
                .expressionAttributeValues(Map.of(":p", s("p"))).build();

        assertThat(pages(ddb, all, hex)).containsExactly("00", "7f", "7fff", "80", "feff", "ff", "ff00");
        assertThat(pages(ddb, all.toBuilder().keyConditionExpression("pk = :p AND begins_with(sk, :b)").scanIndexForward(false)
                .expressionAttributeValues(Map.of(":p", s("p"), ":b", AttributeValue.fromB(SdkBytes.fromByteArray(new byte[] {(byte) 0xff}))))
                .build(), hex)).containsExactly("ff00", "ff");
    }

    @Test
    void query_keyConditionValueOfAnotherType_isValidationException() {
        DynamoDbClient ddb = local.local().dynamoDbClient();
        String table = table(ddb, ScalarAttributeType.N);
        ddb.putItem(r -> r.tableName(table).item(Map.of("pk", s("p"), "sk", n("1"), "g", n("1"))));

        DdbFixture.assertAwsError(() -> ddb.query(r -> r.tableName(table).keyConditionExpression("pk = :p AND sk > :s")
                .expressionAttributeValues(Map.of(":p", s("p"), ":s", s("0")))), "ValidationException",
                "One or more parameter values were invalid: Condition parameter type does not match schema type");
        DdbFixture.assertAwsError(() -> ddb.query(r -> r.tableName(table).keyConditionExpression("pk = :p")
                .expressionAttributeValues(Map.of(":p", n("1")))), "ValidationException", "Condition parameter type does not match schema type");
        DdbFixture.assertAwsError(() -> ddb.query(r -> r.tableName(table).indexName("by-g").keyConditionExpression("g = :g")
                .expressionAttributeValues(Map.of(":g", s("1")))), "ValidationException", "Condition parameter type does not match schema type");
        DdbFixture.assertAwsError(() -> ddb.query(r -> r.tableName(table).keyConditionExpression("pk = :p AND sk = g")
                .expressionAttributeValues(Map.of(":p", s("p")))), "ValidationException", "Invalid KeyConditionExpression");
    }

    @Test
    void putItem_keysContainingSeparatorCharacters_remainDistinctItems() {
        DynamoDbClient ddb = local.local().dynamoDbClient();
        String table = DdbFixture.createTable(local.local(), ddb, "distinct");
        Map<String, AttributeValue> one = Map.of("pk", s("a\u0001S:b"), "sk", s("c"), "v", s("one"));
        Map<String, AttributeValue> two = Map.of("pk", s("a"), "sk", s("b\u0001S:c"), "v", s("two"));
        ddb.putItem(r -> r.tableName(table).item(one));
        ddb.putItem(r -> r.tableName(table).item(two));

        assertThat(ddb.getItem(r -> r.tableName(table).key(Map.of("pk", one.get("pk"), "sk", one.get("sk")))).item()).isEqualTo(one);
        assertThat(ddb.getItem(r -> r.tableName(table).key(Map.of("pk", two.get("pk"), "sk", two.get("sk")))).item()).isEqualTo(two);
        assertThat(ddb.scan(r -> r.tableName(table)).count()).isEqualTo(2);
    }
}
