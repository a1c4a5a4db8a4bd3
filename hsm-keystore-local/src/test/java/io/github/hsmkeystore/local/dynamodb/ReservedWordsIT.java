package io.github.hsmkeystore.local.dynamodb;

import static io.github.hsmkeystore.local.dynamodb.DdbFixture.assertAwsError;
import static io.github.hsmkeystore.local.dynamodb.DdbFixture.key;
import static io.github.hsmkeystore.local.dynamodb.DdbFixture.n;
import static io.github.hsmkeystore.local.dynamodb.DdbFixture.s;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.hsmkeystore.local.LocalHsmKeyStoreExtension;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;

/**
 * Reserved words as bare attribute names (DynamoDB Developer Guide, "Reserved words in DynamoDB"; the list is not
 * case-sensitive). AWS answers, e.g., {@code ValidationException: Invalid ProjectionExpression: Attribute name is a reserved
 * keyword; reserved keyword: name} (quoted in aws-athena-query-federation#158, airbyte#19739; UpdateExpression in
 * minidyn#61; FilterExpression in DynamoDb-GUI-Client#31; KeyConditionExpression in aws-sdk-php#1233).
 */
class ReservedWordsIT {
    private static final String PREFIX = "Attribute name is a reserved keyword; reserved keyword: ";

    @RegisterExtension
    static final LocalHsmKeyStoreExtension local = LocalHsmKeyStoreExtension.create(b -> b.transitionDelay(Duration.ofSeconds(1)));

    private DynamoDbClient ddb;
    private String table;

    @BeforeEach
    void createTable(DynamoDbClient client) {
        ddb = client;
        table = DdbFixture.createTable(local.local(), ddb, "reserved");
        Map<String, AttributeValue> item = new HashMap<>(key("p", "1"));
        item.put("status", s("new"));
        item.put("doc", AttributeValue.fromM(Map.of("name", s("inner"), "qty", n("2"))));
        item.put("tags", AttributeValue.fromSs(List.of("a", "b")));
        ddb.putItem(r -> r.tableName(table).item(item));
    }

    @Test
    void conditionExpression_withBareReservedWord_isValidationException() {
        assertAwsError(() -> ddb.putItem(r -> r.tableName(table).item(key("p", "2")).conditionExpression("attribute_not_exists(status)")),
                "ValidationException", "Invalid ConditionExpression: " + PREFIX + "status");
        assertAwsError(() -> ddb.deleteItem(r -> r.tableName(table).key(key("p", "1")).conditionExpression("STATUS = :v")
                .expressionAttributeValues(Map.of(":v", s("new")))), "ValidationException", "Invalid ConditionExpression: " + PREFIX + "STATUS");
        assertThat(ddb.getItem(r -> r.tableName(table).key(key("p", "1"))).hasItem()).as("nothing deleted").isTrue();
        assertThat(ddb.getItem(r -> r.tableName(table).key(key("p", "2"))).hasItem()).as("nothing written").isFalse();
    }

    @Test
    void updateExpression_withBareReservedWord_isValidationExceptionAndChangesNothing() {
        assertAwsError(() -> ddb.updateItem(r -> r.tableName(table).key(key("p", "1")).updateExpression("SET sTaTuS = :v")
                .expressionAttributeValues(Map.of(":v", s("done")))), "ValidationException", "Invalid UpdateExpression: " + PREFIX + "sTaTuS");
        assertAwsError(() -> ddb.updateItem(r -> r.tableName(table).key(key("p", "1")).updateExpression("REMOVE tags, Year")),
                "ValidationException", "Invalid UpdateExpression: " + PREFIX + "Year");
        Map<String, AttributeValue> item = ddb.getItem(r -> r.tableName(table).key(key("p", "1"))).item();
        assertThat(item.get("status")).isEqualTo(s("new"));
        assertThat(item).containsKey("tags");
    }

    @Test
    void projectionExpression_withReservedWordAtAnyDepth_isValidationException() {
        assertAwsError(() -> ddb.getItem(r -> r.tableName(table).key(key("p", "1")).projectionExpression("pk, name")),
                "ValidationException", "Invalid ProjectionExpression: " + PREFIX + "name");
        assertAwsError(() -> ddb.getItem(r -> r.tableName(table).key(key("p", "1")).projectionExpression("doc.name")),
                "ValidationException", "Invalid ProjectionExpression: " + PREFIX + "name");
        assertAwsError(() -> ddb.scan(r -> r.tableName(table).projectionExpression("size")),
                "ValidationException", "Invalid ProjectionExpression: " + PREFIX + "size");
    }

    @Test
    void filterExpression_withBareReservedWord_isValidationException() {
        assertAwsError(() -> ddb.scan(r -> r.tableName(table).filterExpression("status = :v").expressionAttributeValues(Map.of(":v", s("new")))),
                "ValidationException", "Invalid FilterExpression: " + PREFIX + "status");
        assertAwsError(() -> ddb.query(r -> r.tableName(table).keyConditionExpression("pk = :p").filterExpression("doc.qty > :v OR comment = :v")
                .expressionAttributeValues(Map.of(":p", s("p"), ":v", n("1")))), "ValidationException", "Invalid FilterExpression: " + PREFIX + "comment");
    }

    @Test
    void keyConditionExpression_withReservedKeyName_isValidationExceptionUnlessAliased() {
        String name = DdbFixture.uniqueName("reserved-key");
        ddb.createTable(r -> r.tableName(name).billingMode("PAY_PER_REQUEST")
                .attributeDefinitions(a -> a.attributeName("Year").attributeType(ScalarAttributeType.N))
                .keySchema(k -> k.attributeName("Year").keyType(KeyType.HASH)));
        DdbFixture.awaitActive(local.local(), ddb, name);
        ddb.putItem(r -> r.tableName(name).item(Map.of("Year", n("2024"))));

        assertAwsError(() -> ddb.query(r -> r.tableName(name).keyConditionExpression("Year = :y").expressionAttributeValues(Map.of(":y", n("2024")))),
                "ValidationException", "Invalid KeyConditionExpression: " + PREFIX + "Year");
        assertThat(ddb.query(r -> r.tableName(name).keyConditionExpression("#y = :y").expressionAttributeNames(Map.of("#y", "Year"))
                .expressionAttributeValues(Map.of(":y", n("2024")))).count()).isEqualTo(1);
    }

    @Test
    void transactWrite_withReservedWordInConditionCheck_isValidationExceptionAndWritesNothing() {
        assertAwsError(() -> ddb.transactWriteItems(r -> r.transactItems(
                t -> t.put(p -> p.tableName(table).item(key("p", "3"))),
                t -> t.conditionCheck(c -> c.tableName(table).key(key("p", "1")).conditionExpression("attribute_exists(data)")))),
                "ValidationException", "Invalid ConditionExpression: " + PREFIX + "data");
        assertThat(ddb.getItem(r -> r.tableName(table).key(key("p", "3"))).hasItem()).isFalse();
    }

    @Test
    void reservedWords_throughExpressionAttributeNames_areAllowed() {
        Map<String, AttributeValue> after = ddb.updateItem(r -> r.tableName(table).key(key("p", "1"))
                .updateExpression("SET #s = :done, #d.#n = :n").conditionExpression("#s = :new AND size(tags) = :two")
                .expressionAttributeNames(Map.of("#s", "status", "#d", "doc", "#n", "name"))
                .expressionAttributeValues(Map.of(":done", s("done"), ":new", s("new"), ":n", s("renamed"), ":two", n("2")))
                .returnValues(ReturnValue.ALL_NEW)).attributes();
        assertThat(after.get("status")).isEqualTo(s("done"));

        Map<String, AttributeValue> projected = ddb.getItem(r -> r.tableName(table).key(key("p", "1")).projectionExpression("#s, doc.#n")
                .expressionAttributeNames(Map.of("#s", "status", "#n", "name"))).item();
        assertThat(projected).containsOnlyKeys("status", "doc");
        assertThat(projected.get("doc").m()).containsExactly(Map.entry("name", s("renamed")));
    }
}
