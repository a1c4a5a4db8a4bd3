package io.github.hsmkeystore.local.dynamodb;

import static io.github.hsmkeystore.local.dynamodb.DdbFixture.assertAwsError;
import static io.github.hsmkeystore.local.dynamodb.DdbFixture.key;
import static io.github.hsmkeystore.local.dynamodb.DdbFixture.n;
import static io.github.hsmkeystore.local.dynamodb.DdbFixture.s;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.hsmkeystore.local.LocalHsmKeyStoreExtension;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;

/** Condition, update and projection expressions with the low-level client. */
class ExpressionsIT {
    @RegisterExtension
    static final LocalHsmKeyStoreExtension local = LocalHsmKeyStoreExtension.create();
    private DynamoDbClient ddb;
    private String table;

    @BeforeEach
    void setUp(DynamoDbClient ddb) {
        this.ddb = ddb;
        table = DdbFixture.createTable(local.local(), ddb, "expr");
        Map<String, AttributeValue> item = new HashMap<>(key("p", "doc"));
        item.put("label", s("widget-42"));
        item.put("qty", n("7"));
        item.put("tags", AttributeValue.fromSs(List.of("red", "blue")));
        item.put("nums", AttributeValue.fromNs(List.of("1", "2")));
        item.put("a", AttributeValue.fromM(Map.of("b", AttributeValue.fromL(List.of(
                AttributeValue.fromM(Map.of("c", s("zero"))), AttributeValue.fromM(Map.of("c", s("one"))))))));
        item.put("lst", AttributeValue.fromL(List.of(s("x"), s("y"), s("z"))));
        ddb.putItem(r -> r.tableName(table).item(item));
    }

    /** Whether the condition holds on the item (checked by a conditional no-op update). */
    private boolean holds(String condition, Map<String, AttributeValue> values) {
        try {
            ddb.updateItem(r -> r.tableName(table).key(key("p", "doc")).updateExpression("SET touched = :touched")
                    .conditionExpression(condition).expressionAttributeValues(with(values, ":touched", AttributeValue.fromBool(true))));
            return true;
        } catch (ConditionalCheckFailedException e) {
            assertThat(e.awsErrorDetails().errorMessage()).isEqualTo("The conditional request failed");
            return false;
        }
    }

    private static Map<String, AttributeValue> with(Map<String, AttributeValue> values, String k, AttributeValue v) {
        Map<String, AttributeValue> m = new HashMap<>(values);
        m.put(k, v);
        return m;
    }

    private Map<String, AttributeValue> item() {
        return ddb.getItem(r -> r.tableName(table).key(key("p", "doc")).consistentRead(true)).item();
    }

    private Map<String, AttributeValue> update(String expression, Map<String, AttributeValue> values) {
        ddb.updateItem(r -> r.tableName(table).key(key("p", "doc")).updateExpression(expression)
                .expressionAttributeValues(values.isEmpty() ? null : values));
        return item();
    }

    @Test
    void conditionExpression_everyFunction_evaluates() {
        Map<String, AttributeValue> none = Map.of();
        assertThat(holds("attribute_exists(label) AND attribute_not_exists(missing)", none)).isTrue();
        assertThat(holds("attribute_exists(missing)", none)).isFalse();
        assertThat(holds("attribute_type(tags, :t)", Map.of(":t", s("SS")))).isTrue();
        assertThat(holds("attribute_type(qty, :t)", Map.of(":t", s("S")))).isFalse();
        assertThat(holds("begins_with(label, :p)", Map.of(":p", s("widget")))).isTrue();
        assertThat(holds("begins_with(label, :p)", Map.of(":p", s("gadget")))).isFalse();
        assertThat(holds("contains(tags, :v) AND contains(label, :sub)", Map.of(":v", s("red"), ":sub", s("-4")))).isTrue();
        assertThat(holds("contains(lst, :v)", Map.of(":v", s("q")))).isFalse();
        assertThat(holds("size(tags) = :two AND size(label) = :nine AND size(lst) > :two", Map.of(":two", n("2"), ":nine", n("9")))).isTrue();
        assertThat(holds("size(missing) >= :zero", Map.of(":zero", n("0")))).isFalse();
        assertThat(holds("qty IN (:a, :b, :c)", Map.of(":a", n("1"), ":b", n("7.0"), ":c", n("9")))).isTrue();
        assertThat(holds("qty BETWEEN :lo AND :hi", Map.of(":lo", n("7"), ":hi", n("8")))).isTrue();
        assertThat(holds("qty BETWEEN :lo AND :hi", Map.of(":lo", n("8"), ":hi", n("9")))).isFalse();
        assertThat(holds("NOT (qty < :x OR label = :n) AND (qty >= :x)", Map.of(":x", n("7"), ":n", s("other")))).isTrue();
        assertThat(holds("a.b[1].c = :v AND a.b[0].c <> :v", Map.of(":v", s("one")))).isTrue();
        assertThat(holds("a.b[5].c = :v", Map.of(":v", s("one")))).isFalse();
    }

    @Test
    void conditionExpression_placeholderErrors_areValidationExceptions() {
        assertAwsError(() -> ddb.updateItem(r -> r.tableName(table).key(key("p", "doc")).updateExpression("SET x = :x")
                .conditionExpression("#nope = :x").expressionAttributeValues(Map.of(":x", n("1")))),
                "ValidationException", "An expression attribute name used in the document path is not defined");
        assertAwsError(() -> ddb.updateItem(r -> r.tableName(table).key(key("p", "doc")).updateExpression("SET x = :x")
                .expressionAttributeValues(Map.of(":x", n("1"), ":unused", n("2")))),
                "ValidationException", "unused in expressions");
        assertAwsError(() -> ddb.updateItem(r -> r.tableName(table).key(key("p", "doc")).updateExpression("SET x = :missing")
                .expressionAttributeValues(Map.of(":x", n("1")))), "ValidationException", "not defined");
        assertAwsError(() -> ddb.getItem(r -> r.tableName(table).key(key("p", "doc")).projectionExpression("pk")
                .expressionAttributeNames(Map.of("#unused", "x"))), "ValidationException", "unused in expressions");
        assertThat(item()).doesNotContainKey("x");
    }

    @Test
    void updateExpression_setArithmeticIfNotExistsAndListAppend() {
        Map<String, AttributeValue> after = update("SET qty = qty + :one, fresh = if_not_exists(fresh, :init), label = if_not_exists(label, :init),"
                + " lst = list_append(lst, :more), neg = :ten - qty", Map.of(":one", n("1"), ":init", s("init"),
                ":more", AttributeValue.fromL(List.of(s("w"))), ":ten", n("10")));
        assertThat(after.get("fresh")).isEqualTo(s("init"));
        assertThat(after.get("label")).isEqualTo(s("widget-42"));
        assertThat(after.get("lst").l()).containsExactly(s("x"), s("y"), s("z"), s("w"));
        assertThat(after.get("neg")).isEqualTo(n("3"));
    }

    @Test
    void updateExpression_removeAddDeleteAndNestedSet() {
        Map<String, AttributeValue> after = update("REMOVE lst[0], lst[2], qty SET a.b[0].c = :v ADD tags :t, nums :n, total :five"
                + "", Map.of(":v", s("ZERO"), ":t", AttributeValue.fromSs(List.of("green")),
                ":n", AttributeValue.fromNs(List.of("3")), ":five", n("5")));
        assertThat(after.get("lst").l()).containsExactly(s("y"));
        assertThat(after).doesNotContainKey("qty");
        assertThat(after.get("a").m().get("b").l().get(0).m().get("c")).isEqualTo(s("ZERO"));
        assertThat(after.get("tags").ss()).containsExactlyInAnyOrder("red", "blue", "green");
        assertThat(update("DELETE tags :gone", Map.of(":gone", AttributeValue.fromSs(List.of("red", "pink")))).get("tags").ss())
                .containsExactlyInAnyOrder("blue", "green");
        assertThat(after.get("nums").ns()).containsExactlyInAnyOrder("1", "2", "3");
        assertThat(after.get("total")).isEqualTo(n("5"));
        Map<String, AttributeValue> emptied = update("DELETE tags :all", Map.of(":all", AttributeValue.fromSs(List.of("blue", "green"))));
        assertThat(emptied).doesNotContainKey("tags");
    }

    @Test
    void updateExpression_typeErrors_areValidationExceptionsAndChangeNothing() {
        Map<String, AttributeValue> before = item();
        assertAwsError(() -> update("SET label = label + :one", Map.of(":one", n("1"))), "ValidationException", "operand");
        assertAwsError(() -> update("ADD label :one", Map.of(":one", n("1"))), "ValidationException", "operand");
        assertAwsError(() -> update("SET missing = missing + :one", Map.of(":one", n("1"))), "ValidationException",
                "does not exist in the item");
        assertAwsError(() -> update("SET x = :a, x = :a", Map.of(":a", n("1"))), "ValidationException", "overlap");
        assertAwsError(() -> update("ADD tags :s DELETE tags :s", Map.of(":s", AttributeValue.fromSs(List.of("a")))),
                "ValidationException", "overlap");
        assertThat(item()).isEqualTo(before);
    }

    @Test
    void projectionExpression_topLevelNestedAndListElements() {
        Map<String, AttributeValue> p = ddb.getItem(r -> r.tableName(table).key(key("p", "doc"))
                .projectionExpression("#n, a.b[1].c, lst[2], nothing").expressionAttributeNames(Map.of("#n", "label"))).item();
        assertThat(p).containsOnlyKeys("label", "a", "lst");
        assertThat(p.get("a")).isEqualTo(AttributeValue.fromM(Map.of("b", AttributeValue.fromL(List.of(
                AttributeValue.fromM(Map.of("c", s("one"))))))));
        assertThat(p.get("lst").l()).containsExactly(s("z"));
    }
}
