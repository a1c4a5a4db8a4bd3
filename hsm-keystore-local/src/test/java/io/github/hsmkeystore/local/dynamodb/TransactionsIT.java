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
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.CancellationReason;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndex;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ProjectionType;
import software.amazon.awssdk.services.dynamodb.model.ReturnValuesOnConditionCheckFailure;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.dynamodb.model.TransactGetItem;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;

/**
 * TransactWriteItems and TransactGetItems as DynamoDB runs them: every action evaluated before anything is written,
 * CancellationReasons in request order, ClientRequestToken idempotency, the request limits and DynamoDB's errors.
 */
class TransactionsIT {
    @RegisterExtension
    static final LocalHsmKeyStoreExtension local = LocalHsmKeyStoreExtension.create();
    private DynamoDbClient ddb;
    private String table;

    @BeforeEach
    void setUp(DynamoDbClient ddb) {
        this.ddb = ddb;
        table = DdbFixture.createTable(local.local(), ddb, "tx", b -> b
                .attributeDefinitions(AttributeDefinition.builder().attributeName("pk").attributeType(ScalarAttributeType.S).build(),
                        AttributeDefinition.builder().attributeName("sk").attributeType(ScalarAttributeType.S).build(),
                        AttributeDefinition.builder().attributeName("g").attributeType(ScalarAttributeType.S).build())
                .globalSecondaryIndexes(GlobalSecondaryIndex.builder().indexName("byG")
                        .keySchema(k -> k.attributeName("g").keyType(KeyType.HASH))
                        .projection(p -> p.projectionType(ProjectionType.ALL)).build()));
    }

    private Map<String, AttributeValue> item(String sk, Object... attrs) {
        Map<String, AttributeValue> item = new HashMap<>(key("p", sk));
        for (int i = 0; i < attrs.length; i += 2) {
            item.put((String) attrs[i], (AttributeValue) attrs[i + 1]);
        }
        return item;
    }

    private boolean exists(String sk) {
        return ddb.getItem(r -> r.tableName(table).key(key("p", sk)).consistentRead(true)).hasItem();
    }

    private TransactWriteItem put(Map<String, AttributeValue> item) {
        return TransactWriteItem.builder().put(p -> p.tableName(table).item(item)).build();
    }

    private TransactWriteItem update(String sk, String expression, Map<String, AttributeValue> values) {
        return TransactWriteItem.builder().update(u -> u.tableName(table).key(key("p", sk)).updateExpression(expression)
                .expressionAttributeValues(values.isEmpty() ? null : values)).build();
    }

    private List<CancellationReason> cancelled(TransactWriteItem... items) {
        TransactionCanceledException e = (TransactionCanceledException) assertAwsError(
                () -> ddb.transactWriteItems(r -> r.transactItems(items)), "TransactionCanceledException", "Transaction cancelled");
        return e.cancellationReasons();
    }

    private HttpResponse<String> post(String operation, String body) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(local.local().endpoint())
                .header("X-Amz-Target", "DynamoDB_20120810." + operation).header("Content-Type", "application/x-amz-json-1.0")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void transactWriteItems_updateReferringToAMissingAttribute_cancelsAndWritesNothing() {
        List<CancellationReason> reasons = cancelled(put(item("tx-a")), update("tx-b", "SET x = doesNotExist", Map.of()));

        assertThat(reasons).extracting(CancellationReason::code).containsExactly("None", "ValidationError");
        assertThat(reasons.get(1).message()).contains("The provided expression refers to an attribute that does not exist in the item");
        assertThat(exists("tx-a")).isFalse();
        assertThat(exists("tx-b")).isFalse();
    }

    @Test
    void transactWriteItems_updateWithWrongOperandType_cancelsWithValidationError() {
        ddb.putItem(r -> r.tableName(table).item(item("t", "s", s("text"))));

        List<CancellationReason> reasons = cancelled(update("t", "SET s = s + :one", Map.of(":one", n("1"))), put(item("tx-c")));

        assertThat(reasons).extracting(CancellationReason::code).containsExactly("ValidationError", "None");
        assertThat(reasons.get(0).message()).contains("Incorrect operand type for operator or function");
        assertThat(exists("tx-c")).isFalse();
    }

    @Test
    void transactWriteItems_updateMakingTheItemTooLarge_cancelsAndWritesNothing() {
        ddb.putItem(r -> r.tableName(table).item(item("big", "a", s("x".repeat(300 * 1024)))));

        List<CancellationReason> reasons = cancelled(put(item("tx-d")),
                update("big", "SET b = :b", Map.of(":b", s("y".repeat(200 * 1024)))));

        assertThat(reasons).extracting(CancellationReason::code).containsExactly("None", "ValidationError");
        assertThat(reasons.get(1).message()).isEqualTo("Item size to update has exceeded the maximum allowed size");
        assertThat(exists("tx-d")).isFalse();
        assertThat(ddb.getItem(r -> r.tableName(table).key(key("p", "big"))).item()).doesNotContainKey("b");
    }

    @Test
    void transactWriteItems_updateGivingAnIndexKeyTheWrongType_cancels() {
        List<CancellationReason> reasons = cancelled(update("tx-e", "SET g = :n", Map.of(":n", n("1"))), put(item("tx-f")));

        assertThat(reasons).extracting(CancellationReason::code).containsExactly("ValidationError", "None");
        assertThat(reasons.get(0).message()).contains("Type mismatch for Index Key g");
        assertThat(exists("tx-e")).isFalse();
        assertThat(exists("tx-f")).isFalse();
    }

    @Test
    void transactWriteItems_additionOverflowingTheNumberRange_cancels() {
        ddb.putItem(r -> r.tableName(table).item(item("num", "v", n("9E+125"))));

        List<CancellationReason> reasons = cancelled(update("num", "SET v = v + :big", Map.of(":big", n("9E+125"))),
                update("num2", "ADD c :one", Map.of(":one", n("1"))));

        assertThat(reasons).extracting(CancellationReason::code).containsExactly("ValidationError", "None");
        assertThat(reasons.get(0).message()).contains("Number overflow");
        assertThat(exists("num2")).isFalse();
    }

    @Test
    void transactWriteItems_reasonsAreInRequestOrder_withTheOldItemWhenAsked() {
        ddb.putItem(r -> r.tableName(table).item(item("held", "v", n("1"))));
        ddb.putItem(r -> r.tableName(table).item(item("other")));

        List<CancellationReason> reasons = cancelled(
                put(item("tx-g")),
                TransactWriteItem.builder().conditionCheck(c -> c.tableName(table).key(key("p", "held"))
                        .conditionExpression("v = :two").expressionAttributeValues(Map.of(":two", n("2")))
                        .returnValuesOnConditionCheckFailure(ReturnValuesOnConditionCheckFailure.ALL_OLD)).build(),
                update("tx-h", "SET x = absent", Map.of()),
                TransactWriteItem.builder().delete(d -> d.tableName(table).key(key("p", "other"))).build());

        assertThat(reasons).extracting(CancellationReason::code).containsExactly("None", "ConditionalCheckFailed", "ValidationError", "None");
        assertThat(reasons.get(1).message()).isEqualTo("The conditional request failed");
        assertThat(reasons.get(1).item()).containsEntry("v", n("1"));
        assertThat(exists("other")).isTrue();
        assertThat(exists("tx-g")).isFalse();
    }

    @Test
    void transactWriteItems_whenEveryActionPasses_writesAll() {
        ddb.putItem(r -> r.tableName(table).item(item("gone")));
        ddb.transactWriteItems(r -> r.transactItems(put(item("new", "v", n("1"))),
                update("counter", "ADD c :one", Map.of(":one", n("1"))),
                TransactWriteItem.builder().delete(d -> d.tableName(table).key(key("p", "gone"))).build()));

        assertThat(exists("new")).isTrue();
        assertThat(exists("gone")).isFalse();
        assertThat(ddb.getItem(r -> r.tableName(table).key(key("p", "counter"))).item()).containsEntry("c", n("1"));
    }

    @Test
    void transactWriteItems_sameTokenAndRequest_isAppliedOnce() {
        TransactWriteItem add = update("idem", "ADD c :one", Map.of(":one", n("1")));
        ddb.transactWriteItems(r -> r.clientRequestToken("token-1").transactItems(add));
        ddb.transactWriteItems(r -> r.clientRequestToken("token-1").transactItems(add));

        assertThat(ddb.getItem(r -> r.tableName(table).key(key("p", "idem"))).item()).containsEntry("c", n("1"));
        ddb.transactWriteItems(r -> r.clientRequestToken("token-2").transactItems(add));
        assertThat(ddb.getItem(r -> r.tableName(table).key(key("p", "idem"))).item()).containsEntry("c", n("2"));
    }

    @Test
    void transactWriteItems_sameTokenOtherRequest_isIdempotentParameterMismatch() {
        ddb.transactWriteItems(r -> r.clientRequestToken("token-3").transactItems(put(item("m1"))));

        assertAwsError(() -> ddb.transactWriteItems(r -> r.clientRequestToken("token-3").transactItems(put(item("m2")))),
                "IdempotentParameterMismatchException", "ClientRequestToken");
        assertThat(exists("m2")).isFalse();
    }

    @Test
    void transactWriteItems_tokenAfterTenMinutes_isANewRequest() {
        TransactWriteItem add = update("window", "ADD c :one", Map.of(":one", n("1")));
        ddb.transactWriteItems(r -> r.clientRequestToken("token-4").transactItems(add));
        local.local().advanceClock(Duration.ofMinutes(9));
        ddb.transactWriteItems(r -> r.clientRequestToken("token-4").transactItems(add));
        assertThat(ddb.getItem(r -> r.tableName(table).key(key("p", "window"))).item()).containsEntry("c", n("1"));

        local.local().advanceClock(Duration.ofMinutes(2));
        ddb.transactWriteItems(r -> r.clientRequestToken("token-4").transactItems(add));
        assertThat(ddb.getItem(r -> r.tableName(table).key(key("p", "window"))).item()).containsEntry("c", n("2"));
    }

    @Test
    void transactWriteItems_failedRequestWithToken_isNotRemembered() {
        ddb.putItem(r -> r.tableName(table).item(item("cond", "v", n("1"))));
        TransactWriteItem check = TransactWriteItem.builder().conditionCheck(c -> c.tableName(table).key(key("p", "cond"))
                .conditionExpression("v = :two").expressionAttributeValues(Map.of(":two", n("2")))).build();
        assertAwsError(() -> ddb.transactWriteItems(r -> r.clientRequestToken("token-5").transactItems(check, put(item("after")))),
                "TransactionCanceledException", "ConditionalCheckFailed");

        ddb.putItem(r -> r.tableName(table).item(item("cond", "v", n("2"))));
        ddb.transactWriteItems(r -> r.clientRequestToken("token-5").transactItems(check, put(item("after"))));
        assertThat(exists("after")).isTrue();
    }

    @Test
    void transactWriteItems_nullOrMissingAction_isValidationExceptionNot500() throws Exception {
        for (String action : List.of("{\"Put\":null}", "{}", "{\"Put\":{\"TableName\":\"" + table + "\",\"Item\":{\"pk\":{\"S\":\"p\"},\"sk\":{\"S\":\"n\"}}},"
                + "\"Delete\":{\"TableName\":\"" + table + "\",\"Key\":{\"pk\":{\"S\":\"p\"},\"sk\":{\"S\":\"n\"}}}}")) {
            HttpResponse<String> r = post("TransactWriteItems", "{\"TransactItems\":[" + action + "]}");
            assertThat(r.statusCode()).as(action + " -> " + r.body()).isEqualTo(400);
            assertThat(r.body()).contains("ValidationException").contains("TransactItems can only contain one of Check, Put, Update or Delete");
        }
        HttpResponse<String> get = post("TransactGetItems", "{\"TransactItems\":[{\"Get\":null}]}");
        assertThat(get.statusCode()).as(get.body()).isEqualTo(400);
        assertThat(get.body()).contains("ValidationException").contains("Member must not be null");
        assertThat(exists("n")).isFalse();
    }

    @Test
    void transactWriteItems_invalidActionAnywhere_isValidationExceptionOfTheRequest() {
        assertAwsError(() -> ddb.transactWriteItems(r -> r.transactItems(put(item("v1")),
                        TransactWriteItem.builder().update(u -> u.tableName(table).key(key("p", "v2")).updateExpression("SET = bad")).build())),
                "ValidationException", "Invalid UpdateExpression");
        assertAwsError(() -> ddb.transactWriteItems(r -> r.transactItems(put(item("v1")),
                        TransactWriteItem.builder().delete(d -> d.tableName(table).key(Map.of("pk", s("p")))).build())),
                "ValidationException", "The provided key element does not match the schema");
        assertThat(exists("v1")).isFalse();
    }

    @Test
    void transactWriteItems_over4MB_isValidationException() {
        List<TransactWriteItem> items = new ArrayList<>();
        for (int i = 0; i < 11; i++) {
            items.add(put(item("large" + i, "a", s("x".repeat(390 * 1024)))));
        }
        assertAwsError(() -> ddb.transactWriteItems(r -> r.transactItems(items)), "ValidationException", "4 MB");
        assertThat(exists("large0")).isFalse();
    }

    @Test
    void transactGetItems_limitsAndDuplicates_areValidationExceptions() {
        List<TransactGetItem> gets = new ArrayList<>();
        for (int i = 0; i < 101; i++) {
            int n = i;
            gets.add(TransactGetItem.builder().get(g -> g.tableName(table).key(key("p", "g" + n))).build());
        }
        assertAwsError(() -> ddb.transactGetItems(r -> r.transactItems(gets)), "ValidationException",
                "Member must have length less than or equal to 100");
        assertAwsError(() -> ddb.transactGetItems(r -> r.transactItems(gets.get(0), gets.get(0))), "ValidationException",
                "Transaction request cannot include multiple operations on one item");
        assertThat(ddb.transactGetItems(r -> r.transactItems(gets.subList(0, 100))).responses()).hasSize(100);
    }

    @Test
    void transactGetItems_over4MBOfItems_isValidationException() {
        List<TransactGetItem> gets = new ArrayList<>();
        for (int i = 0; i < 11; i++) {
            String sk = "read" + i;
            ddb.putItem(r -> r.tableName(table).item(item(sk, "a", s("x".repeat(390 * 1024)))));
            gets.add(TransactGetItem.builder().get(g -> g.tableName(table).key(key("p", sk))).build());
        }
        assertAwsError(() -> ddb.transactGetItems(r -> r.transactItems(gets)), "ValidationException", "4 MB");
        assertThat(ddb.transactGetItems(r -> r.transactItems(gets.subList(0, 10))).responses()).hasSize(10);
    }
}
