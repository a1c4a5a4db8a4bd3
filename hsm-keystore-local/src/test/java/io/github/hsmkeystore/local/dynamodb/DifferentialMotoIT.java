package io.github.hsmkeystore.local.dynamodb;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.hsmkeystore.local.LocalHsmKeyStore;
import io.github.hsmkeystore.local.LocalHsmKeyStoreExtension;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.retries.DefaultRetryStrategy;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
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

    private static void createTable(DynamoDbClient client, String table) {
        client.createTable(b -> b.tableName(table).billingMode(BillingMode.PAY_PER_REQUEST)
                .attributeDefinitions(a -> a.attributeName("pk").attributeType(ScalarAttributeType.S),
                        a -> a.attributeName("sk").attributeType(ScalarAttributeType.N))
                .keySchema(k -> k.attributeName("pk").keyType(KeyType.HASH), k -> k.attributeName("sk").keyType(KeyType.RANGE)));
    }
}
