package io.github.hsmkeystore.local.dynamodb;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.hsmkeystore.local.internal.EmulatorClock;
import io.github.hsmkeystore.local.internal.Json;
import io.github.hsmkeystore.local.internal.JsonRequest;
import io.github.hsmkeystore.local.internal.Scope;
import io.github.hsmkeystore.local.internal.dynamodb.DynamoDbService;
import java.time.Duration;
import java.util.function.Supplier;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The cost of a read grows with what it reads, not with the table (docs/dynamodb-storage.md, "Storage"): on a table of
 * 20,000 items, a Query, an index Query and a Scan page decrypt exactly the items they read. Counted through the
 * engine's decryption counter, not timed. Runs on the engine with a fake KMS.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class QueryCostTest {
    private static final Scope SCOPE = new Scope("111122223333", "eu-west-1");
    private static final int PARTITIONS = 20;
    private static final int PER_PARTITION = 1000;
    private final EmulatorClock clock = new EmulatorClock();
    private final DynamoDbService ddb = new DynamoDbService(clock, new TableKeyCacheTest.FakeKms(), Duration.ZERO);

    private ObjectNode call(String operation, String json) {
        try {
            return ddb.handle(SCOPE, operation, new JsonRequest((ObjectNode) Json.readTree(json)));
        } catch (java.io.IOException e) {
            throw new IllegalArgumentException(e);
        }
    }

    @BeforeAll
    void fill() {
        call("CreateTable", "{\"TableName\":\"big\",\"BillingMode\":\"PAY_PER_REQUEST\","
                + "\"AttributeDefinitions\":[{\"AttributeName\":\"pk\",\"AttributeType\":\"S\"},{\"AttributeName\":\"sk\",\"AttributeType\":\"N\"},"
                + "{\"AttributeName\":\"g\",\"AttributeType\":\"S\"}],"
                + "\"KeySchema\":[{\"AttributeName\":\"pk\",\"KeyType\":\"HASH\"},{\"AttributeName\":\"sk\",\"KeyType\":\"RANGE\"}],"
                + "\"GlobalSecondaryIndexes\":[{\"IndexName\":\"by-g\",\"KeySchema\":[{\"AttributeName\":\"g\",\"KeyType\":\"HASH\"},"
                + "{\"AttributeName\":\"sk\",\"KeyType\":\"RANGE\"}],\"Projection\":{\"ProjectionType\":\"ALL\"}}]}");
        clock.advance(Duration.ofMillis(1));
        StringBuilder batch = new StringBuilder();
        int inBatch = 0;
        for (int p = 0; p < PARTITIONS; p++) {
            for (int i = 0; i < PER_PARTITION; i++) {
                batch.append(inBatch == 0 ? "" : ",").append("{\"PutRequest\":{\"Item\":{\"pk\":{\"S\":\"p").append(p)
                        .append("\"},\"sk\":{\"N\":\"").append(i).append("\"},\"g\":{\"S\":\"g").append(i % 10).append("\"}}}}");
                if (++inBatch == 25) {
                    call("BatchWriteItem", "{\"RequestItems\":{\"big\":[" + batch + "]}}");
                    batch.setLength(0);
                    inBatch = 0;
                }
            }
        }
        assertThat(call("DescribeTable", "{\"TableName\":\"big\"}").get("Table").get("ItemCount").asLong())
                .isEqualTo(PARTITIONS * PER_PARTITION);
    }

    /** How many items {@code read} decrypted. */
    private long decryptions(Supplier<ObjectNode> read) {
        long before = ddb.itemDecryptions(SCOPE, "big");
        read.get();
        return ddb.itemDecryptions(SCOPE, "big") - before;
    }

    @Test
    void query_limit1_decryptsOneItem() {
        ObjectNode[] page = new ObjectNode[1];
        long n = decryptions(() -> page[0] = call("Query", "{\"TableName\":\"big\",\"Limit\":1,\"KeyConditionExpression\":\"pk = :p\","
                + "\"ExpressionAttributeValues\":{\":p\":{\"S\":\"p7\"}}}"));

        assertThat(n).isEqualTo(1);
        assertThat(page[0].get("Items").get(0).get("sk").get("N").asText()).isEqualTo("0");
        assertThat(page[0].get("LastEvaluatedKey")).isNotNull();
    }

    @Test
    void query_sortKeyRangeBackwards_decryptsOnlyThePage() {
        ObjectNode[] page = new ObjectNode[1];
        long n = decryptions(() -> page[0] = call("Query", "{\"TableName\":\"big\",\"Limit\":5,\"ScanIndexForward\":false,"
                + "\"KeyConditionExpression\":\"pk = :p AND sk BETWEEN :a AND :b\","
                + "\"ExpressionAttributeValues\":{\":p\":{\"S\":\"p3\"},\":a\":{\"N\":\"100\"},\":b\":{\"N\":\"900\"}}}"));

        assertThat(n).isEqualTo(5);
        assertThat(page[0].get("Items")).extracting(i -> i.get("sk").get("N").asText()).containsExactly("900", "899", "898", "897", "896");
    }

    @Test
    void query_onIndex_decryptsOnlyThePage() {
        ObjectNode[] page = new ObjectNode[1];
        long n = decryptions(() -> page[0] = call("Query", "{\"TableName\":\"big\",\"IndexName\":\"by-g\",\"Limit\":3,"
                + "\"KeyConditionExpression\":\"g = :g AND sk > :s\","
                + "\"ExpressionAttributeValues\":{\":g\":{\"S\":\"g4\"},\":s\":{\"N\":\"990\"}}}"));

        assertThat(n).isEqualTo(3);
        assertThat(page[0].get("Items")).allSatisfy(i -> {
            assertThat(i.get("g").get("S").asText()).isEqualTo("g4");
            assertThat(i.get("sk").get("N").asText()).isEqualTo("994");
        });
    }

    @Test
    void scanPage_decryptsOnlyThePage() {
        long n = decryptions(() -> call("Scan", "{\"TableName\":\"big\",\"Limit\":4}"));
        long segment = decryptions(() -> call("Scan", "{\"TableName\":\"big\",\"Limit\":4,\"Segment\":1,\"TotalSegments\":4}"));

        assertThat(n).isEqualTo(4);
        assertThat(segment).isEqualTo(4);
    }

    @Test
    void getItem_decryptsOneItem() {
        long n = decryptions(() -> call("GetItem", "{\"TableName\":\"big\",\"Key\":{\"pk\":{\"S\":\"p19\"},\"sk\":{\"N\":\"999\"}}}"));

        assertThat(n).isEqualTo(1);
    }
}
