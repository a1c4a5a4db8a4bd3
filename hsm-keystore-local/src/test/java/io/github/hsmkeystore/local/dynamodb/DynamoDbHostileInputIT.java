package io.github.hsmkeystore.local.dynamodb;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.hsmkeystore.local.LocalHsmKeyStore;
import io.github.hsmkeystore.local.internal.protocol.ServiceModel;
import io.github.hsmkeystore.local.internal.protocol.Shape;
import io.github.hsmkeystore.local.testing.HostileBodies;
import io.github.hsmkeystore.local.testing.ModelBodies;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Disabled;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.ShrinkingMode;
import net.jqwik.api.statistics.Statistics;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Generated hostile input: for every operation of the DynamoDB API model, bodies built from the model's
 * shapes and then broken (a wrong JSON kind somewhere, megabytes of string or list, 10k-deep nesting, truncated or
 * garbage JSON) are posted raw to the emulator. Each must answer an AWS-shaped 4xx (never a 5xx, never a hang: every
 * request has a timeout), change nothing (tables and a known item stay as they were), and leave the emulator serving.
 * A second property sends well-typed random bodies against a scratch table: whatever they ask, never a 5xx. Tries are
 * bounded (200 per property, about a minute in all on a loaded machine).
 */
class DynamoDbHostileInputIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    private static final ServiceModel MODEL = ServiceModel.load(
            "/io/github/hsmkeystore/local/internal/protocol/dynamodb-2012-08-10.json", "com.amazonaws.dynamodb.v20120810");
    private static final Map<String, AttributeValue> KNOWN_KEY = Map.of("pk", AttributeValue.fromS("known"), "sk", AttributeValue.fromS("1"));

    private static LocalHsmKeyStore local;
    private static DynamoDbClient ddb;
    private static HttpClient http;
    private static String table;
    private static Map<String, AttributeValue> knownItem;
    private static String scratchTable;

    private static final HostileBodies HOSTILE = new HostileBodies(MODEL, Set.of("AttributeValue"), "{\"M\":", 1024 * 1024);

    @BeforeContainer
    static void start() {
        local = LocalHsmKeyStore.builder().transitionDelay(Duration.ofMillis(1)).start();
        ddb = local.dynamoDbClient();
        http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
        table = DdbFixture.createTable(local, ddb, "hostile");
        knownItem = Map.of("pk", KNOWN_KEY.get("pk"), "sk", KNOWN_KEY.get("sk"), "n", AttributeValue.fromN("42"),
                "l", AttributeValue.fromL(List.of(AttributeValue.fromS("x"), AttributeValue.fromBool(true))));
        ddb.putItem(r -> r.tableName(table).item(knownItem));
        // a table the well-typed bodies reach (their keys are pk/sk strings more often than not)
        String scratch = DdbFixture.createTable(local, ddb, "scratch");
        scratchTable = scratch;
        ddb.putItem(r -> r.tableName(scratch).item(Map.of("pk", AttributeValue.fromS("pk"), "sk", AttributeValue.fromS("a"))));
    }

    @AfterContainer
    static void stop() {
        if (local != null) {
            local.close();
        }
    }

    @Provide
    Arbitrary<String> operations() {
        return Arbitraries.of(new ArrayList<>(MODEL.operations()));
    }

    /**
     * The operations the emulator implements: those of today's main, and any other that does not answer
     * UnknownOperationException to an empty body (an operation that validates first answers ValidationException).
     */
    @Provide
    Arbitrary<String> implementedOperations() throws Exception {
        Set<String> implemented = new java.util.TreeSet<>(Set.of("CreateTable", "DescribeTable", "UpdateTable", "DeleteTable",
                "ListTables", "PutItem", "GetItem", "UpdateItem", "DeleteItem", "Query", "Scan", "BatchGetItem", "BatchWriteItem",
                "TransactWriteItems", "TransactGetItems"));
        for (String operation : MODEL.operations()) {
            if (!post(operation, "{}".getBytes(StandardCharsets.UTF_8)).body().contains("Exception")) {
                implemented.add(operation);
            }
        }
        return Arbitraries.of(new ArrayList<>(implemented));
    }

    @Property(tries = 200, shrinking = ShrinkingMode.OFF)
    void brokenBody_answersAwsShaped4xx_changesNothing_andTheEmulatorKeepsServing(
            @ForAll("operations") String operation, @ForAll HostileBodies.Hostility hostility, @ForAll long seed) throws Exception {
        Random random = new Random(seed);
        List<String> tablesBefore = ddb.listTables().tableNames();
        byte[] body = HOSTILE.hostile(operation, hostility, random);
        HttpResponse<String> r = post(operation, body);
        assertAwsShaped4xx(r, operation + " " + hostility);
        Statistics.collect(hostility, JSON.readTree(r.body()).path("__type").asText().replaceAll(".*#", ""));
        assertThat(ddb.getItem(g -> g.tableName(table).key(KNOWN_KEY).consistentRead(true)).item()).isEqualTo(knownItem);
        assertThat(ddb.listTables().tableNames()).isEqualTo(tablesBefore);
    }

    @Property(tries = 200, shrinking = ShrinkingMode.OFF)
    void wellTypedRandomBody_neverAnswers5xx(@ForAll("implementedOperations") String operation, @ForAll long seed) throws Exception {
        Random random = new Random(seed);
        Shape input = MODEL.input(operation);
        ObjectNode body = input == null ? NODES.objectNode() : new ModelBodies(random, 6, Set.of("AttributeValue")).body(input);
        if (input != null && input.members().containsKey("TableName") && random.nextInt(4) != 0) {
            body.put("TableName", scratchTable);
        }
        HttpResponse<String> r = post(operation, JSON.writeValueAsBytes(body));
        assertThat(r.statusCode()).as("%s %s -> %s", operation, body, r.body()).isLessThan(500);
        Statistics.collect(r.statusCode() == 200 ? "200" : JSON.readTree(r.body()).path("__type").asText().replaceAll(".*#", ""));
        if (r.statusCode() >= 400) {
            assertAwsShaped4xx(r, operation + " " + body);
        }
        assertThat(ddb.getItem(g -> g.tableName(table).key(KNOWN_KEY).consistentRead(true)).item()).isEqualTo(knownItem);
    }

    @Example
    void tenThousandLevelsOfNesting_isSerializationExceptionNotStackOverflow() throws Exception {
        String deep = "{\"TableName\":\"" + table + "\",\"Item\":" + "{\"a\":{\"L\":[".repeat(10_000);
        HttpResponse<String> r = post("PutItem", deep.getBytes(StandardCharsets.UTF_8));
        assertAwsShaped4xx(r, "10k levels");
        assertThat(JSON.readTree(r.body()).get("__type").asText()).isEqualTo("com.amazon.coral.service#SerializationException");
        assertThat(ddb.getItem(g -> g.tableName(table).key(KNOWN_KEY).consistentRead(true)).item()).isEqualTo(knownItem);
    }

    /** DynamoDB refuses attribute values nested past 32 levels; the check belongs to Values (the ddb-tx work). */
    @Example
    void itemNestedPastDynamoDbsLimitButWithinTheParsersOne_isRefusedAndNotStored() throws Exception {
        StringBuilder item = new StringBuilder("{\"pk\":{\"S\":\"deep\"},\"sk\":{\"S\":\"1\"},\"d\":");
        int levels = 100;
        item.append("{\"M\":{\"a\":".repeat(levels)).append("{\"S\":\"x\"}").append("}}".repeat(levels)).append('}');
        HttpResponse<String> r = post("PutItem", ("{\"TableName\":\"" + table + "\",\"Item\":" + item + "}")
                .getBytes(StandardCharsets.UTF_8));
        assertAwsShaped4xx(r, "item nested " + levels + " levels");
        assertThat(ddb.getItem(g -> g.tableName(table).key(Map.of("pk", AttributeValue.fromS("deep"), "sk", AttributeValue.fromS("1")))
                .consistentRead(true)).hasItem()).isFalse();
    }

    private static void assertAwsShaped4xx(HttpResponse<String> r, String what) throws Exception {
        assertThat(r.statusCode()).as("%s -> %s", what, abbreviate(r.body())).isBetween(400, 499);
        JsonNode error = JSON.readTree(r.body());
        String type = error.path("__type").asText("");
        assertThat(type).as(what).matches("com\\.amazon(\\.coral\\.(validate|service)|aws\\.dynamodb\\.v20120810)#[A-Za-z]+");
        assertThat(error.has("message") || error.has("Message")).as(what).isTrue();
        assertThat(r.headers().firstValue("Content-Type")).hasValue("application/x-amz-json-1.0");
    }

    private static String abbreviate(String s) {
        return s.length() > 500 ? s.substring(0, 500) + "..." : s;
    }

    private static HttpResponse<String> post(String operation, byte[] body) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(local.endpoint()).timeout(TIMEOUT)
                .header("X-Amz-Target", "DynamoDB_20120810." + operation)
                .header("Content-Type", "application/x-amz-json-1.0")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build();
        return http.send(request, HttpResponse.BodyHandlers.ofString());
    }
}
