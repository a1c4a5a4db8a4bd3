package io.github.hsmkeystore.local.dynamodb;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.hsmkeystore.local.LocalHsmKeyStore;
import io.github.hsmkeystore.local.LocalHsmKeyStoreExtension;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.retries.DefaultRetryStrategy;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeAction;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.AttributeValueUpdate;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.ComparisonOperator;
import software.amazon.awssdk.services.dynamodb.model.Condition;
import software.amazon.awssdk.services.dynamodb.model.ExpectedAttributeValue;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;

/**
 * Differential test: the same generated operation sequences run on the emulator and on moto_server, and every
 * outcome (returned items, counts, pages, error codes) must agree, apart from the cases listed in
 * {@link KnownDifferences} where moto contradicts the AWS documentation.
 */
class DifferentialMotoIT {
    static final int SEQUENCES = 520;
    static final int OPERATIONS_PER_SEQUENCE = 12;
    static final Duration BUDGET = Duration.ofMinutes(8);

    @RegisterExtension
    static final LocalHsmKeyStoreExtension local = LocalHsmKeyStoreExtension.create(b -> b.transitionDelay(Duration.ZERO));

    private static MotoServer moto;
    private static DynamoDbClient motoClient;

    @BeforeAll
    static void startMoto() throws Exception {
        moto = MotoServer.start();
        motoClient = moto.dynamoDbClient();
    }

    @AfterAll
    static void stopMoto() throws Exception {
        if (motoClient != null) {
            motoClient.close();
        }
        if (moto != null) {
            moto.close();
        }
    }

    @Test
    void generatedSequences_onEmulatorAndMoto_agree(LocalHsmKeyStore emulator) {
        long started = System.nanoTime();
        List<String> disagreements = new ArrayList<>();
        int run = 0;
        int operations = 0;
        int excluded = 0;
        try (DynamoDbClient emu = emulator.configure(DynamoDbClient.builder())
                .overrideConfiguration(o -> o.retryStrategy(DefaultRetryStrategy.doNotRetry())).build()) {
            for (long seed = 0; seed < SEQUENCES; seed++) {
                if (System.nanoTime() - started > BUDGET.toNanos()) {
                    break;
                }
                String table = "diff-" + seed;
                createTable(emu, table);
                createTable(motoClient, table);
                List<SequenceGenerator.Op> ops = new ArrayList<>(new SequenceGenerator(seed).sequence(OPERATIONS_PER_SEQUENCE));
                ops.add(SequenceGenerator.finalState());
                for (int i = 0; i < ops.size(); i++) {
                    SequenceGenerator.Op op = ops.get(i);
                    String mine = op.run(emu, table);
                    String theirs = op.run(motoClient, table);
                    operations++;
                    if (mine.equals(theirs)) {
                        continue;
                    }
                    String known = KnownDifferences.explain(op.description(), mine, theirs);
                    if (known != null) {
                        excluded++;
                        if (op.writes() && mine.startsWith("OK") != theirs.startsWith("OK")) {
                            break; // one engine wrote and the other did not: the states differ from here on
                        }
                        continue;
                    }
                    disagreements.add("seed " + seed + " op " + i + ": " + op.description() + "\n  emulator: " + mine
                            + "\n  moto:     " + theirs);
                    break;
                }
                emu.deleteTable(b -> b.tableName(table));
                motoClient.deleteTable(b -> b.tableName(table));
                run++;
            }
        }
        Duration took = Duration.ofNanos(System.nanoTime() - started);
        System.out.printf("DifferentialMotoIT: %d sequences, %d operations, %d outcomes differing for a listed reason, %d disagreements, %d s%n",
                run, operations, excluded, disagreements.size(), took.toSeconds());
        assertThat(disagreements).as("disagreements between the emulator and moto").isEmpty();
        assertThat(run).as("sequences run within " + BUDGET).isEqualTo(SEQUENCES);
    }

    /**
     * Reserved words as bare names in each kind of expression, and the same names through ExpressionAttributeNames:
     * both engines must agree on the outcome (error code or result), apart from {@link KnownDifferences} case 4.
     */
    @Test
    void reservedWords_onEmulatorAndMoto_agree(LocalHsmKeyStore emulator) {
        Map<String, AttributeValue> item = Map.of("pk", AttributeValue.fromS("a"), "sk", AttributeValue.fromN("1"),
                "status", AttributeValue.fromS("new"), "m", AttributeValue.fromM(Map.of("name", AttributeValue.fromS("x"))));
        Map<String, AttributeValue> key = Map.of("pk", AttributeValue.fromS("a"), "sk", AttributeValue.fromN("1"));
        Map<String, AttributeValue> v = Map.of(":v", AttributeValue.fromS("new"));
        List<SequenceGenerator.Op> ops = List.of(
                new SequenceGenerator.Op("PutItem plain", (c, t) -> {
                    c.putItem(b -> b.tableName(t).item(item));
                    return "OK";
                }),
                new SequenceGenerator.Op("PutItem if attribute_not_exists(status)", (c, t) -> {
                    c.putItem(b -> b.tableName(t).item(item).conditionExpression("attribute_not_exists(status)"));
                    return "OK";
                }),
                new SequenceGenerator.Op("UpdateItem SET Status = :v", (c, t) -> {
                    c.updateItem(b -> b.tableName(t).key(key).updateExpression("SET Status = :v").expressionAttributeValues(v));
                    return "OK";
                }),
                new SequenceGenerator.Op("UpdateItem REMOVE year", (c, t) -> {
                    c.updateItem(b -> b.tableName(t).key(key).updateExpression("REMOVE year"));
                    return "OK";
                }),
                new SequenceGenerator.Op("UpdateItem SET #s = :v if #s = :v", (c, t) -> {
                    c.updateItem(b -> b.tableName(t).key(key).updateExpression("SET #s = :v").conditionExpression("#s = :v")
                            .expressionAttributeNames(Map.of("#s", "status")).expressionAttributeValues(v));
                    return "OK";
                }),
                new SequenceGenerator.Op("GetItem projection status", (c, t) ->
                        "OK " + Canonical.item(c.getItem(b -> b.tableName(t).key(key).projectionExpression("status")).item())),
                new SequenceGenerator.Op("GetItem projection nested-reserved m.name", (c, t) ->
                        "OK " + Canonical.item(c.getItem(b -> b.tableName(t).key(key).projectionExpression("m.name")).item())),
                new SequenceGenerator.Op("GetItem projection #s", (c, t) -> "OK " + Canonical.item(c.getItem(b -> b.tableName(t).key(key)
                        .projectionExpression("#s").expressionAttributeNames(Map.of("#s", "status"))).item())),
                new SequenceGenerator.Op("Scan filter status = :v", (c, t) ->
                        "OK " + c.scan(b -> b.tableName(t).filterExpression("status = :v").expressionAttributeValues(v)).count()),
                new SequenceGenerator.Op("Query pk = :p filter COMMENT = :v", (c, t) -> "OK " + c.query(b -> b.tableName(t)
                        .keyConditionExpression("pk = :p").filterExpression("COMMENT = :v")
                        .expressionAttributeValues(Map.of(":p", AttributeValue.fromS("a"), ":v", AttributeValue.fromS("new")))).count()));
        List<String> disagreements = new ArrayList<>();
        int excluded = 0;
        try (DynamoDbClient emu = emulator.configure(DynamoDbClient.builder())
                .overrideConfiguration(o -> o.retryStrategy(DefaultRetryStrategy.doNotRetry())).build()) {
            String table = "diff-reserved";
            createTable(emu, table);
            createTable(motoClient, table);
            for (SequenceGenerator.Op op : ops) {
                String mine = op.run(emu, table);
                String theirs = op.run(motoClient, table);
                if (mine.equals(theirs)) {
                    continue;
                }
                if (KnownDifferences.explain(op.description(), mine, theirs) != null) {
                    excluded++;
                    continue;
                }
                disagreements.add(op.description() + "\n  emulator: " + mine + "\n  moto:     " + theirs);
            }
        }
        assertThat(disagreements).as("disagreements between the emulator and moto").isEmpty();
        assertThat(excluded).as("outcomes differing for a listed reason").isLessThanOrEqualTo(1);
    }

    /**
     * The legacy parameters (Expected, AttributeUpdates, AttributesToGet, KeyConditions, QueryFilter, ScanFilter) that
     * moto implements: both engines must agree on every outcome.
     */
    @Test
    void legacyParameters_onEmulatorAndMoto_agree(LocalHsmKeyStore emulator) {
        AttributeValue one = AttributeValue.fromN("1");
        Map<String, AttributeValue> key = Map.of("pk", AttributeValue.fromS("a"), "sk", one);
        Map<String, AttributeValue> item = Map.of("pk", AttributeValue.fromS("a"), "sk", one, "v", one, "s", AttributeValue.fromS("apple"));
        List<SequenceGenerator.Op> ops = List.of(
                new SequenceGenerator.Op("PutItem plain", (c, t) -> {
                    c.putItem(b -> b.tableName(t).item(item));
                    return "OK";
                }),
                new SequenceGenerator.Op("PutItem Expected pk Exists false", (c, t) -> {
                    c.putItem(b -> b.tableName(t).item(item).expected(Map.of("pk", ExpectedAttributeValue.builder().exists(false).build())));
                    return "OK";
                }),
                new SequenceGenerator.Op("PutItem Expected v Value 2", (c, t) -> {
                    c.putItem(b -> b.tableName(t).item(item).expected(Map.of("v",
                            ExpectedAttributeValue.builder().value(AttributeValue.fromN("2")).build())));
                    return "OK";
                }),
                new SequenceGenerator.Op("UpdateItem AttributeUpdates PUT w, ADD v", (c, t) -> {
                    c.updateItem(b -> b.tableName(t).key(key).attributeUpdates(Map.of(
                            "w", AttributeValueUpdate.builder().action(AttributeAction.PUT).value(AttributeValue.fromS("new")).build(),
                            "v", AttributeValueUpdate.builder().action(AttributeAction.ADD).value(AttributeValue.fromN("2")).build())));
                    return "OK";
                }),
                new SequenceGenerator.Op("GetItem AttributesToGet v, w", (c, t) ->
                        "OK " + Canonical.item(c.getItem(b -> b.tableName(t).key(key).attributesToGet("v", "w")).item())),
                new SequenceGenerator.Op("GetItem AttributesToGet with ProjectionExpression", (c, t) ->
                        "OK " + Canonical.item(c.getItem(b -> b.tableName(t).key(key).attributesToGet("v").projectionExpression("v")).item())),
                new SequenceGenerator.Op("Scan ScanFilter v GE 3", (c, t) -> "OK " + c.scan(b -> b.tableName(t).scanFilter(Map.of("v",
                        Condition.builder().comparisonOperator(ComparisonOperator.GE).attributeValueList(AttributeValue.fromN("3")).build()))).count()),
                new SequenceGenerator.Op("Scan ScanFilter s BEGINS_WITH b", (c, t) -> "OK " + c.scan(b -> b.tableName(t).scanFilter(Map.of("s",
                        Condition.builder().comparisonOperator(ComparisonOperator.BEGINS_WITH).attributeValueList(AttributeValue.fromS("b"))
                                .build()))).count()),
                new SequenceGenerator.Op("Query KeyConditions pk EQ a", (c, t) -> "OK " + c.query(b -> b.tableName(t).keyConditions(Map.of("pk",
                        Condition.builder().comparisonOperator(ComparisonOperator.EQ).attributeValueList(AttributeValue.fromS("a")).build())))
                        .count()));
        List<String> disagreements = new ArrayList<>();
        int excluded = 0;
        try (DynamoDbClient emu = emulator.configure(DynamoDbClient.builder())
                .overrideConfiguration(o -> o.retryStrategy(DefaultRetryStrategy.doNotRetry())).build()) {
            String table = "diff-legacy";
            createTable(emu, table);
            createTable(motoClient, table);
            for (SequenceGenerator.Op op : ops) {
                String mine = op.run(emu, table);
                String theirs = op.run(motoClient, table);
                if (mine.equals(theirs)) {
                    continue;
                }
                if (KnownDifferences.explain(op.description(), mine, theirs) != null) {
                    excluded++;
                    continue;
                }
                disagreements.add(op.description() + "\n  emulator: " + mine + "\n  moto:     " + theirs);
            }
        }
        assertThat(disagreements).as("disagreements between the emulator and moto").isEmpty();
        assertThat(excluded).as("outcomes differing for a listed reason").isLessThanOrEqualTo(1);
    }

    private static void createTable(DynamoDbClient client, String table) {
        client.createTable(b -> b.tableName(table).billingMode(BillingMode.PAY_PER_REQUEST)
                .attributeDefinitions(a -> a.attributeName("pk").attributeType(ScalarAttributeType.S),
                        a -> a.attributeName("sk").attributeType(ScalarAttributeType.N))
                .keySchema(k -> k.attributeName("pk").keyType(KeyType.HASH), k -> k.attributeName("sk").keyType(KeyType.RANGE)));
    }
}
