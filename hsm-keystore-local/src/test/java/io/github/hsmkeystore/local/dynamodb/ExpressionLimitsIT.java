package io.github.hsmkeystore.local.dynamodb;

import static io.github.hsmkeystore.local.dynamodb.DdbFixture.assertAwsError;
import static io.github.hsmkeystore.local.dynamodb.DdbFixture.key;
import static io.github.hsmkeystore.local.dynamodb.DdbFixture.n;
import static io.github.hsmkeystore.local.dynamodb.DdbFixture.s;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.hsmkeystore.local.LocalHsmKeyStoreExtension;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.KeysAndAttributes;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

/**
 * DynamoDB's limits on expressions and values, and expressions built to exhaust the parser: every one is a 400 with
 * DynamoDB's message, never a 500, and changes nothing.
 */
class ExpressionLimitsIT {
    @RegisterExtension
    static final LocalHsmKeyStoreExtension local = LocalHsmKeyStoreExtension.create();
    private DynamoDbClient ddb;
    private String table;

    @BeforeEach
    void setUp(DynamoDbClient ddb) {
        this.ddb = ddb;
        table = DdbFixture.createTable(local.local(), ddb, "limits");
        ddb.putItem(r -> r.tableName(table).item(item("base", "v", n("1"),
                "l", AttributeValue.fromL(List.of(s("l0"), s("l1"), s("l2"), s("l3"))))));
    }

    private static Map<String, AttributeValue> item(String sk, Object... attrs) {
        Map<String, AttributeValue> item = new HashMap<>(key("p", sk));
        for (int i = 0; i < attrs.length; i += 2) {
            item.put((String) attrs[i], (AttributeValue) attrs[i + 1]);
        }
        return item;
    }

    private Map<String, AttributeValue> get(String sk) {
        return ddb.getItem(r -> r.tableName(table).key(key("p", sk))).item();
    }

    private HttpResponse<String> post(String operation, String body) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(local.local().endpoint())
                .header("X-Amz-Target", "DynamoDB_20120810." + operation).header("Content-Type", "application/x-amz-json-1.0")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    /** A value nested {@code levels} deep: maps around a string, the top-level value counting as level 1. */
    private static AttributeValue nested(int levels) {
        AttributeValue v = s("leaf");
        for (int i = 1; i < levels; i++) {
            v = AttributeValue.fromM(Map.of("m", v));
        }
        return v;
    }

    /** {@code n} comparisons joined by AND: {@code v = :v AND v = :v ...}. */
    private static String comparisons(int n) {
        return String.join(" AND ", java.util.Collections.nCopies(n, "v = :v"));
    }

    @Test
    void everyExpressionKind_over4KB_isExpressionSizeExceeded() {
        String name = "a".repeat(4097);
        String fragment = "Expression size has exceeded the maximum allowed size";
        assertAwsError(() -> ddb.putItem(r -> r.tableName(table).item(item("x")).conditionExpression("attribute_not_exists(" + name + ")")),
                "ValidationException", "Invalid ConditionExpression: " + fragment);
        assertAwsError(() -> ddb.updateItem(r -> r.tableName(table).key(key("p", "x")).updateExpression("REMOVE " + name)),
                "ValidationException", "Invalid UpdateExpression: " + fragment);
        assertAwsError(() -> ddb.getItem(r -> r.tableName(table).key(key("p", "base")).projectionExpression(name)),
                "ValidationException", "Invalid ProjectionExpression: " + fragment);
        assertAwsError(() -> ddb.query(r -> r.tableName(table).keyConditionExpression("pk = :p AND " + name + " = :p")
                .expressionAttributeValues(Map.of(":p", s("p")))), "ValidationException", "Invalid KeyConditionExpression: " + fragment);
        assertAwsError(() -> ddb.scan(r -> r.tableName(table).filterExpression("attribute_exists(" + name + ")")),
                "ValidationException", "Invalid FilterExpression: " + fragment);
        assertThat(get("x")).isEmpty();
    }

    @Test
    void expression_ofExactly4KB_isAccepted() {
        String projection = "v," + "a".repeat(4094);
        assertThat(projection).hasSize(4096);
        assertThat(ddb.getItem(r -> r.tableName(table).key(key("p", "base")).projectionExpression(projection)).item())
                .containsOnlyKeys("v");
    }

    @Test
    void conditionExpression_with301Operators_isTooManyOperators_300AreEvaluated() {
        assertAwsError(() -> ddb.scan(r -> r.tableName(table).filterExpression(comparisons(301))
                .expressionAttributeValues(Map.of(":v", n("1")))), "ValidationException",
                "Invalid FilterExpression: The expression contains too many operators; operator count: 301");
        assertThat(ddb.scan(r -> r.tableName(table).filterExpression(comparisons(300))
                .expressionAttributeValues(Map.of(":v", n("1")))).count()).isEqualTo(1);
    }

    @Test
    void hostileNesting_isA400_never500() throws Exception {
        String notChain = "NOT ".repeat(1000) + "v = :v";
        String unbalanced = "(".repeat(4000) + "v = :v";
        String[] expressions = {"(".repeat(20_000) + "v = :v" + ")".repeat(20_000), "NOT ".repeat(100_000) + "v = :v",
            "(".repeat(2000) + "v=:v" + ")".repeat(2000), notChain, unbalanced, "v = :v OR ".repeat(400) + "v = :v"};
        for (String expression : expressions) {
            HttpResponse<String> r = post("Scan", "{\"TableName\":\"" + table + "\",\"FilterExpression\":\"" + expression
                    + "\",\"ExpressionAttributeValues\":{\":v\":{\"N\":\"1\"}}}");
            assertThat(r.statusCode()).as(expression.substring(0, 20) + " -> " + r.body()).isEqualTo(400);
            assertThat(r.body()).contains("ValidationException").contains("Invalid FilterExpression");
        }
        assertAwsError(() -> ddb.scan(r -> r.tableName(table).filterExpression("(".repeat(2000) + "v=:v" + ")".repeat(2000))
                .expressionAttributeValues(Map.of(":v", n("1")))), "ValidationException", "The expression has redundant parentheses");
        assertAwsError(() -> ddb.scan(r -> r.tableName(table).filterExpression(notChain)
                .expressionAttributeValues(Map.of(":v", n("1")))), "ValidationException", "too many operators");
    }

    @Test
    void nestedButWithinLimits_isEvaluatedWithoutOverflow() {
        // parentheses nested 100 deep, each level with its own comparison
        String nestedOr = "(v = :v OR ".repeat(100) + "v = :v" + ")".repeat(100);
        assertThat(ddb.scan(r -> r.tableName(table).filterExpression(nestedOr).expressionAttributeValues(Map.of(":v", n("1")))).count())
                .isEqualTo(1);
        assertThat(ddb.scan(r -> r.tableName(table).filterExpression("NOT NOT NOT v = :v")
                .expressionAttributeValues(Map.of(":v", n("1")))).count()).isZero();
        // if_not_exists nested 200 deep falls through to the value
        String update = "SET w = " + "if_not_exists(w, ".repeat(200) + ":x" + ")".repeat(200);
        ddb.updateItem(r -> r.tableName(table).key(key("p", "base")).updateExpression(update).expressionAttributeValues(Map.of(":x", n("7"))));
        assertThat(get("base")).containsEntry("w", n("7"));
    }

    @Test
    void redundantParentheses_areRefused_singleParenthesesAccepted() {
        assertAwsError(() -> ddb.scan(r -> r.tableName(table).filterExpression("((v = :v))").expressionAttributeValues(Map.of(":v", n("1")))),
                "ValidationException", "Invalid FilterExpression: The expression has redundant parentheses;");
        assertThat(ddb.scan(r -> r.tableName(table).filterExpression("(v = :v) AND (attribute_exists(l))")
                .expressionAttributeValues(Map.of(":v", n("1")))).count()).isEqualTo(1);
    }

    @Test
    void in_withMoreThan100Values_isRefused() {
        Map<String, AttributeValue> values = new HashMap<>();
        List<String> names = new java.util.ArrayList<>();
        for (int i = 0; i < 101; i++) {
            values.put(":v" + i, n(String.valueOf(i)));
            names.add(":v" + i);
        }
        assertAwsError(() -> ddb.scan(r -> r.tableName(table).filterExpression("v IN (" + String.join(", ", names) + ")")
                .expressionAttributeValues(values)), "ValidationException",
                "Invalid FilterExpression: The IN operator is provided with too many operands; number of operands: 101");
        values.remove(":v100");
        names.remove(":v100");
        assertThat(ddb.scan(r -> r.tableName(table).filterExpression("v IN (" + String.join(", ", names) + ")")
                .expressionAttributeValues(values)).count()).isEqualTo(1);
    }

    @Test
    void projection_overlappingPaths_areRefused() {
        assertAwsError(() -> ddb.getItem(r -> r.tableName(table).key(key("p", "base")).projectionExpression("m.a, m")),
                "ValidationException", "Invalid ProjectionExpression: Two document paths overlap with each other; must remove or rewrite "
                        + "one of these paths; path one: [m, a], path two: [m]");
        assertAwsError(() -> ddb.getItem(r -> r.tableName(table).key(key("p", "base")).projectionExpression("v, v")),
                "ValidationException", "path one: [v], path two: [v]");
        assertThat(ddb.getItem(r -> r.tableName(table).key(key("p", "base")).projectionExpression("l[0], l[1], v")).item())
                .containsKeys("l", "v");
    }

    @Test
    void projection_hugeListIndex_isOutOfRange() {
        assertAwsError(() -> ddb.getItem(r -> r.tableName(table).key(key("p", "base")).projectionExpression("l[99999999999]")),
                "ValidationException", "Invalid ProjectionExpression: List index is not within the allowable range; index: [99999999999]");
    }

    @Test
    void projection_listElements_comeBackInListOrder() {
        assertThat(get("base")).containsKey("l");
        Map<String, AttributeValue> projected = ddb.getItem(r -> r.tableName(table).key(key("p", "base"))
                .projectionExpression("l[2], l[0], l[9]")).item();
        assertThat(projected.get("l").l()).containsExactly(s("l0"), s("l2"));
    }

    @Test
    void projection_pathsBelowOneListElement_mergeIntoOneElement() {
        ddb.putItem(r -> r.tableName(table).item(item("doc", "l", AttributeValue.fromL(List.of(
                AttributeValue.fromM(Map.of("a", s("a0"), "b", s("b0"), "c", s("c0"))))))));
        Map<String, AttributeValue> projected = ddb.getItem(r -> r.tableName(table).key(key("p", "doc"))
                .projectionExpression("l[0].b, l[0].a")).item();
        assertThat(projected.get("l").l()).containsExactly(AttributeValue.fromM(Map.of("a", s("a0"), "b", s("b0"))));
    }

    @Test
    void documentPath_deeperThan32_isRefused() {
        String path = "a" + ".b".repeat(32);
        assertAwsError(() -> ddb.getItem(r -> r.tableName(table).key(key("p", "base")).projectionExpression(path)),
                "ValidationException", "Invalid ProjectionExpression: The document path has too many nesting levels; nesting levels: 33");
        assertThat(ddb.getItem(r -> r.tableName(table).key(key("p", "base")).projectionExpression("a" + ".b".repeat(31))).item()).isEmpty();
    }

    @Test
    void addOrDeleteWithoutAValuePlaceholder_isA400() throws Exception {
        for (String update : List.of("ADD v :missing", "ADD v w", "DELETE v w", "ADD v")) {
            HttpResponse<String> r = post("UpdateItem", "{\"TableName\":\"" + table + "\",\"Key\":{\"pk\":{\"S\":\"p\"},\"sk\":{\"S\":\"base\"}},"
                    + "\"UpdateExpression\":\"" + update + "\"}");
            assertThat(r.statusCode()).as(update + " -> " + r.body()).isEqualTo(400);
            assertThat(r.body()).contains("ValidationException").contains("Invalid UpdateExpression");
        }
        assertThat(get("base")).containsEntry("v", n("1"));
    }

    @Test
    void arithmetic_outOfTheNumberRange_isRefusedAndWritesNothing() {
        ddb.putItem(r -> r.tableName(table).item(item("big", "v", n("9E+125"))));
        assertAwsError(() -> ddb.updateItem(r -> r.tableName(table).key(key("p", "big")).updateExpression("SET v = v + :b")
                .expressionAttributeValues(Map.of(":b", n("9E+125")))), "ValidationException", "Number overflow");
        assertAwsError(() -> ddb.updateItem(r -> r.tableName(table).key(key("p", "big")).updateExpression("ADD v :b")
                .expressionAttributeValues(Map.of(":b", n("9E+125")))), "ValidationException", "Number overflow");
        assertAwsError(() -> ddb.updateItem(r -> r.tableName(table).key(key("p", "big")).updateExpression("SET v = v - :b")
                .expressionAttributeValues(Map.of(":b", n("1E-130")))), "ValidationException", "38 significant digits");
        assertThat(new java.math.BigDecimal(get("big").get("v").n())).isEqualByComparingTo("9E+125");
    }

    @Test
    void values_nestedPast32Levels_areRefusedOnEveryWritePath() {
        String fragment = "Nesting Levels have exceeded supported limits";
        assertAwsError(() -> ddb.putItem(r -> r.tableName(table).item(item("deep", "d", nested(33)))), "ValidationException", fragment);
        assertAwsError(() -> ddb.batchWriteItem(r -> r.requestItems(Map.of(table,
                List.of(WriteRequest.builder().putRequest(p -> p.item(item("deep", "d", nested(33)))).build())))), "ValidationException", fragment);
        assertAwsError(() -> ddb.transactWriteItems(r -> r.transactItems(TransactWriteItem.builder()
                .put(p -> p.tableName(table).item(item("deep", "d", nested(33)))).build())), "ValidationException", fragment);
        ddb.putItem(r -> r.tableName(table).item(item("deep", "d", nested(31))));
        // one level more through an update of a nested path
        assertAwsError(() -> ddb.updateItem(r -> r.tableName(table).key(key("p", "deep")).updateExpression("SET d.m = :v")
                .expressionAttributeValues(Map.of(":v", nested(32)))), "ValidationException", fragment);
        ddb.putItem(r -> r.tableName(table).item(item("edge", "d", nested(32))));
        var read = ddb.batchGetItem(r -> r.requestItems(Map.of(table, KeysAndAttributes.builder()
                .keys(key("p", "deep"), key("p", "edge")).build())));
        assertThat(read.responses().get(table)).hasSize(2);
        assertThat(ddb.transactGetItems(r -> r.transactItems(t -> t.get(g -> g.tableName(table).key(key("p", "edge"))))).responses())
                .hasSize(1);
    }

    @Test
    void exclusiveStartKey_notMatchingTheSchema_isRefused() {
        for (Map<String, AttributeValue> start : List.of(Map.of("pk", s("p")), Map.of("pk", s("p"), "sk", n("1")),
                Map.of("pk", s("p"), "sk", s("a"), "extra", s("x")))) {
            assertAwsError(() -> ddb.query(r -> r.tableName(table).keyConditionExpression("pk = :p")
                    .expressionAttributeValues(Map.of(":p", s("p"))).exclusiveStartKey(start)), "ValidationException",
                    "The provided starting key is invalid");
            assertAwsError(() -> ddb.scan(r -> r.tableName(table).exclusiveStartKey(start)), "ValidationException",
                    "The provided starting key is invalid: The provided key element does not match the schema");
        }
        assertThat(ddb.scan(r -> r.tableName(table).exclusiveStartKey(key("p", "a"))).count()).isEqualTo(1);
    }
}
