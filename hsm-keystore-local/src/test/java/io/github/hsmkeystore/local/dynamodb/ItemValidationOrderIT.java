package io.github.hsmkeystore.local.dynamodb;

import static io.github.hsmkeystore.local.dynamodb.DdbFixture.assertAwsError;
import static io.github.hsmkeystore.local.dynamodb.DdbFixture.key;
import static io.github.hsmkeystore.local.dynamodb.DdbFixture.n;
import static io.github.hsmkeystore.local.dynamodb.DdbFixture.s;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.hsmkeystore.local.LocalHsmKeyStoreExtension;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.AttributeValueUpdate;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.ExpectedAttributeValue;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.KeysAndAttributes;
import software.amazon.awssdk.services.dynamodb.model.ProjectionType;
import software.amazon.awssdk.services.dynamodb.model.ReturnValuesOnConditionCheckFailure;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

/**
 * The order of the checks of item operations: the request's own semantics before the table lookup, the table's schema
 * after it; index key types and the item size on every write path; key attributes never updated.
 */
class ItemValidationOrderIT {
    @RegisterExtension
    static final LocalHsmKeyStoreExtension local = LocalHsmKeyStoreExtension.create();
    private static final String MISSING = "no-such-table";
    private DynamoDbClient ddb;
    private String table;

    @BeforeEach
    void setUp(DynamoDbClient ddb) {
        this.ddb = ddb;
        table = DdbFixture.createTable(local.local(), ddb, "order", b -> b
                .attributeDefinitions(a -> a.attributeName("pk").attributeType(ScalarAttributeType.S),
                        a -> a.attributeName("sk").attributeType(ScalarAttributeType.S),
                        a -> a.attributeName("c").attributeType(ScalarAttributeType.S))
                .globalSecondaryIndexes(g -> g.indexName("gsi").keySchema(k -> k.attributeName("c").keyType(KeyType.HASH))
                        .projection(p -> p.projectionType(ProjectionType.ALL))));
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

    @Test
    void itemOperations_requestErrorsOnMissingTable_areValidationExceptionsNotResourceNotFound() {
        assertAwsError(() -> ddb.putItem(r -> r.tableName(MISSING).item(key("p", "s")).conditionExpression("a = ")),
                "ValidationException", "Invalid ConditionExpression");
        assertAwsError(() -> ddb.putItem(r -> r.tableName(MISSING).item(key("p", "s"))
                .expected(Map.of("a", ExpectedAttributeValue.builder().exists(false).build())).conditionExpression("attribute_exists(a)")),
                "ValidationException", "Can not use both expression and non-expression parameters");
        assertAwsError(() -> ddb.getItem(r -> r.tableName(MISSING).key(key("p", "s")).projectionExpression("a")
                .expressionAttributeNames(Map.of("#unused", "b"))), "ValidationException", "unused in expressions");
        assertAwsError(() -> ddb.updateItem(r -> r.tableName(MISSING).key(key("p", "s")).updateExpression("SET a = :v")),
                "ValidationException", "An expression attribute value used in expression is not defined");
        assertAwsError(() -> ddb.deleteItem(r -> r.tableName(MISSING).key(key("p", "s")).expressionAttributeNames(Map.of("#a", "a"))),
                "ValidationException", "ExpressionAttributeNames can only be specified when using expressions");
        assertAwsError(() -> ddb.query(r -> r.tableName(MISSING)), "ValidationException",
                "Either the KeyConditions or KeyConditionExpression parameter must be specified in the request.");
        assertAwsError(() -> ddb.scan(r -> r.tableName(MISSING).filterExpression("a = :v")), "ValidationException",
                "An expression attribute value used in expression is not defined");
        assertAwsError(() -> ddb.batchGetItem(r -> r.requestItems(Map.of(MISSING, KeysAndAttributes.builder()
                .keys(key("p", "s"), key("p", "s")).build()))), "ValidationException", "Provided list of item keys contains duplicates");
        assertAwsError(() -> ddb.putItem(r -> r.tableName(MISSING).item(item("p", "s", "big", s("x".repeat(400 * 1024))))),
                "ValidationException", "Item size has exceeded the maximum allowed size");
    }

    @Test
    void itemOperations_schemaErrorsOnMissingTable_areResourceNotFound() {
        assertAwsError(() -> ddb.putItem(r -> r.tableName(MISSING).item(Map.of("x", s("no key")))), "ResourceNotFoundException",
                "Requested resource not found");
        assertAwsError(() -> ddb.getItem(r -> r.tableName(MISSING).key(Map.of("x", s("wrong key")))), "ResourceNotFoundException",
                "Requested resource not found");
        assertAwsError(() -> ddb.batchWriteItem(r -> r.requestItems(Map.of(MISSING, java.util.List.of(
                WriteRequest.builder().deleteRequest(d -> d.key(Map.of("x", s("wrong")))).build())))), "ResourceNotFoundException",
                "Requested resource not found");
    }

    @Test
    void updateItem_keyAttributeWithFailingCondition_isValidationExceptionBeforeTheCondition() {
        ddb.putItem(r -> r.tableName(table).item(item("p", "k", "v", n("1"))));
        assertAwsError(() -> ddb.updateItem(r -> r.tableName(table).key(key("p", "k")).updateExpression("SET pk = :v")
                .conditionExpression("attribute_not_exists(pk)").expressionAttributeValues(Map.of(":v", s("other")))),
                "ValidationException", "Cannot update attribute pk. This attribute is part of the key");
        assertThat(get("p", "k")).containsEntry("v", n("1"));
    }

    @Test
    void updateItem_wrongTypeForIndexKey_isRefusedWithPutItemsMessage() {
        ddb.putItem(r -> r.tableName(table).item(item("p", "i", "num", n("7"))));
        String message = "One or more parameter values were invalid: Type mismatch for Index Key c Expected: S Actual: N IndexName: gsi";
        assertAwsError(() -> ddb.putItem(r -> r.tableName(table).item(item("p", "i", "c", n("1")))), "ValidationException", message);
        assertAwsError(() -> ddb.updateItem(r -> r.tableName(table).key(key("p", "i")).updateExpression("SET c = :n")
                .expressionAttributeValues(Map.of(":n", n("1")))), "ValidationException", message);
        assertAwsError(() -> ddb.updateItem(r -> r.tableName(table).key(key("p", "i")).updateExpression("SET c = num")),
                "ValidationException", message);
        assertAwsError(() -> ddb.updateItem(r -> r.tableName(table).key(key("p", "i"))
                .attributeUpdates(Map.of("c", AttributeValueUpdate.builder().value(n("1")).build()))), "ValidationException", message);
        assertThat(get("p", "i")).doesNotContainKey("c");
        assertThat(ddb.scan(r -> r.tableName(table).indexName("gsi")).count()).isZero();
        ddb.updateItem(r -> r.tableName(table).key(key("p", "i")).updateExpression("SET c = :s").expressionAttributeValues(Map.of(":s", s("ok"))));
        assertThat(ddb.scan(r -> r.tableName(table).indexName("gsi")).items()).extracting(i -> i.get("c")).containsExactly(s("ok"));
    }

    @Test
    void updateItem_resultOver400Kb_isRefusedAndItemUnchanged() {
        ddb.putItem(r -> r.tableName(table).item(item("p", "big", "a", s("x".repeat(300 * 1024)))));
        assertAwsError(() -> ddb.updateItem(r -> r.tableName(table).key(key("p", "big")).updateExpression("SET b = :v")
                .expressionAttributeValues(Map.of(":v", s("y".repeat(150 * 1024))))), "ValidationException",
                "Item size to update has exceeded the maximum allowed size");
        assertAwsError(() -> ddb.updateItem(r -> r.tableName(table).key(key("p", "big"))
                .attributeUpdates(Map.of("b", AttributeValueUpdate.builder().value(s("y".repeat(150 * 1024))).build()))),
                "ValidationException", "Item size to update has exceeded the maximum allowed size");
        assertThat(get("p", "big")).containsOnlyKeys("pk", "sk", "a");
    }

    @Test
    void singleItemWrites_returnValuesOnConditionCheckFailure_carryTheItem() {
        ddb.putItem(r -> r.tableName(table).item(item("p", "rv", "v", n("1"))));
        ConditionalCheckFailedException update = (ConditionalCheckFailedException) assertAwsError(() -> ddb.updateItem(r -> r.tableName(table)
                .key(key("p", "rv")).updateExpression("SET v = :v").conditionExpression("v = :old")
                .expressionAttributeValues(Map.of(":v", n("2"), ":old", n("0")))
                .returnValuesOnConditionCheckFailure(ReturnValuesOnConditionCheckFailure.ALL_OLD)),
                "ConditionalCheckFailedException", "The conditional request failed");
        assertThat(update.item()).isEqualTo(item("p", "rv", "v", n("1")));
        ConditionalCheckFailedException delete = (ConditionalCheckFailedException) assertAwsError(() -> ddb.deleteItem(r -> r.tableName(table)
                .key(key("p", "rv")).expected(Map.of("v", ExpectedAttributeValue.builder().value(n("0")).build()))
                .returnValuesOnConditionCheckFailure(ReturnValuesOnConditionCheckFailure.ALL_OLD)),
                "ConditionalCheckFailedException", "The conditional request failed");
        assertThat(delete.item()).isEqualTo(item("p", "rv", "v", n("1")));
        ConditionalCheckFailedException none = (ConditionalCheckFailedException) assertAwsError(() -> ddb.putItem(r -> r.tableName(table)
                .item(key("p", "rv")).conditionExpression("attribute_not_exists(pk)")
                .returnValuesOnConditionCheckFailure(ReturnValuesOnConditionCheckFailure.NONE)),
                "ConditionalCheckFailedException", "The conditional request failed");
        assertThat(none.hasItem()).isFalse();
        assertThat(get("p", "rv")).containsEntry("v", n("1"));
    }
}
