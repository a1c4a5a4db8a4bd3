package io.github.hsmkeystore.local.dynamodb;

import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.dynamodb.model.TableStatus;

/** Test helpers for DynamoDB tables on the emulator: unique names, waits that poll fast, value shorthands. */
final class DynamoDbFixture {
    private DynamoDbFixture() {
    }

    static String uniqueName(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    /** Polls DescribeTable every 20 ms (the SDK waiter polls every 20 s) until the table has the wanted status. */
    static void awaitStatus(DynamoDbClient ddb, String table, TableStatus wanted) {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        TableStatus last = null;
        while (System.nanoTime() < deadline) {
            last = ddb.describeTable(b -> b.tableName(table)).table().tableStatus();
            if (last == wanted) {
                return;
            }
            sleep(20);
        }
        throw new AssertionError("Table " + table + " did not reach " + wanted + " within 10 s; last status " + last);
    }

    /** Creates an on-demand table with a string partition key {@code pk} and a string sort key {@code sk}, then waits. */
    static String createPkSkTable(DynamoDbClient ddb, String prefix) {
        String name = uniqueName(prefix);
        ddb.createTable(b -> b.tableName(name).billingMode(BillingMode.PAY_PER_REQUEST)
                .attributeDefinitions(a -> a.attributeName("pk").attributeType(ScalarAttributeType.S),
                        a -> a.attributeName("sk").attributeType(ScalarAttributeType.S))
                .keySchema(k -> k.attributeName("pk").keyType(KeyType.HASH), k -> k.attributeName("sk").keyType(KeyType.RANGE)));
        awaitStatus(ddb, name, TableStatus.ACTIVE);
        return name;
    }

    static AttributeValue s(String v) {
        return AttributeValue.fromS(v);
    }

    static AttributeValue n(String v) {
        return AttributeValue.fromN(v);
    }

    static Map<String, AttributeValue> key(String pk, String sk) {
        return Map.of("pk", s(pk), "sk", s(sk));
    }

    static void sleep(long millis) {
        io.github.hsmkeystore.local.Pause.sleep(millis);
    }
}
