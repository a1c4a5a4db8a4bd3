package io.github.hsmkeystore.local.dynamodb;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.hsmkeystore.local.LocalHsmKeyStoreExtension;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;

/**
 * Differential tests: the same generated operation sequences against the emulator and moto_server (5.2.1), comparing
 * normalised results (maps by key, sets sorted, numbers canonical, Scan results as a multiset because the order across
 * partitions legitimately differs; timestamps, ARNs and ConsumedCapacity are not compared).
 *
 * <p>Cases where moto contradicts the AWS documentation are listed below with their source, and normalised or excluded;
 * the emulator follows AWS there. Failing sequences print their seed; rerun one with {@code -Dmoto.seed=S -Dmoto.sequences=1}.
 */
class DynamoDbMotoIT {
    @RegisterExtension
    static final LocalHsmKeyStoreExtension local = LocalHsmKeyStoreExtension.create();

    /** Sequences to run (issue 4 asks for at least 500); override with -Dmoto.sequences. */
    private static final int SEQUENCES = Integer.getInteger("moto.sequences", 520);
    private static final long SEED = Long.getLong("moto.seed", 0x5EEDL);
    private static final Duration BUDGET = Duration.ofMinutes(4);

    /*
     * Where moto 5.2.1 contradicts AWS (the emulator follows AWS; these cases are normalised or excluded, not bent):
     *
     * 1. ReturnValues UPDATED_OLD / UPDATED_NEW: moto also returns the key attributes. AWS returns "only the updated
     *    attributes" (API Reference, UpdateItem, ReturnValues), and key attributes cannot be updated. Normalised: the
     *    emulator's result must not contain the keys; moto's key attributes are dropped.
     * 2. Query with Limit where the page ends exactly at the last matching item: moto omits LastEvaluatedKey. AWS returns
     *    LastEvaluatedKey whenever it stopped because of Limit, and the next page is empty ("The only way to know when
     *    you have reached the end of the result set is when LastEvaluatedKey is empty": Developer Guide, Paginating
     *    table query results; API Reference, Query, Limit). Normalised: a trailing empty page is folded into the previous
     *    page of the emulator's result.
     * 4. ReturnValues UPDATED_OLD / UPDATED_NEW when an action leaves an attribute's value unchanged (e.g. ADD of a set
     *    element already present): moto leaves the attribute out (it diffs old and new items); AWS returns the attributes
     *    the update expression acts on (API Reference, UpdateItem, ReturnValues: "the attributes that were updated").
     *    Excluded: the returned attributes are not compared, but the items after the update must be equal.
     * 3. size() of an attribute the item does not have: moto answers HTTP 500 in condition expressions and
     *    ValidationException in filter expressions; on AWS the comparison is simply false (Developer Guide, Condition and
     *    filter expressions, operators and functions: a function on a missing attribute does not match; DynamoDB never
     *    answers 5xx for a valid request). Excluded: such operations are not compared; the sequence continues when the
     *    emulator did not change state (an error or a read), and stops otherwise.
     */
    private static final Pattern TRAILING_EMPTY_PAGE =
            Pattern.compile("last=(\\{[^\\[\\]]*\\})\\]\\[page count=0 scanned=0 \\[\\] last=-\\]$");

    static String normaliseEmulator(String result) {
        return TRAILING_EMPTY_PAGE.matcher(result).replaceFirst("last=-]");
    }

    static String normaliseMoto(String result) {
        result = normaliseEmulator(result);
        return result.endsWith(DdbOpGenerator.KEYS_MARK) ? result.substring(0, result.length() - DdbOpGenerator.KEYS_MARK.length()) : result;
    }

    /** Deviation 3: moto fails an operation using size() that AWS would evaluate. */
    static boolean motoSizeDeviation(DdbOpGenerator.Op op, String motoResult) {
        return op.description().contains("size(") && motoResult.startsWith("ERROR")
                && (motoResult.contains("status=500") || motoResult.contains("ValidationException"));
    }

    private static MotoServer moto;
    private static DynamoDbClient motoClient;
    private static DynamoDbClient emulatorClient;

    @BeforeAll
    static void startMoto() throws Exception {
        Optional<Path> exe = MotoServer.executable();
        Assumptions.assumeTrue(exe.isPresent(), "moto_server is not on PATH: differential tests against moto skipped");
        moto = MotoServer.start(exe.get());
        motoClient = DynamoDbClient.builder().endpointOverride(moto.endpoint()).region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("testing", "testing")))
                .overrideConfiguration(c -> c.retryStrategy(AwsRetryStrategy.doNotRetry())).build();
        emulatorClient = local.local().configure(DynamoDbClient.builder())
                .overrideConfiguration(c -> c.retryStrategy(AwsRetryStrategy.doNotRetry())).build();
    }

    @AfterAll
    static void stopMoto() {
        if (motoClient != null) {
            motoClient.close();
            emulatorClient.close();
        }
        if (moto != null) {
            moto.close();
        }
    }

    private static void createTable(DynamoDbClient ddb, String name) {
        ddb.createTable(r -> r.tableName(name)
                .attributeDefinitions(a -> a.attributeName("pk").attributeType(ScalarAttributeType.S),
                        a -> a.attributeName("sk").attributeType(ScalarAttributeType.N))
                .keySchema(k -> k.attributeName("pk").keyType(KeyType.HASH), k -> k.attributeName("sk").keyType(KeyType.RANGE))
                .billingMode(BillingMode.PAY_PER_REQUEST));
    }

    /** The item with a key shown as {pk=S'a', sk=N1}, normalised. */
    private static String itemAfter(DynamoDbClient ddb, String table, String shownKey) {
        java.util.regex.Matcher m = Pattern.compile("\\{pk=S'(.*)', sk=N(-?\\d+)\\}").matcher(shownKey);
        assertThat(m.matches()).as(shownKey).isTrue();
        var response = ddb.getItem(r -> r.tableName(table).consistentRead(true).key(java.util.Map.of(
                "pk", software.amazon.awssdk.services.dynamodb.model.AttributeValue.fromS(m.group(1)),
                "sk", software.amazon.awssdk.services.dynamodb.model.AttributeValue.fromN(m.group(2)))));
        return response.hasItem() ? DdbOpGenerator.show(response.item()) : "<none>";
    }

    @Test
    void generatedSequences_emulatorAndMoto_agree() {
        DynamoDbClient emulator = emulatorClient;
        long started = System.nanoTime();
        List<String> disagreements = new ArrayList<>();
        int sequences = 0;
        int operations = 0;
        int excluded = 0;
        int skipped = 0;
        for (int i = 0; i < SEQUENCES && System.nanoTime() - started < BUDGET.toNanos(); i++) {
            long seed = SEED + i;
            String table = "diff-" + Long.toHexString(seed);
            createTable(emulator, table);
            createTable(motoClient, table);
            local.local().advanceClock(Duration.ofSeconds(5));
            List<DdbOpGenerator.Op> ops = new DdbOpGenerator(new Random(seed), table).sequence();
            for (int step = 0; step < ops.size(); step++) {
                DdbOpGenerator.Op op = ops.get(step);
                String expected = op.apply(emulator);
                String actual = op.apply(motoClient);
                if (motoSizeDeviation(op, actual)) {
                    boolean emulatorChangedNothing = expected.startsWith("ERROR") || op.description().startsWith("Scan")
                            || op.description().startsWith("Query") || op.description().startsWith("GetItem");
                    if (emulatorChangedNothing) {
                        skipped++;
                        continue;
                    }
                    excluded++;
                    break;
                }
                assertThat(expected).as("emulator returned key attributes as updated: %s", op.description())
                        .doesNotEndWith(DdbOpGenerator.KEYS_MARK);
                operations++;
                boolean equal = normaliseEmulator(expected).equals(normaliseMoto(actual));
                if (!equal && op.description().contains("rv=UPDATED_") && !actual.startsWith("ERROR") && !expected.startsWith("ERROR")) {
                    String key = op.description().substring("UpdateItem ".length(), op.description().indexOf('}') + 1);
                    if (itemAfter(emulator, table, key).equals(itemAfter(motoClient, table, key))) {
                        skipped++;
                        continue;
                    }
                }
                if (!equal) {
                    disagreements.add("seed=" + seed + " step=" + step + " " + op.description() + "\n    emulator: " + expected
                            + "\n    moto:     " + actual + "\n    history: " + ops.subList(0, step).stream()
                            .map(DdbOpGenerator.Op::description).toList());
                    break;
                }
            }
            emulator.deleteTable(r -> r.tableName(table));
            motoClient.deleteTable(r -> r.tableName(table));
            sequences++;
        }
        Duration took = Duration.ofNanos(System.nanoTime() - started);
        System.out.printf("DynamoDbMotoIT: %d sequences, %d operations compared, %d sequences cut at a known moto deviation,"
                + " %d operations skipped at a known moto deviation, %d disagreements, %d s%n",
                sequences, operations, excluded, skipped, disagreements.size(), took.toSeconds());
        assertThat(disagreements).as("disagreements (first 10 of %d)", disagreements.size()).isEmpty();
        assertThat(sequences).as("sequences run within %s", BUDGET).isGreaterThanOrEqualTo(Math.min(SEQUENCES, 500));
    }
}
