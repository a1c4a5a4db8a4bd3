package io.github.hsmkeystore.local.dynamodb;

import static io.github.hsmkeystore.local.dynamodb.DynamoDbFixture.key;
import static io.github.hsmkeystore.local.dynamodb.DynamoDbFixture.n;
import static io.github.hsmkeystore.local.dynamodb.DynamoDbFixture.s;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.hsmkeystore.local.LocalHsmKeyStoreExtension;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;
import software.amazon.awssdk.services.dynamodb.model.ReturnValuesOnConditionCheckFailure;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;

/** Condition, update, projection and filter expressions through the low-level client. */
class ExpressionsIT {
    @RegisterExtension
    static final LocalHsmKeyStoreExtension local = LocalHsmKeyStoreExtension.create(b -> b.transitionDelay(Duration.ZERO));

    private DynamoDbClient ddb;
    private String table;

    @BeforeEach
    void createTable(DynamoDbClient client) {
        ddb = client;
        table = DynamoDbFixture.createPkSkTable(client, "expr");
        Map<String, AttributeValue> item = new HashMap<>(key("p", "1"));
        item.put("count", n("10"));
        item.put("name", s("widget"));
        item.put("tags", AttributeValue.fromSs(List.of("a", "b")));
        item.put("nums", AttributeValue.fromNs(List.of("1", "2")));
        item.put("list", AttributeValue.fromL(List.of(s("x"), s("y"))));
        item.put("doc", AttributeValue.fromM(Map.of("qty", n("5"), "deep", AttributeValue.fromM(Map.of("leaf", s("z"))))));
        item.put("flag", AttributeValue.fromBool(true));
        item.put("nothing", AttributeValue.fromNul(true));
        item.put("bin", AttributeValue.fromB(software.amazon.awssdk.core.SdkBytes.fromUtf8String("bytes")));
        ddb.putItem(b -> b.tableName(table).item(item));
    }

    private Map<String, AttributeValue> update(String expression, Map<String, AttributeValue> values) {
        Map<String, String> names = new HashMap<>();
        for (String[] pair : new String[][] {{"#name", "name"}, {"#c", "count"}, {"#l", "list"}}) {
            if (expression.contains(pair[0])) {
                names.put(pair[0], pair[1]);
            }
        }
        return ddb.updateItem(b -> b.tableName(table).key(key("p", "1")).updateExpression(expression)
                .expressionAttributeNames(names.isEmpty() ? null : names)
                .expressionAttributeValues(values.isEmpty() ? null : values).returnValues(ReturnValue.ALL_NEW)).attributes();
    }

    @Test
    void update_setWithArithmeticAndFunctions_computesFromTheOldItem() {
        Map<String, AttributeValue> after = update(
                "SET #c = #c + :one, fresh = if_not_exists(fresh, :zero) - :one, #l = list_append(#l, :more), doc.qty = :seven",
                Map.of(":one", n("1"), ":zero", n("0"), ":more", AttributeValue.fromL(List.of(s("w"))), ":seven", n("7")));

        assertThat(after.get("count").n()).isEqualTo("11");
        assertThat(after.get("fresh").n()).isEqualTo("-1");
        assertThat(after.get("list").l()).extracting(AttributeValue::s).containsExactly("x", "y", "w");
        assertThat(after.get("doc").m().get("qty").n()).isEqualTo("7");
    }

    @Test
    void update_removeAddDelete_changeAttributesAndSets() {
        Map<String, AttributeValue> after = update("REMOVE flag, doc.deep.leaf, #l[0] ADD #c :five, tags :cd DELETE nums :two",
                Map.of(":five", n("5"), ":cd", AttributeValue.fromSs(List.of("c", "d")), ":two", AttributeValue.fromNs(List.of("2.0"))));

        assertThat(after).doesNotContainKey("flag");
        assertThat(after.get("doc").m().get("deep").m()).isEmpty();
        assertThat(after.get("list").l()).extracting(AttributeValue::s).containsExactly("y");
        assertThat(after.get("count").n()).isEqualTo("15");
        assertThat(after.get("tags").ss()).containsExactlyInAnyOrder("a", "b", "c", "d");
        assertThat(after.get("nums").ns()).containsExactly("1");
    }

    @Test
    void update_numbersKeepDynamoDbPrecision() {
        Map<String, AttributeValue> after = update("SET #c = :big + :small",
                Map.of(":big", n("12345678901234567890123456789012345678"), ":small", n("0")));

        assertThat(after.get("count").n()).isEqualTo("12345678901234567890123456789012345678");
        assertThatThrownBy(() -> update("SET #c = :toolong", Map.of(":toolong", n("123456789012345678901234567890123456789"))))
                .isInstanceOfSatisfying(AwsServiceException.class, e -> {
                    assertThat(e.awsErrorDetails().errorCode()).isEqualTo("ValidationException");
                    assertThat(e.getMessage()).contains("38 significant digits");
                });
    }

    @Test
    void update_arithmeticOnMissingAttribute_failsValidation() {
        assertThatThrownBy(() -> update("SET absent = absent + :one", Map.of(":one", n("1"))))
                .isInstanceOfSatisfying(AwsServiceException.class, e -> {
                    assertThat(e.awsErrorDetails().errorCode()).isEqualTo("ValidationException");
                    assertThat(e.getMessage()).contains("attribute that does not exist");
                });
    }

    @Test
    void update_onKeyAttribute_failsValidation() {
        assertThatThrownBy(() -> update("SET sk = :v", Map.of(":v", s("2"))))
                .isInstanceOfSatisfying(AwsServiceException.class, e -> {
                    assertThat(e.awsErrorDetails().errorCode()).isEqualTo("ValidationException");
                    assertThat(e.getMessage()).contains("One or more parameter values were invalid").contains("part of the key");
                });
    }

    @Test
    void condition_functionsAndOperators_evaluateAsDynamoDb() {
        String[] holding = {
            "attribute_exists(doc.deep.leaf) AND attribute_not_exists(doc.nope)",
            "attribute_type(tags, :ss) AND attribute_type(nothing, :null)",
            "contains(tags, :a) AND contains(#name, :idg) AND contains(#l, :x)",
            "size(#l) = :two AND size(tags) < :three AND size(#name) = :six",
            "#name IN (:other, :widget) AND NOT #c < :five",
            "(#c BETWEEN :five AND :ten) AND (begins_with(#name, :wid) OR flag = :false)",
            "begins_with(bin, :by) AND #c <> :five",
        };
        Map<String, AttributeValue> values = new HashMap<>();
        values.put(":ss", s("SS"));
        values.put(":null", s("NULL"));
        values.put(":a", s("a"));
        values.put(":idg", s("idg"));
        values.put(":x", s("x"));
        values.put(":two", n("2"));
        values.put(":three", n("3"));
        values.put(":six", n("6"));
        values.put(":other", s("other"));
        values.put(":widget", s("widget"));
        values.put(":five", n("5"));
        values.put(":ten", n("10.0"));
        values.put(":wid", s("wid"));
        values.put(":false", AttributeValue.fromBool(false));
        values.put(":by", AttributeValue.fromB(software.amazon.awssdk.core.SdkBytes.fromUtf8String("by")));
        for (String condition : holding) {
            Map<String, AttributeValue> used = new HashMap<>();
            values.forEach((k, v) -> {
                if (condition.matches(".*" + k + "\\b.*")) {
                    used.put(k, v);
                }
            });
            Map<String, String> names = new HashMap<>();
            for (String[] pair : new String[][] {{"#name", "name"}, {"#c", "count"}, {"#l", "list"}}) {
                if (condition.contains(pair[0])) {
                    names.put(pair[0], pair[1]);
                }
            }
            Map<String, AttributeValue> result = ddb.scan(b -> b.tableName(table).filterExpression(condition)
                    .expressionAttributeNames(names.isEmpty() ? null : names).expressionAttributeValues(used)).items().stream()
                    .findFirst().orElse(null);
            assertThat(result).as(condition).isNotNull();
        }
    }

    @Test
    void condition_whenFalse_failsWithItemWhenAsked() {
        assertThatThrownBy(() -> ddb.putItem(b -> b.tableName(table).item(key("p", "1")).conditionExpression("attribute_not_exists(pk)")
                .returnValuesOnConditionCheckFailure(ReturnValuesOnConditionCheckFailure.ALL_OLD)))
                .isInstanceOfSatisfying(ConditionalCheckFailedException.class, e -> {
                    assertThat(e.awsErrorDetails().errorCode()).isEqualTo("ConditionalCheckFailedException");
                    assertThat(e.getMessage()).contains("The conditional request failed");
                    assertThat(e.item()).containsEntry("name", s("widget"));
                });
    }

    @Test
    void projection_ofNestedPaths_returnsOnlyThosePaths() {
        Map<String, AttributeValue> item = ddb.getItem(b -> b.tableName(table).key(key("p", "1"))
                .projectionExpression("doc.deep, #l[1], #c").expressionAttributeNames(Map.of("#l", "list", "#c", "count"))).item();

        assertThat(item).containsOnlyKeys("doc", "list", "count");
        assertThat(item.get("doc").m()).containsOnlyKeys("deep");
        assertThat(item.get("list").l()).extracting(AttributeValue::s).containsExactly("y");
    }

    @Test
    void expressions_withSyntaxErrorsOrUnusedPlaceholders_failValidation() {
        assertThatThrownBy(() -> ddb.scan(b -> b.tableName(table).filterExpression("#c >")
                .expressionAttributeNames(Map.of("#c", "count"))))
                .isInstanceOfSatisfying(AwsServiceException.class, e -> {
                    assertThat(e.awsErrorDetails().errorCode()).isEqualTo("ValidationException");
                    assertThat(e.getMessage()).contains("Invalid FilterExpression").contains("Syntax error");
                });
        assertThatThrownBy(() -> ddb.getItem(b -> b.tableName(table).key(key("p", "1"))
                .projectionExpression("pk").expressionAttributeNames(Map.of("#unused", "x"))))
                .isInstanceOfSatisfying(AwsServiceException.class, e -> {
                    assertThat(e.awsErrorDetails().errorCode()).isEqualTo("ValidationException");
                    assertThat(e.getMessage()).contains("unused in expressions").contains("#unused");
                });
        assertThatThrownBy(() -> update("SET a = :undefined", Map.of()))
                .isInstanceOfSatisfying(AwsServiceException.class, e -> {
                    assertThat(e.awsErrorDetails().errorCode()).isEqualTo("ValidationException");
                    assertThat(e.getMessage()).contains("not defined").contains(":undefined");
                });
        assertThatThrownBy(() -> update("SET a = :v, a = :v", Map.of(":v", n("1"))))
                .isInstanceOfSatisfying(AwsServiceException.class, e -> {
                    assertThat(e.awsErrorDetails().errorCode()).isEqualTo("ValidationException");
                    assertThat(e.getMessage()).contains("Two document paths overlap");
                });
    }
}
