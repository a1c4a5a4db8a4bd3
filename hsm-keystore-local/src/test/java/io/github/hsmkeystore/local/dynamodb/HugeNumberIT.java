package io.github.hsmkeystore.local.dynamodb;

import static io.github.hsmkeystore.local.dynamodb.DdbFixture.assertAwsError;
import static io.github.hsmkeystore.local.dynamodb.DdbFixture.key;
import static io.github.hsmkeystore.local.dynamodb.DdbFixture.n;
import static io.github.hsmkeystore.local.dynamodb.DdbFixture.s;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.github.hsmkeystore.local.LocalHsmKeyStoreExtension;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * Numbers of hostile length ("1" followed by 150 KB of zeros took 8-10 s under the Region's lock): refused
 * with DynamoDB's ValidationException without building the number, wherever a number is accepted, and nothing is
 * written. Bounded by a generous timeout, not timed.
 */
class HugeNumberIT {
    @RegisterExtension
    static final LocalHsmKeyStoreExtension local = LocalHsmKeyStoreExtension.create();
    private static final String ONE_AND_ZEROS = "1" + "0".repeat(150 * 1024);
    private static final String TINY = "0." + "0".repeat(150 * 1024) + "1";
    private static final String DIGITS = "9".repeat(150 * 1024);
    private DynamoDbClient ddb;
    private String table;

    @BeforeEach
    void setUp(DynamoDbClient ddb) {
        this.ddb = ddb;
        table = DdbFixture.createTable(local.local(), ddb, "numbers");
    }

    @Test
    void putItem_hugeNumbers_answer400WithDynamoDbsMessages() {
        assertTimeoutPreemptively(Duration.ofSeconds(60), () -> {
            assertAwsError(() -> ddb.putItem(r -> r.tableName(table).item(Map.of("pk", s("p"), "sk", s("1"), "v", n(ONE_AND_ZEROS)))),
                    "ValidationException", "Number overflow. Attempting to store a number with magnitude larger than supported range");
            assertAwsError(() -> ddb.putItem(r -> r.tableName(table).item(Map.of("pk", s("p"), "sk", s("1"), "v", n(TINY)))),
                    "ValidationException", "Number underflow. Attempting to store a number with magnitude smaller than supported range");
            assertAwsError(() -> ddb.putItem(r -> r.tableName(table).item(Map.of("pk", s("p"), "sk", s("1"),
                    "v", software.amazon.awssdk.services.dynamodb.model.AttributeValue.fromNs(java.util.List.of("1", DIGITS))))),
                    "ValidationException", "Attempting to store more than 38 significant digits in a Number");
        });
        assertThat(ddb.getItem(r -> r.tableName(table).key(key("p", "1"))).hasItem()).isFalse();
    }

    @Test
    void expressionValuesAndUpdates_hugeNumbers_answer400AndWriteNothing() {
        ddb.putItem(r -> r.tableName(table).item(Map.of("pk", s("p"), "sk", s("1"), "v", n("1"))));
        assertTimeoutPreemptively(Duration.ofSeconds(60), () -> {
            assertAwsError(() -> ddb.updateItem(r -> r.tableName(table).key(key("p", "1")).updateExpression("SET v = :v")
                    .expressionAttributeValues(Map.of(":v", n(ONE_AND_ZEROS)))), "ValidationException", "Number overflow");
            assertAwsError(() -> ddb.query(r -> r.tableName(table).keyConditionExpression("pk = :p").filterExpression("v = :v")
                    .expressionAttributeValues(Map.of(":p", s("p"), ":v", n(TINY)))), "ValidationException", "Number underflow");
        });
        assertThat(ddb.getItem(r -> r.tableName(table).key(key("p", "1"))).item().get("v").n()).isEqualTo("1");
    }
}
