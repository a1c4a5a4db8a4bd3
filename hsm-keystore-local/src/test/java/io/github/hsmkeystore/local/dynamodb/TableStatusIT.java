package io.github.hsmkeystore.local.dynamodb;

import static io.github.hsmkeystore.local.dynamodb.DdbFixture.assertAwsError;
import static io.github.hsmkeystore.local.dynamodb.DdbFixture.key;
import static io.github.hsmkeystore.local.dynamodb.DdbFixture.s;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.hsmkeystore.local.LocalHsmKeyStoreExtension;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.core.retry.backoff.FixedDelayBackoffStrategy;
import software.amazon.awssdk.core.waiters.WaiterResponse;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.DescribeTableResponse;
import software.amazon.awssdk.services.dynamodb.model.KeysAndAttributes;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;
import software.amazon.awssdk.services.dynamodb.model.TableStatus;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;
import software.amazon.awssdk.services.dynamodb.waiters.DynamoDbWaiter;

/**
 * Item operations and table calls while a table is CREATING or DELETING (see {@code DynamoDbService.activeTable} for the
 * AWS sources). The transition delay is long and the emulator clock is moved, so nothing waits for real time.
 */
class TableStatusIT {
    private static final Duration DELAY = Duration.ofSeconds(30);
    private static final Duration PAST_DELAY = DELAY.plusSeconds(1);

    @RegisterExtension
    static final LocalHsmKeyStoreExtension local = LocalHsmKeyStoreExtension.create(b -> b.transitionDelay(DELAY));

    private static String createTable(DynamoDbClient ddb, String name) {
        ddb.createTable(r -> r.tableName(name).billingMode("PAY_PER_REQUEST")
                .attributeDefinitions(a -> a.attributeName("pk").attributeType("S"), a -> a.attributeName("sk").attributeType("S"))
                .keySchema(k -> k.attributeName("pk").keyType("HASH"), k -> k.attributeName("sk").keyType("RANGE")));
        return name;
    }

    /** Every data-plane operation on {@code table}, each expected to fail with ResourceNotFoundException "Requested resource not found". */
    private static void assertEveryItemOperationIsNotFound(DynamoDbClient ddb, String table) {
        List<ThrowingCallable> calls = List.of(
                () -> ddb.putItem(r -> r.tableName(table).item(key("p", "new"))),
                () -> ddb.getItem(r -> r.tableName(table).key(key("p", "1"))),
                () -> ddb.updateItem(r -> r.tableName(table).key(key("p", "1")).updateExpression("SET v = :v")
                        .expressionAttributeValues(Map.of(":v", s("x")))),
                () -> ddb.deleteItem(r -> r.tableName(table).key(key("p", "1"))),
                () -> ddb.query(r -> r.tableName(table).keyConditionExpression("pk = :p").expressionAttributeValues(Map.of(":p", s("p")))),
                () -> ddb.scan(r -> r.tableName(table)),
                () -> ddb.batchGetItem(r -> r.requestItems(Map.of(table, KeysAndAttributes.builder().keys(key("p", "1")).build()))),
                () -> ddb.batchWriteItem(r -> r.requestItems(Map.of(table,
                        List.of(WriteRequest.builder().putRequest(p -> p.item(key("p", "new"))).build())))),
                () -> ddb.transactWriteItems(r -> r.transactItems(t -> t.put(p -> p.tableName(table).item(key("p", "new"))))),
                () -> ddb.transactGetItems(r -> r.transactItems(t -> t.get(g -> g.tableName(table).key(key("p", "1"))))));
        for (ThrowingCallable call : calls) {
            assertAwsError(call, "ResourceNotFoundException", "Requested resource not found");
        }
    }

    @Test
    void itemOperations_onCreatingTable_areResourceNotFoundUntilActive(DynamoDbClient ddb) {
        String table = createTable(ddb, DdbFixture.uniqueName("creating"));
        assertThat(ddb.describeTable(r -> r.tableName(table)).table().tableStatus()).isEqualTo(TableStatus.CREATING);

        assertEveryItemOperationIsNotFound(ddb, table);

        local.local().advanceClock(PAST_DELAY);
        assertThat(ddb.describeTable(r -> r.tableName(table)).table().tableStatus()).isEqualTo(TableStatus.ACTIVE);
        ddb.putItem(r -> r.tableName(table).item(key("p", "new")));
        assertThat(ddb.getItem(r -> r.tableName(table).key(key("p", "new"))).hasItem()).isTrue();
        assertThat(ddb.scan(r -> r.tableName(table)).count()).as("nothing was written while CREATING").isEqualTo(1);
    }

    @Test
    void createOrDeleteTable_onCreatingTable_isResourceInUse(DynamoDbClient ddb) {
        String table = createTable(ddb, DdbFixture.uniqueName("creating"));

        assertAwsError(() -> createTable(ddb, table), "ResourceInUseException",
                "Attempt to change a resource which is still in use: Table is being created: " + table);
        assertAwsError(() -> ddb.deleteTable(r -> r.tableName(table)), "ResourceInUseException",
                "Attempt to change a resource which is still in use: Table is being created: " + table);
        local.local().advanceClock(PAST_DELAY);
        assertThat(ddb.describeTable(r -> r.tableName(table)).table().tableStatus()).isEqualTo(TableStatus.ACTIVE);
        assertAwsError(() -> createTable(ddb, table), "ResourceInUseException", "Table already exists: " + table);
    }

    @Test
    void deleteTable_staysDeletingForTheTransitionDelay_thenIsGone(DynamoDbClient ddb) {
        String table = createTable(ddb, DdbFixture.uniqueName("deleting"));
        local.local().advanceClock(PAST_DELAY);
        ddb.putItem(r -> r.tableName(table).item(key("p", "1")));

        assertThat(ddb.deleteTable(r -> r.tableName(table)).tableDescription().tableStatus()).isEqualTo(TableStatus.DELETING);
        assertThat(ddb.describeTable(r -> r.tableName(table)).table().tableStatus()).isEqualTo(TableStatus.DELETING);
        assertThat(ddb.listTables().tableNames()).contains(table);
        local.local().advanceClock(DELAY.minusSeconds(1));
        assertThat(ddb.describeTable(r -> r.tableName(table)).table().tableStatus()).as("one second before the delay ends")
                .isEqualTo(TableStatus.DELETING);

        local.local().advanceClock(Duration.ofSeconds(2));
        assertAwsError(() -> ddb.describeTable(r -> r.tableName(table)), "ResourceNotFoundException",
                "Requested resource not found: Table: " + table + " not found");
        assertThat(ddb.listTables().tableNames()).doesNotContain(table);
    }

    @Test
    void tableCalls_onDeletingTable_answerAsAws(DynamoDbClient ddb) {
        String table = createTable(ddb, DdbFixture.uniqueName("deleting"));
        local.local().advanceClock(PAST_DELAY);
        ddb.putItem(r -> r.tableName(table).item(key("p", "1")));
        ddb.deleteTable(r -> r.tableName(table));

        assertEveryItemOperationIsNotFound(ddb, table);
        assertThat(ddb.deleteTable(r -> r.tableName(table)).tableDescription().tableStatus()).as("a second DeleteTable is no error")
                .isEqualTo(TableStatus.DELETING);
        assertAwsError(() -> createTable(ddb, table), "ResourceInUseException",
                "Attempt to change a resource which is still in use: Table is being deleted: " + table);
        assertAwsError(() -> ddb.updateTable(r -> r.tableName(table).billingMode("PROVISIONED")
                .provisionedThroughput(p -> p.readCapacityUnits(1L).writeCapacityUnits(1L))), "ResourceInUseException",
                "Table is being deleted: " + table);

        local.local().advanceClock(PAST_DELAY);
        createTable(ddb, table);
        local.local().advanceClock(PAST_DELAY);
        assertThat(ddb.scan(r -> r.tableName(table)).count()).as("the new table does not hold the old items").isZero();
    }

    @Test
    void waitUntilTableNotExists_whileDeleting_returnsOnceTheTableIsGone(DynamoDbClient ddb) throws Exception {
        String table = createTable(ddb, DdbFixture.uniqueName("waiter"));
        local.local().advanceClock(PAST_DELAY);
        ddb.deleteTable(r -> r.tableName(table));

        ExecutorService executor = Executors.newSingleThreadExecutor();
        try (DynamoDbWaiter waiter = DynamoDbWaiter.builder().client(ddb)
                .overrideConfiguration(o -> o.backoffStrategy(FixedDelayBackoffStrategy.create(Duration.ofMillis(20))).maxAttempts(500))
                .build()) {
            Future<WaiterResponse<DescribeTableResponse>> waiting = executor.submit(() -> waiter.waitUntilTableNotExists(r -> r.tableName(table)));
            Thread.sleep(200); // about ten DescribeTable polls, all answering DELETING
            assertThat(waiting).as("the waiter still waits while the table is DELETING").isNotDone();

            local.local().advanceClock(PAST_DELAY);
            WaiterResponse<DescribeTableResponse> done = waiting.get(5, TimeUnit.SECONDS);
            assertThat(done.matched().exception()).get().isInstanceOf(ResourceNotFoundException.class);
            assertThat(done.attemptsExecuted()).isGreaterThan(1);
        } finally {
            executor.shutdownNow();
        }
    }

    @Test
    void waitUntilTableNotExists_withDefaultSettings_returnsAtOnceForAGoneTable(DynamoDbClient ddb) {
        String table = createTable(ddb, DdbFixture.uniqueName("waiter"));
        local.local().advanceClock(PAST_DELAY);
        ddb.deleteTable(r -> r.tableName(table));
        local.local().advanceClock(PAST_DELAY);

        try (DynamoDbWaiter waiter = ddb.waiter()) {
            WaiterResponse<DescribeTableResponse> done = waiter.waitUntilTableNotExists(r -> r.tableName(table));
            assertThat(done.matched().exception()).get().isInstanceOf(ResourceNotFoundException.class);
            assertThat(done.attemptsExecuted()).isEqualTo(1);
        }
    }
}
