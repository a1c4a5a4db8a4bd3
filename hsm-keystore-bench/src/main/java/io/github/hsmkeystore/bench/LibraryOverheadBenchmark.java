package io.github.hsmkeystore.bench;

import io.github.hsmkeystore.core.KmsKey;
import io.github.hsmkeystore.dynamodb.Product;
import io.github.hsmkeystore.dynamodb.ProductCatalog;
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
import software.amazon.awssdk.enhanced.dynamodb.DynamoDbTable;
import software.amazon.awssdk.enhanced.dynamodb.Key;
import software.amazon.awssdk.enhanced.dynamodb.TableSchema;

/**
 * The library's overhead: {@link ProductCatalog#get}/{@link ProductCatalog#put} against the raw enhanced client's
 * {@code DynamoDbTable<Product>} getItem/putItem on the same table, same client, same items. Issue 6 wants the typed
 * table within 5% of the raw one ({@code typedX} / {@code rawX} in the report's overhead table).
 */
@State(Scope.Benchmark)
@BenchmarkMode({Mode.Throughput, Mode.SampleTime})
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
@Threads(1)
public class LibraryOverheadBenchmark {
    @Param({"STANDARD", "CUSTOM_KEY_STORE"})
    public String keyStore;

    /** The emulator's HSM backend for the CUSTOM_KEY_STORE key: {@code in-jvm} or {@code pkcs11} (SoftHSM2). */
    @Param({BenchEnvironment.IN_JVM})
    public String hsmBackend;

    private BenchEnvironment env;
    private ProductCatalog catalog;
    private DynamoDbTable<Product> raw;
    private int next;

    @Setup(Level.Trial)
    public void setUp() {
        env = BenchEnvironment.start(hsmBackend);
        KmsKey key = env.provisionKey(BenchEnvironment.Side.valueOf(keyStore));
        String table = env.productsTable(key);
        catalog = ProductCatalog.open(env.enhanced, env.tables(), table, key);
        raw = env.enhanced.table(table, TableSchema.fromBean(Product.class));
        for (int i = 0; i < Products.COUNT; i++) {
            raw.putItem(Products.product(i));
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

    @TearDown(Level.Trial)
    public void tearDown() {
        env.close();
    }
}
