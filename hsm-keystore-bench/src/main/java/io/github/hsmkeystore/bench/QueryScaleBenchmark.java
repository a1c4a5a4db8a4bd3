package io.github.hsmkeystore.bench;

import io.github.hsmkeystore.local.LocalHsmKeyStore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemResponse;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.GetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

/**
 * The emulator's DynamoDB at scale: {@code GetItem} against a {@code Query} with {@code Limit 1} on tables
 * of 1,000, 10,000 and 100,000 items (filled with BatchWriteItem in the trial's setup; 100 partitions, each item about
 * 100 bytes), on the embedded emulator through the SDK. The cost of a Query should grow with the page it reads, not
 * with the table: the goal is Query within 2x of GetItem at every size.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 2, time = 3)
@Measurement(iterations = 3, time = 2)
@Fork(1)
@Threads(1)
public class QueryScaleBenchmark {
    static final String TABLE = "scale";
    static final int PARTITIONS = 100;

    @Param({"1000", "10000", "100000"})
    public int items;

    private LocalHsmKeyStore local;
    private DynamoDbClient ddb;

    @Setup(Level.Trial)
    public void setUp() {
        local = LocalHsmKeyStore.builder().transitionDelay(Duration.ofMillis(1)).start();
        ddb = local.dynamoDbClient();
        ddb.createTable(b -> b.tableName(TABLE).billingMode(BillingMode.PAY_PER_REQUEST)
                .attributeDefinitions(a -> a.attributeName("pk").attributeType(ScalarAttributeType.S),
                        a -> a.attributeName("sk").attributeType(ScalarAttributeType.N))
                .keySchema(k -> k.attributeName("pk").keyType(KeyType.HASH), k -> k.attributeName("sk").keyType(KeyType.RANGE)));
        local.advanceClock(Duration.ofSeconds(1));
        List<WriteRequest> batch = new ArrayList<>(25);
        for (int i = 0; i < items; i++) {
            Map<String, AttributeValue> item = Map.of("pk", AttributeValue.fromS(partition(i)), "sk", AttributeValue.fromN(Integer.toString(i)),
                    "payload", AttributeValue.fromS("value-" + i + "-" + "x".repeat(64)));
            batch.add(WriteRequest.builder().putRequest(p -> p.item(item)).build());
            if (batch.size() == 25 || i == items - 1) {
                List<WriteRequest> requests = List.copyOf(batch);
                BatchWriteItemResponse r = ddb.batchWriteItem(b -> b.requestItems(Map.of(TABLE, requests)));
                if (r.hasUnprocessedItems() && !r.unprocessedItems().isEmpty()) {
                    throw new IllegalStateException("BatchWriteItem left items unprocessed: " + r.unprocessedItems().size());
                }
                batch.clear();
            }
        }
    }

    private static String partition(int i) {
        return "p" + (i % PARTITIONS);
    }

    @Benchmark
    public GetItemResponse getItem() {
        int i = ThreadLocalRandom.current().nextInt(items);
        GetItemResponse r = ddb.getItem(b -> b.tableName(TABLE)
                .key(Map.of("pk", AttributeValue.fromS(partition(i)), "sk", AttributeValue.fromN(Integer.toString(i)))));
        if (!r.hasItem()) {
            throw new IllegalStateException("item " + i + " missing");
        }
        return r;
    }

    @Benchmark
    public QueryResponse queryLimit1() {
        int p = ThreadLocalRandom.current().nextInt(PARTITIONS);
        QueryResponse r = ddb.query(b -> b.tableName(TABLE).limit(1).keyConditionExpression("pk = :p")
                .expressionAttributeValues(Map.of(":p", AttributeValue.fromS("p" + p))));
        if (r.count() != 1) {
            throw new IllegalStateException("partition p" + p + " answered " + r.count() + " items");
        }
        return r;
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        local.close();
    }
}
