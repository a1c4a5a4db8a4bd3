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
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeAction;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.AttributeValueUpdate;
import software.amazon.awssdk.services.dynamodb.model.ComparisonOperator;
import software.amazon.awssdk.services.dynamodb.model.Condition;
import software.amazon.awssdk.services.dynamodb.model.ConditionalOperator;
import software.amazon.awssdk.services.dynamodb.model.ExpectedAttributeValue;
import software.amazon.awssdk.services.dynamodb.model.KeysAndAttributes;
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;

/**
 * The legacy parameters (Expected, ConditionalOperator, AttributeUpdates, AttributesToGet, KeyConditions, QueryFilter,
 * ScanFilter): evaluated as DynamoDB does, never ignored, with DynamoDB's validation messages.
 */
class LegacyParametersIT {
    @RegisterExtension
    static final LocalHsmKeyStoreExtension local = LocalHsmKeyStoreExtension.create();
    private DynamoDbClient ddb;
    private String table;

    @BeforeEach
    void setUp(DynamoDbClient ddb) {
        this.ddb = ddb;
        table = DdbFixture.createTable(local.local(), ddb, "legacy");
    }

    private static Map<String, AttributeValue> item(String pk, String sk, Object... attrs) {
        Map<String, AttributeValue> item = new HashMap<>(key(pk, sk));
        for (int i = 0; i < attrs.length; i += 2) {
            item.put((String) attrs[i], (AttributeValue) attrs[i + 1]);
        }
        return item;
    }

    private Map<String, AttributeValue> get(String pk, String sk) {
        return ddb.getItem(r -> r.tableName(table).key(key(pk, sk))).item();
    }

    private static ExpectedAttributeValue exists(boolean exists) {
        return ExpectedAttributeValue.builder().exists(exists).build();
    }

    private static ExpectedAttributeValue cmp(ComparisonOperator op, AttributeValue... values) {
        return ExpectedAttributeValue.builder().comparisonOperator(op).attributeValueList(values).build();
    }

    private static Condition filter(ComparisonOperator op, AttributeValue... values) {
        return Condition.builder().comparisonOperator(op).attributeValueList(values).build();
    }

    @Test
    void putItem_expectedExistsFalseOnExistingItem_isConditionalCheckFailedAndKeepsItem() {
        ddb.putItem(r -> r.tableName(table).item(item("p", "a", "v", n("1"))));
        assertAwsError(() -> ddb.putItem(r -> r.tableName(table).item(item("p", "a", "v", n("2")))
                .expected(Map.of("pk", exists(false)))), "ConditionalCheckFailedException", "The conditional request failed");
        assertThat(get("p", "a")).containsEntry("v", n("1"));
        ddb.putItem(r -> r.tableName(table).item(item("p", "new", "v", n("1"))).expected(Map.of("pk", exists(false))));
        assertThat(get("p", "new")).containsEntry("v", n("1"));
    }

    @Test
    void putItem_expectedValue_isOptimisticLockingAsDynamoDbMapperSendsIt() {
        ddb.putItem(r -> r.tableName(table).item(item("p", "lock", "version", n("1"))));
        Map<String, ExpectedAttributeValue> stale = Map.of("version", ExpectedAttributeValue.builder().value(n("0")).exists(true).build());
        assertAwsError(() -> ddb.putItem(r -> r.tableName(table).item(item("p", "lock", "version", n("1"))).expected(stale)),
                "ConditionalCheckFailedException", "The conditional request failed");
        Map<String, ExpectedAttributeValue> current = Map.of("version", ExpectedAttributeValue.builder().value(n("1")).build());
        ddb.putItem(r -> r.tableName(table).item(item("p", "lock", "version", n("2"))).expected(current));
        assertThat(get("p", "lock")).containsEntry("version", n("2"));
    }

    @Test
    void deleteItem_expectedWithConditionalOperator_andOrSemantics() {
        ddb.putItem(r -> r.tableName(table).item(item("p", "d", "a", n("5"), "s", s("hello"))));
        Map<String, ExpectedAttributeValue> oneTrue = Map.of("a", cmp(ComparisonOperator.GT, n("10")),
                "s", cmp(ComparisonOperator.BEGINS_WITH, s("he")));
        assertAwsError(() -> ddb.deleteItem(r -> r.tableName(table).key(key("p", "d")).expected(oneTrue)),
                "ConditionalCheckFailedException", "The conditional request failed");
        assertThat(get("p", "d")).isNotEmpty();
        ddb.deleteItem(r -> r.tableName(table).key(key("p", "d")).expected(oneTrue).conditionalOperator(ConditionalOperator.OR));
        assertThat(get("p", "d")).isEmpty();
    }

    @Test
    void expected_everyComparisonOperator_evaluatesAsDynamoDb() {
        ddb.putItem(r -> r.tableName(table).item(item("p", "ops", "n", n("5"), "s", s("hello"), "ss", AttributeValue.fromSs(List.of("x", "y")),
                "b", AttributeValue.fromB(SdkBytes.fromByteArray(new byte[] {1, 2, 3})), "l", AttributeValue.fromL(List.of(s("e"))))));
        record Case(String attribute, ExpectedAttributeValue condition, boolean holds) {
        }
        AttributeValue b23 = AttributeValue.fromB(SdkBytes.fromByteArray(new byte[] {2, 3}));
        List<Case> cases = List.of(
                new Case("n", cmp(ComparisonOperator.EQ, n("5.0")), true),
                new Case("n", cmp(ComparisonOperator.EQ, s("5")), false),
                new Case("missing", cmp(ComparisonOperator.NE, n("1")), true),
                new Case("n", cmp(ComparisonOperator.NE, n("5")), false),
                new Case("n", cmp(ComparisonOperator.LT, n("6")), true),
                new Case("n", cmp(ComparisonOperator.LE, n("5")), true),
                new Case("n", cmp(ComparisonOperator.GT, n("5")), false),
                new Case("s", cmp(ComparisonOperator.GE, s("hello")), true),
                new Case("s", cmp(ComparisonOperator.NOT_NULL), true),
                new Case("missing", cmp(ComparisonOperator.NULL), true),
                new Case("s", cmp(ComparisonOperator.CONTAINS, s("ell")), true),
                new Case("ss", cmp(ComparisonOperator.CONTAINS, s("y")), true),
                new Case("b", cmp(ComparisonOperator.CONTAINS, b23), true),
                new Case("l", cmp(ComparisonOperator.CONTAINS, s("e")), true),
                new Case("ss", cmp(ComparisonOperator.NOT_CONTAINS, s("z")), true),
                new Case("s", cmp(ComparisonOperator.BEGINS_WITH, s("hex")), false),
                new Case("n", cmp(ComparisonOperator.IN, n("1"), n("5")), true),
                new Case("n", cmp(ComparisonOperator.BETWEEN, n("5"), n("9")), true),
                new Case("s", cmp(ComparisonOperator.BETWEEN, s("a"), s("b")), false));
        for (Case c : cases) {
            boolean passed;
            try {
                ddb.updateItem(r -> r.tableName(table).key(key("p", "ops")).expected(Map.of(c.attribute(), c.condition())));
                passed = true;
            } catch (software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException e) {
                passed = false;
            }
            assertThat(passed).as(c.attribute() + " " + c.condition()).isEqualTo(c.holds());
        }
    }

    @Test
    void expected_invalidShapes_areValidationExceptionsWithDynamoDbsMessages() {
        ddb.putItem(r -> r.tableName(table).item(key("p", "v")));
        Map<Map<String, ExpectedAttributeValue>, String> cases = Map.of(
                Map.of("a", ExpectedAttributeValue.builder().exists(true).build()), "Value must be provided when Exists is true for Attribute: a",
                Map.of("a", ExpectedAttributeValue.builder().build()), "Value must be provided when Exists is null for Attribute: a",
                Map.of("a", ExpectedAttributeValue.builder().exists(false).value(n("1")).build()),
                "Value cannot be used when Exists is false for Attribute: a",
                Map.of("a", ExpectedAttributeValue.builder().exists(true).comparisonOperator(ComparisonOperator.EQ).value(n("1")).build()),
                "Exists and ComparisonOperator cannot be used together for Attribute: a",
                Map.of("a", ExpectedAttributeValue.builder().attributeValueList(n("1")).build()),
                "AttributeValueList can only be used with a ComparisonOperator for Attribute: a",
                Map.of("a", ExpectedAttributeValue.builder().comparisonOperator(ComparisonOperator.EQ).value(n("1")).attributeValueList(n("1")).build()),
                "Value and AttributeValueList cannot be used together for Attribute: a",
                Map.of("a", cmp(ComparisonOperator.BETWEEN, n("1"))), "Invalid number of argument(s) for the BETWEEN ComparisonOperator",
                Map.of("a", cmp(ComparisonOperator.IN, n("1"), s("x"))), "AttributeValues inside AttributeValueList must be of same type",
                Map.of("a", cmp(ComparisonOperator.BEGINS_WITH, n("1"))), "ComparisonOperator BEGINS_WITH is not valid for N AttributeValue type",
                Map.of("a", cmp(ComparisonOperator.BETWEEN, n("9"), n("1"))),
                "The BETWEEN condition was provided a range where the lower bound is greater than the upper bound");
        cases.forEach((expected, message) -> assertAwsError(() -> ddb.putItem(r -> r.tableName(table).item(item("p", "v", "x", s("new")))
                .expected(expected)), "ValidationException", message));
        assertAwsError(() -> ddb.putItem(r -> r.tableName(table).item(key("p", "v")).expected(Map.of("a",
                ExpectedAttributeValue.builder().comparisonOperator(ComparisonOperator.EQ).build()))),
                "ValidationException", "Value or AttributeValueList must be used with ComparisonOperator: EQ for Attribute: a");
        assertThat(get("p", "v")).isEqualTo(key("p", "v"));
    }

    @Test
    void legacyAndExpressionParameters_mixed_areValidationExceptions() {
        assertAwsError(() -> ddb.putItem(r -> r.tableName(table).item(key("p", "m")).expected(Map.of("a", exists(false)))
                .conditionExpression("attribute_not_exists(a)")), "ValidationException",
                "Can not use both expression and non-expression parameters in the same request: Non-expression parameters: {Expected} "
                        + "Expression parameters: {ConditionExpression}");
        assertAwsError(() -> ddb.updateItem(r -> r.tableName(table).key(key("p", "m"))
                .attributeUpdates(Map.of("a", AttributeValueUpdate.builder().value(n("1")).build())).updateExpression("SET b = :v")
                .expressionAttributeValues(Map.of(":v", n("1")))), "ValidationException",
                "Non-expression parameters: {AttributeUpdates} Expression parameters: {UpdateExpression}");
        assertAwsError(() -> ddb.getItem(r -> r.tableName(table).key(key("p", "m")).attributesToGet("a").projectionExpression("a")),
                "ValidationException", "Non-expression parameters: {AttributesToGet} Expression parameters: {ProjectionExpression}");
        assertAwsError(() -> ddb.scan(r -> r.tableName(table).scanFilter(Map.of("a", filter(ComparisonOperator.NOT_NULL)))
                .conditionalOperator(ConditionalOperator.AND).filterExpression("attribute_exists(a)")), "ValidationException",
                "Non-expression parameters: {ScanFilter, ConditionalOperator} Expression parameters: {FilterExpression}");
        assertAwsError(() -> ddb.putItem(r -> r.tableName(table).item(key("p", "m")).expressionAttributeNames(Map.of("#a", "a"))),
                "ValidationException", "ExpressionAttributeNames can only be specified when using expressions");
        assertAwsError(() -> ddb.updateItem(r -> r.tableName(table).key(key("p", "m")).expressionAttributeValues(Map.of(":v", n("1")))),
                "ValidationException", "ExpressionAttributeValues can only be specified when using expressions: UpdateExpression and ConditionExpression are null");
        assertAwsError(() -> ddb.scan(r -> r.tableName(table).projectionExpression("a").expressionAttributeValues(Map.of(":v", n("1")))),
                "ValidationException", "ExpressionAttributeValues can only be specified when using expressions: FilterExpression is null");
        assertThat(get("p", "m")).isEmpty();
    }

    @Test
    void updateItem_attributeUpdates_putAddDeleteWithTheirTypeRules() {
        ddb.putItem(r -> r.tableName(table).item(item("p", "u", "n", n("1"), "ss", AttributeValue.fromSs(List.of("a", "b", "c")),
                "l", AttributeValue.fromL(List.of(s("x"))), "gone", s("bye"), "s", s("str"))));
        Map<String, AttributeValueUpdate> updates = Map.of(
                "n", AttributeValueUpdate.builder().action(AttributeAction.ADD).value(n("2.5")).build(),
                "fresh", AttributeValueUpdate.builder().action(AttributeAction.ADD).value(n("3")).build(),
                "ss", AttributeValueUpdate.builder().action(AttributeAction.DELETE).value(AttributeValue.fromSs(List.of("a", "c", "z"))).build(),
                "l", AttributeValueUpdate.builder().action(AttributeAction.ADD).value(AttributeValue.fromL(List.of(s("y")))).build(),
                "gone", AttributeValueUpdate.builder().action(AttributeAction.DELETE).build(),
                "put", AttributeValueUpdate.builder().value(s("default action is PUT")).build());
        Map<String, AttributeValue> updated = ddb.updateItem(r -> r.tableName(table).key(key("p", "u")).attributeUpdates(updates)
                .returnValues(ReturnValue.UPDATED_NEW)).attributes();
        assertThat(updated).containsOnlyKeys("n", "fresh", "ss", "l", "put");
        Map<String, AttributeValue> read = get("p", "u");
        assertThat(read.get("n")).isEqualTo(n("3.5"));
        assertThat(read.get("fresh")).isEqualTo(n("3"));
        assertThat(read.get("ss").ss()).containsExactly("b");
        assertThat(read.get("l")).isEqualTo(AttributeValue.fromL(List.of(s("x"), s("y"))));
        assertThat(read).doesNotContainKey("gone").containsEntry("put", s("default action is PUT")).containsEntry("s", s("str"));

        assertAwsError(() -> ddb.updateItem(r -> r.tableName(table).key(key("p", "u")).attributeUpdates(Map.of("s",
                AttributeValueUpdate.builder().action(AttributeAction.ADD).value(n("1")).build()))),
                "ValidationException", "Type mismatch for attribute to update");
        assertAwsError(() -> ddb.updateItem(r -> r.tableName(table).key(key("p", "u")).attributeUpdates(Map.of("s",
                AttributeValueUpdate.builder().action(AttributeAction.ADD).value(s("x")).build()))),
                "ValidationException", "ADD action is not supported for the type S");
        assertAwsError(() -> ddb.updateItem(r -> r.tableName(table).key(key("p", "u")).attributeUpdates(Map.of("s",
                AttributeValueUpdate.builder().action(AttributeAction.DELETE).value(s("x")).build()))),
                "ValidationException", "DELETE action with value is not supported for the type S");
        assertAwsError(() -> ddb.updateItem(r -> r.tableName(table).key(key("p", "u")).attributeUpdates(Map.of("s",
                AttributeValueUpdate.builder().action(AttributeAction.PUT).build()))),
                "ValidationException", "Only DELETE action is allowed when no attribute value is specified");
        assertAwsError(() -> ddb.updateItem(r -> r.tableName(table).key(key("p", "u")).attributeUpdates(Map.of("n",
                AttributeValueUpdate.builder().action(AttributeAction.ADD).value(n("9.9999999999999999999999999999999999999E+125")).build()))),
                "ValidationException", "38 significant digits");
        assertAwsError(() -> ddb.updateItem(r -> r.tableName(table).key(key("p", "u")).attributeUpdates(Map.of("sk",
                AttributeValueUpdate.builder().value(s("other")).build()))),
                "ValidationException", "Cannot update attribute sk. This attribute is part of the key");
        assertThat(get("p", "u")).isEqualTo(read);
    }

    @Test
    void updateItem_attributeUpdatesWithExpected_conditionFailsAndNothingChanges() {
        ddb.putItem(r -> r.tableName(table).item(item("p", "ue", "v", n("1"))));
        assertAwsError(() -> ddb.updateItem(r -> r.tableName(table).key(key("p", "ue"))
                .attributeUpdates(Map.of("v", AttributeValueUpdate.builder().value(n("9")).build()))
                .expected(Map.of("v", cmp(ComparisonOperator.EQ, n("2"))))), "ConditionalCheckFailedException", "The conditional request failed");
        assertThat(get("p", "ue")).containsEntry("v", n("1"));
    }

    @Test
    void scanAndQuery_legacyFilters_filterItems() {
        for (int i = 0; i < 6; i++) {
            int v = i;
            ddb.putItem(r -> r.tableName(table).item(item("f", "i" + v, "v", n(String.valueOf(v)), "tag", s(v % 2 == 0 ? "even" : "odd"))));
        }
        ddb.putItem(r -> r.tableName(table).item(item("other", "x", "v", n("4"))));
        var scan = ddb.scan(r -> r.tableName(table).scanFilter(Map.of("v", filter(ComparisonOperator.GE, n("4")))));
        assertThat(scan.count()).isEqualTo(3);
        assertThat(scan.scannedCount()).isEqualTo(7);
        var or = ddb.scan(r -> r.tableName(table).scanFilter(Map.of("v", filter(ComparisonOperator.EQ, n("0")),
                "tag", filter(ComparisonOperator.EQ, s("odd")))).conditionalOperator(ConditionalOperator.OR));
        assertThat(or.count()).isEqualTo(4);
        var query = ddb.query(r -> r.tableName(table)
                .keyConditions(Map.of("pk", filter(ComparisonOperator.EQ, s("f")), "sk", filter(ComparisonOperator.BETWEEN, s("i1"), s("i4"))))
                .queryFilter(Map.of("tag", filter(ComparisonOperator.EQ, s("even")))).attributesToGet("sk", "tag"));
        assertThat(query.items()).containsExactly(Map.of("sk", s("i2"), "tag", s("even")), Map.of("sk", s("i4"), "tag", s("even")));
        assertThat(query.scannedCount()).isEqualTo(4);
        var begins = ddb.query(r -> r.tableName(table).scanIndexForward(false)
                .keyConditions(Map.of("pk", filter(ComparisonOperator.EQ, s("f")), "sk", filter(ComparisonOperator.BEGINS_WITH, s("i")))));
        assertThat(begins.items()).hasSize(6).first().satisfies(i -> assertThat(i.get("sk")).isEqualTo(s("i5")));
        var withExpression = ddb.query(r -> r.tableName(table).keyConditions(Map.of("pk", filter(ComparisonOperator.EQ, s("f"))))
                .filterExpression("v < :v").expressionAttributeValues(Map.of(":v", n("2"))));
        assertThat(withExpression.count()).isEqualTo(2);
    }

    @Test
    void query_invalidKeyConditions_areValidationExceptions() {
        assertAwsError(() -> ddb.query(r -> r.tableName(table).keyConditions(Map.of("sk", filter(ComparisonOperator.EQ, s("x"))))),
                "ValidationException", "Query condition missed key schema element: pk");
        assertAwsError(() -> ddb.query(r -> r.tableName(table).keyConditions(Map.of("pk", filter(ComparisonOperator.BEGINS_WITH, s("x"))))),
                "ValidationException", "Query key condition not supported");
        assertAwsError(() -> ddb.query(r -> r.tableName(table).keyConditions(Map.of("pk", filter(ComparisonOperator.EQ, s("x")),
                "sk", filter(ComparisonOperator.NE, s("y"))))), "ValidationException", "Attempted conditional constraint is not an indexable operation");
        assertAwsError(() -> ddb.query(r -> r.tableName(table).keyConditions(Map.of("pk", filter(ComparisonOperator.EQ, n("1"))))),
                "ValidationException", "Condition parameter type does not match schema type");
        assertAwsError(() -> ddb.query(r -> r.tableName(table).keyConditions(Map.of("pk", filter(ComparisonOperator.EQ, s("x"))))
                .queryFilter(Map.of("sk", filter(ComparisonOperator.EQ, s("y"))))), "ValidationException",
                "QueryFilter can only contain non-primary key attributes: Primary key attribute: sk");
        assertAwsError(() -> ddb.query(r -> r.tableName(table).keyConditions(Map.of("pk", filter(ComparisonOperator.EQ, s("x")),
                "sk", filter(ComparisonOperator.EQ, s("y")), "z", filter(ComparisonOperator.EQ, s("z"))))),
                "ValidationException", "Conditions can be of length 1 or 2 only");
        assertAwsError(() -> ddb.scan(r -> r.tableName(table).scanFilter(Map.of("a", filter(ComparisonOperator.NULL, s("x"))))),
                "ValidationException", "Invalid number of argument(s) for the NULL ComparisonOperator");
    }

    @Test
    void getAndBatchGet_attributesToGet_projectAndRefuseDuplicates() {
        ddb.putItem(r -> r.tableName(table).item(item("p", "g", "a", n("1"), "b", n("2"))));
        assertThat(ddb.getItem(r -> r.tableName(table).key(key("p", "g")).attributesToGet("a", "missing")).item())
                .isEqualTo(Map.of("a", n("1")));
        var batch = ddb.batchGetItem(r -> r.requestItems(Map.of(table, KeysAndAttributes.builder().keys(key("p", "g"))
                .attributesToGet("b").build())));
        assertThat(batch.responses().get(table)).containsExactly(Map.of("b", n("2")));
        assertAwsError(() -> ddb.getItem(r -> r.tableName(table).key(key("p", "g")).attributesToGet("a", "a")),
                "ValidationException", "Duplicate value in attribute name: a");
    }
}
