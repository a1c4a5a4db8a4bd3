package io.github.hsmkeystore.bench;

import io.github.hsmkeystore.core.EncryptedTableFactory;
import io.github.hsmkeystore.core.KmsKey;
import io.github.hsmkeystore.examples.Product;
import io.github.hsmkeystore.examples.ProductCatalog;
import java.util.Optional;
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
import software.amazon.awssdk.enhanced.dynamodb.DynamoDbEnhancedClient;
import software.amazon.awssdk.enhanced.dynamodb.DynamoDbTable;
import software.amazon.awssdk.enhanced.dynamodb.Key;
import software.amazon.awssdk.enhanced.dynamodb.TableSchema;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * The library's overhead: {@link ProductCatalog#get}/{@link ProductCatalog#put} against the raw enhanced client's
 * {@code DynamoDbTable<Product>} getItem/putItem on the same table, same client, same items. Issue 6 wants the typed
 * table within 5% of the raw one ({@code typedX} / {@code rawX} in the report's overhead table).
 *
 * <p>{@code transport=IN_MEMORY} (the default) answers every call from memory with DynamoDB's recorded answer for
 * that operation (see {@link ReplayHttpClient}): the SDK still marshals, signs and unmarshals, but no network or
 * server time dilutes the difference, so the typed/raw ratio is the strictest bound of the library's cost (over a
 * real round trip the same extra microseconds are a smaller share). {@code transport=EMULATOR} runs both over the
 * emulator's loopback endpoint.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 2, time = 4)
@Measurement(iterations = 3, time = 2)
@Fork(2)
@Threads(1)
public class LibraryOverheadBenchmark {
    @Param({"STANDARD", "CUSTOM_KEY_STORE"})
    public String keyStore;

    /** The emulator's HSM backend for the CUSTOM_KEY_STORE key: {@code in-jvm} or {@code pkcs11} (SoftHSM2). */
    @Param({BenchEnvironment.IN_JVM})
    public String hsmBackend;

    /** {@code IN_MEMORY}: recorded answers, no network; {@code EMULATOR}: the loopback endpoint. */
    @Param({"IN_MEMORY"})
    public String transport;

    private BenchEnvironment env;
    private DynamoDbClient dynamoDb;
    private ProductCatalog catalog;
    private DynamoDbTable<Product> raw;
    private int next;

    @Setup(Level.Trial)
    public void setUp() {
        env = BenchEnvironment.start(hsmBackend);
        KmsKey key = env.provisionKey(BenchEnvironment.Side.valueOf(keyStore));
        String table = env.productsTable(key);
        ReplayHttpClient replay = switch (transport) {
            case "IN_MEMORY" -> new ReplayHttpClient(ApacheHttpClient.create());
            case "EMULATOR" -> null;
            default -> throw new IllegalArgumentException("transport must be IN_MEMORY or EMULATOR, got " + transport);
        };
        dynamoDb = replay == null ? null : env.dynamoDbClient(replay);
        DynamoDbClient client = replay == null ? env.dynamoDb : dynamoDb;
        DynamoDbEnhancedClient enhanced = DynamoDbEnhancedClient.builder().dynamoDbClient(client).build();
        EncryptedTableFactory tables = EncryptedTableFactory.create(client, env.kms, env.waitPolicy());
        catalog = ProductCatalog.open(enhanced, tables, table, key);
        raw = enhanced.table(table, TableSchema.fromBean(Product.class));
        for (int i = 0; i < Products.COUNT; i++) {
            raw.putItem(Products.product(i));
        }
        if (raw.getItem(Key.builder().partitionValue(Products.id(0)).build()) == null) {
            throw new IllegalStateException("product " + Products.id(0) + " missing after the set-up writes");
        }
        if (replay != null) {
            replay.replay();
        }
    }

    @Benchmark
    public Product typedPut() {
        Product p = Products.product(next++);
        catalog.put(p);
        return p;
    }

    @Benchmark
    public Product rawPut() {
        Product p = Products.product(next++);
        raw.putItem(p);
        return p;
    }

    @Benchmark
    public Optional<Product> typedGet() {
        return present(catalog.get(Products.id(next++)));
    }

    @Benchmark
    public Optional<Product> rawGet() {
        return present(Optional.ofNullable(raw.getItem(Key.builder().partitionValue(Products.id(next++)).build())));
    }

    private Optional<Product> present(Optional<Product> p) {
        if (p.isEmpty()) {
            throw new IllegalStateException("product " + Products.id(next - 1) + " missing");
        }
        return p;
    }

    /** Requests the embedded emulator has answered so far (tests: none may arrive while replaying in memory). */
    int emulatorRequests() {
        return env.embedded().requests().size();
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        if (dynamoDb != null) {
            dynamoDb.close();
        }
        env.close();
    }
}
