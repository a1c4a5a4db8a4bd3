package io.github.hsmkeystore.bench;

import io.github.hsmkeystore.clientside.AlgorithmSuite;
import io.github.hsmkeystore.clientside.BranchKeyStore;
import io.github.hsmkeystore.clientside.ClientSideEncryption;
import io.github.hsmkeystore.clientside.ClientSideTable;
import io.github.hsmkeystore.clientside.Keyring;
import io.github.hsmkeystore.core.KmsKey;
import io.github.hsmkeystore.examples.Product;
import io.github.hsmkeystore.local.LocalHsmKeyStore;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
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
import software.amazon.awssdk.enhanced.dynamodb.DynamoDbTable;
import software.amazon.awssdk.enhanced.dynamodb.Key;
import software.amazon.awssdk.enhanced.dynamodb.TableSchema;

/**
 * Issue 14: items/s of typed put and get with encryption at rest only ({@code SSE_ONLY}), with DB-ESDK's KMS keyring,
 * and with its hierarchical keyring, on a standard and on a CloudHSM-backed key, for both algorithm suites. After each
 * iteration it prints the KMS calls the embedded emulator answered per 1,000 items ({@code kmsCallsPer1000Items}).
 * Run with the modelled HSM hop ({@code --hsm-round-trip 5ms}) to see the hierarchical keyring's effect on the custom
 * key store.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 5)
@Measurement(iterations = 5, time = 2)
@Fork(1)
@Threads(1)
public class ClientSideEncryptionBenchmark {
    /** SSE_ONLY, KMS_KEYRING or HIERARCHICAL_KEYRING. */
    @Param({"SSE_ONLY", "KMS_KEYRING", "HIERARCHICAL_KEYRING"})
    public String encryption;

    @Param({"STANDARD", "CUSTOM_KEY_STORE"})
    public String keyStore;

    /** The DB-ESDK algorithm suite (ignored for SSE_ONLY). */
    @Param({"SYMMETRIC_SIGNATURE_ONLY", "ECDSA_P384_SIGNED"})
    public String suite;

    private BenchEnvironment env;
    private ClientSideTable<Product> clientSide;
    private DynamoDbTable<Product> table;
    private Consumer<Product> put;
    private int next;
    private long opsAtIterationStart;
    private Instant iterationStart;

    @Setup(Level.Trial)
    public void setUp() {
        env = BenchEnvironment.start(BenchEnvironment.IN_JVM);
        KmsKey key = env.provisionKey(BenchEnvironment.Side.valueOf(keyStore));
        if (encryption.equals("SSE_ONLY")) {
            table = env.enhanced.table(env.productsTable(key), TableSchema.fromBean(Product.class));
            put = table::putItem;
        } else {
            Keyring keyring = Keyring.kms();
            if (encryption.equals("HIERARCHICAL_KEYRING")) {
                BranchKeyStore branchKeys = BranchKeyStore.open(env.tables(), env.dynamoDb, env.kms,
                        env.newTableName("bench-branch-keys"), key);
                keyring = Keyring.hierarchical(branchKeys, branchKeys.createBranchKey(), Duration.ofMinutes(10));
            }
            clientSide = ClientSideEncryption.builder().clients(env.dynamoDb, env.kms).tables(env.tables())
                    .clientBuilder(env::dynamoDbClientBuilder).key(key).keyring(keyring).build()
                    .table(env.newTableName("bench-cse"), Product.class, d -> d.signOnly("name").signOnly("price")
                            .signOnly("createdAt").algorithmSuite(AlgorithmSuite.valueOf(suite)));
            table = clientSide.enhancedTable();
            put = clientSide::put;
        }
        for (int i = 0; i < Products.COUNT; i++) {
            put.accept(Products.product(i));
        }
        // one read too, so that the hierarchical keyring's decrypt-side cache is warm like its encrypt side
        table.getItem(Key.builder().partitionValue(Products.id(0)).build());
    }

    @Setup(Level.Iteration)
    public void startCounting() {
        opsAtIterationStart = next;
        iterationStart = env.embedded() == null ? null : env.embedded().now();
    }

    @Benchmark
    public Product put() {
        Product p = Products.product(next++);
        put.accept(p);
        return p;
    }

    @Benchmark
    public Product get() {
        return Products.get(table, next++);
    }

    @TearDown(Level.Iteration)
    public void report() {
        long ops = next - opsAtIterationStart;
        long calls = kmsCallsThisIteration();
        if (ops > 0 && calls >= 0) {
            System.out.printf("%n[%s %s %s] kmsCallsPer1000Items=%.1f (%d KMS calls, %d items)%n", encryption, keyStore,
                    suite, calls * 1000.0 / ops, calls, ops);
        }
    }

    /** KMS requests the embedded emulator answered this iteration (its request log keeps the last 100,000), or -1. */
    long kmsCallsThisIteration() {
        LocalHsmKeyStore embedded = env.embedded();
        Instant start = iterationStart;
        if (embedded == null || start == null) {
            return -1;
        }
        return embedded.requests().stream().filter(r -> r.service().equals("kms") && !r.time().isBefore(start)).count();
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        if (clientSide != null) {
            clientSide.close();
        }
        env.close();
    }
}
