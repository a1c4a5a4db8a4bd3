package io.github.hsmkeystore.local.dynamodb;

import static io.github.hsmkeystore.local.dynamodb.DdbFixture.assertAwsError;
import static io.github.hsmkeystore.local.dynamodb.DdbFixture.key;
import static io.github.hsmkeystore.local.dynamodb.DdbFixture.n;
import static io.github.hsmkeystore.local.dynamodb.DdbFixture.s;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.hsmkeystore.local.LocalHsmKeyStoreExtension;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.KeysAndAttributes;
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;
import software.amazon.awssdk.services.dynamodb.model.ReturnValuesOnConditionCheckFailure;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

/** Item operations with the low-level client: attribute types, ReturnValues, limits and DynamoDB's errors. */
class ItemOperationsIT {
    @RegisterExtension
    static final LocalHsmKeyStoreExtension local = LocalHsmKeyStoreExtension.create();
    private DynamoDbClient ddb;
    private String table;

    @BeforeEach
    void setUp(DynamoDbClient ddb) {
        this.ddb = ddb;
        table = DdbFixture.createTable(local.local(), ddb, "items");
    }

    private Map<String, AttributeValue> item(String pk, String sk, Object... attrs) {
        Map<String, AttributeValue> item = new HashMap<>(key(pk, sk));
        for (int i = 0; i < attrs.length; i += 2) {
            item.put((String) attrs[i], (AttributeValue) attrs[i + 1]);
        }
        return item;
    }

    private Map<String, AttributeValue> get(String pk, String sk) {
        return ddb.getItem(r -> r.tableName(table).key(key(pk, sk)).consistentRead(true)).item();
    }

    @Test
    void putItem_everyAttributeType_roundTrips() {
        SdkBytes bytes = SdkBytes.fromByteArray(new byte[] {0, 1, 2, (byte) 255});
        Map<String, AttributeValue> item = item("p", "types",
                "s", s("héllo"), "n", n("12345678901234567890123456789012345678"), "b", AttributeValue.fromB(bytes),
                "bool", AttributeValue.fromBool(false), "nul", AttributeValue.fromNul(true),
                "m", AttributeValue.fromM(Map.of("inner", AttributeValue.fromL(List.of(s("x"), n("1"))))),
                "l", AttributeValue.fromL(List.of(AttributeValue.fromBool(true), AttributeValue.fromM(Map.of()))),
                "ss", AttributeValue.fromSs(List.of("a", "b")), "ns", AttributeValue.fromNs(List.of("1", "2.5")),
                "bs", AttributeValue.fromBs(List.of(bytes, SdkBytes.fromByteArray(new byte[] {9}))));
        ddb.putItem(r -> r.tableName(table).item(item));
        Map<String, AttributeValue> read = get("p", "types");
        assertThat(read).containsOnlyKeys(item.keySet());
        item.forEach((name, value) -> {
            if (name.equals("ss") || name.equals("ns") || name.equals("bs")) {
                assertThat(read.get(name).type()).isEqualTo(value.type());
            } else {
                assertThat(read.get(name)).as(name).isEqualTo(value);
            }
        });
        assertThat(read.get("ss").ss()).containsExactlyInAnyOrder("a", "b");
        assertThat(read.get("ns").ns()).containsExactlyInAnyOrder("1", "2.5");
        assertThat(read.get("bs").bs()).containsExactlyInAnyOrder(bytes, SdkBytes.fromByteArray(new byte[] {9}));
    }

    @Test
    void putItem_numbers_areNormalisedAndKeep38Digits() {
        ddb.putItem(r -> r.tableName(table).item(item("p", "num", "a", n("0010.500"), "b", n("-0"), "c", n("1E+2"),
                "d", n("-.000000000000000000000000000000000000123"), "e", n("9.9999999999999999999999999999999999999E+125"))));
        Map<String, AttributeValue> read = get("p", "num");
        assertThat(read.get("a").n()).isEqualTo("10.5");
        assertThat(read.get("b").n()).isEqualTo("0");
        assertThat(read.get("c").n()).isEqualTo("100");
        assertThat(new java.math.BigDecimal(read.get("d").n())).isEqualByComparingTo("-1.23E-37");
        assertThat(new java.math.BigDecimal(read.get("e").n())).isEqualByComparingTo("9.9999999999999999999999999999999999999E+125");
        assertAwsError(() -> ddb.putItem(r -> r.tableName(table).item(item("p", "x", "a", n("123456789012345678901234567890123456789")))),
                "ValidationException", "38 significant digits");
        assertAwsError(() -> ddb.putItem(r -> r.tableName(table).item(item("p", "x", "a", n("1E+126")))),
                "ValidationException", "Number overflow");
        assertAwsError(() -> ddb.putItem(r -> r.tableName(table).item(item("p", "x", "a", n("12abc")))),
                "ValidationException", "cannot be converted into a number");
        assertThat(get("p", "x")).isEmpty();
    }

    @Test
    void putItem_keyErrors_areValidationExceptions() {
        assertAwsError(() -> ddb.putItem(r -> r.tableName(table).item(Map.of("pk", s("p")))), "ValidationException", "Missing the key sk");
        assertAwsError(() -> ddb.putItem(r -> r.tableName(table).item(Map.of("pk", s("p"), "sk", n("1")))),
                "ValidationException", "Type mismatch for key");
        assertAwsError(() -> ddb.putItem(r -> r.tableName(table).item(Map.of("pk", s(""), "sk", s("x")))),
                "ValidationException", "empty string value");
        assertAwsError(() -> ddb.putItem(r -> r.tableName(table).item(Map.of("pk", s("x".repeat(2049)), "sk", s("x")))),
                "ValidationException", "2048");
        assertAwsError(() -> ddb.putItem(r -> r.tableName(table).item(Map.of("pk", s("x"), "sk", s("x".repeat(1025))))),
                "ValidationException", "1024");
        ddb.putItem(r -> r.tableName(table).item(Map.of("pk", s("x".repeat(2048)), "sk", s("x".repeat(1024)))));
        assertAwsError(() -> ddb.getItem(r -> r.tableName(table).key(Map.of("pk", s("p")))),
                "ValidationException", "The provided key element does not match the schema");
        assertAwsError(() -> ddb.getItem(r -> r.tableName(table).key(item("p", "s", "extra", s("e")))),
                "ValidationException", "The provided key element does not match the schema");
    }

    @Test
    void putItem_over400Kb_isValidationExceptionAndNotStored() {
        assertAwsError(() -> ddb.putItem(r -> r.tableName(table).item(item("p", "big", "data", s("x".repeat(400 * 1024))))),
                "ValidationException", "Item size has exceeded the maximum allowed size");
        assertThat(get("p", "big")).isEmpty();
        ddb.putItem(r -> r.tableName(table).item(item("p", "big", "data", s("x".repeat(399 * 1024)))));
        assertThat(get("p", "big")).containsKey("data");
    }

    @Test
    void putItem_conditionFails_conditionalCheckFailedWithOldItemOnRequest() {
        ddb.putItem(r -> r.tableName(table).item(item("p", "c", "v", n("1"))));
        ConditionalCheckFailedException e = (ConditionalCheckFailedException) assertAwsError(() -> ddb.putItem(r -> r.tableName(table)
                .item(item("p", "c", "v", n("2"))).conditionExpression("attribute_not_exists(pk)")
                .returnValuesOnConditionCheckFailure(ReturnValuesOnConditionCheckFailure.ALL_OLD)),
                "ConditionalCheckFailedException", "The conditional request failed");
        assertThat(e.item()).containsEntry("v", n("1"));
        ConditionalCheckFailedException none = (ConditionalCheckFailedException) assertAwsError(() -> ddb.deleteItem(r -> r.tableName(table)
                .key(key("p", "c")).conditionExpression("v = :v").expressionAttributeValues(Map.of(":v", n("5")))),
                "ConditionalCheckFailedException", "The conditional request failed");
        assertThat(none.hasItem()).isFalse();
        assertThat(get("p", "c")).containsEntry("v", n("1"));
    }

    @Test
    void updateItem_returnValues_returnTheRequestedView() {
        ddb.putItem(r -> r.tableName(table).item(item("p", "rv", "a", n("1"), "b", s("keep"))));
        String set = "SET a = a + :one";
        Map<String, AttributeValue> one = Map.of(":one", n("1"));
        assertThat(ddb.updateItem(r -> r.tableName(table).key(key("p", "rv")).updateExpression(set).expressionAttributeValues(one)
                .returnValues(ReturnValue.ALL_OLD)).attributes()).isEqualTo(item("p", "rv", "a", n("1"), "b", s("keep")));
        assertThat(ddb.updateItem(r -> r.tableName(table).key(key("p", "rv")).updateExpression(set).expressionAttributeValues(one)
                .returnValues(ReturnValue.UPDATED_OLD)).attributes()).isEqualTo(Map.of("a", n("2")));
        assertThat(ddb.updateItem(r -> r.tableName(table).key(key("p", "rv")).updateExpression(set).expressionAttributeValues(one)
                .returnValues(ReturnValue.ALL_NEW)).attributes()).isEqualTo(item("p", "rv", "a", n("4"), "b", s("keep")));
        assertThat(ddb.updateItem(r -> r.tableName(table).key(key("p", "rv")).updateExpression(set).expressionAttributeValues(one)
                .returnValues(ReturnValue.UPDATED_NEW)).attributes()).isEqualTo(Map.of("a", n("5")));
        assertThat(ddb.updateItem(r -> r.tableName(table).key(key("p", "rv")).updateExpression(set).expressionAttributeValues(one))
                .hasAttributes()).isFalse();
        assertThat(ddb.deleteItem(r -> r.tableName(table).key(key("p", "rv")).returnValues(ReturnValue.ALL_OLD)).attributes())
                .containsEntry("a", n("6"));
        assertAwsError(() -> ddb.putItem(r -> r.tableName(table).item(key("p", "rv")).returnValues(ReturnValue.ALL_NEW)),
                "ValidationException", "Return values set to invalid value");
    }

    @Test
    void updateItem_keyAttribute_isValidationException() {
        ddb.putItem(r -> r.tableName(table).item(key("p", "k")));
        assertAwsError(() -> ddb.updateItem(r -> r.tableName(table).key(key("p", "k")).updateExpression("SET sk = :v")
                .expressionAttributeValues(Map.of(":v", s("other")))), "ValidationException", "Cannot update attribute sk");
        assertThat(get("p", "k")).isEqualTo(key("p", "k"));
    }

    @Test
    void batchWriteItem_limitsAndDuplicates_areValidationExceptions() {
        List<WriteRequest> writes = new ArrayList<>();
        for (int i = 0; i < 26; i++) {
            int n = i;
            writes.add(WriteRequest.builder().putRequest(p -> p.item(key("batch", "i" + n))).build());
        }
        assertAwsError(() -> ddb.batchWriteItem(r -> r.requestItems(Map.of(table, writes))), "ValidationException", "25");
        List<WriteRequest> dup = List.of(writes.get(0), writes.get(0));
        assertAwsError(() -> ddb.batchWriteItem(r -> r.requestItems(Map.of(table, dup))), "ValidationException", "duplicates");
        assertThat(ddb.query(r -> r.tableName(table).keyConditionExpression("pk = :p")
                .expressionAttributeValues(Map.of(":p", s("batch")))).count()).isZero();
        assertThat(ddb.batchWriteItem(r -> r.requestItems(Map.of(table, writes.subList(0, 25)))).unprocessedItems()).isEmpty();
        assertThat(ddb.query(r -> r.tableName(table).keyConditionExpression("pk = :p")
                .expressionAttributeValues(Map.of(":p", s("batch")))).count()).isEqualTo(25);
    }

    @Test
    void batchGetItem_limitsAndDuplicates_areValidationExceptions() {
        List<Map<String, AttributeValue>> keys = new ArrayList<>();
        for (int i = 0; i < 101; i++) {
            keys.add(key("bg", "i" + i));
        }
        assertAwsError(() -> ddb.batchGetItem(r -> r.requestItems(Map.of(table, KeysAndAttributes.builder().keys(keys).build()))),
                "ValidationException", "' at 'requestItems." + table + ".member.keys' failed to satisfy constraint: "
                        + "Member must have length less than or equal to 100");
        assertAwsError(() -> ddb.batchGetItem(r -> r.requestItems(Map.of(table,
                KeysAndAttributes.builder().keys(keys.get(0), keys.get(0)).build()))), "ValidationException", "duplicates");
        ddb.putItem(r -> r.tableName(table).item(keys.get(3)));
        var response = ddb.batchGetItem(r -> r.requestItems(Map.of(table, KeysAndAttributes.builder().keys(keys.subList(0, 100)).build())));
        assertThat(response.responses().get(table)).containsExactly(keys.get(3));
        assertThat(response.unprocessedKeys()).isEmpty();
    }

    @Test
    void transactWriteItems_over100OrSameItemTwice_isValidationException() {
        List<TransactWriteItem> items = new ArrayList<>();
        for (int i = 0; i < 101; i++) {
            int n = i;
            items.add(TransactWriteItem.builder().put(p -> p.tableName(table).item(key("tx", "i" + n))).build());
        }
        assertAwsError(() -> ddb.transactWriteItems(r -> r.transactItems(items)), "ValidationException", "100");
        assertAwsError(() -> ddb.transactWriteItems(r -> r.transactItems(items.get(0), items.get(0))),
                "ValidationException", "multiple operations on one item");
        ddb.transactWriteItems(r -> r.transactItems(items.subList(0, 100)));
        assertThat(ddb.query(r -> r.tableName(table).keyConditionExpression("pk = :p")
                .expressionAttributeValues(Map.of(":p", s("tx")))).count()).isEqualTo(100);
    }

    @Test
    void itemOperations_unknownTable_areResourceNotFound() {
        assertAwsError(() -> ddb.getItem(r -> r.tableName("no-such-table").key(key("p", "s"))), "ResourceNotFoundException",
                "Requested resource not found");
        assertAwsError(() -> ddb.putItem(r -> r.tableName("no-such-table").item(key("p", "s"))), "ResourceNotFoundException",
                "Requested resource not found");
        assertAwsError(() -> ddb.query(r -> r.tableName("no-such-table").keyConditionExpression("pk = :p")
                .expressionAttributeValues(Map.of(":p", s("p")))), "ResourceNotFoundException", "Requested resource not found");
    }
}
