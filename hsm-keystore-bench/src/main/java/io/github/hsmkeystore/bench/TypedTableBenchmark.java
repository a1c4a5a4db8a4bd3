package io.github.hsmkeystore.bench;

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

/**
 * Typed put and get ({@link ProductCatalog}) on a DynamoDB table encrypted at rest with a standard KMS key and on one
 * encrypted with a CloudHSM-backed key. DynamoDB caches the table key (aws-semantics 5.5), so item operations do not
 * call KMS per request: the two sides should be close.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 5)
@Measurement(iterations = 5, time = 2)
@Fork(1)
@Threads(1)
public class TypedTableBenchmark {
    @Param({"STANDARD", "CUSTOM_KEY_STORE"})
    public String keyStore;

    /** The emulator's HSM backend for the CUSTOM_KEY_STORE key: {@code in-jvm} or {@code pkcs11} (SoftHSM2). */
    @Param({BenchEnvironment.IN_JVM})
    public String hsmBackend;

    private BenchEnvironment env;
    private ProductCatalog catalog;
    private int next;

    @Setup(Level.Trial)
    public void setUp() {
        env = BenchEnvironment.start(hsmBackend);
        KmsKey key = env.provisionKey(BenchEnvironment.Side.valueOf(keyStore));
        catalog = ProductCatalog.open(env.enhanced, env.tables(), env.productsTable(key), key);
        for (int i = 0; i < Products.COUNT; i++) {
            catalog.put(Products.product(i));
        }
    }

    @Benchmark
    public Product put() {
        Product p = Products.product(next++);
        catalog.put(p);
        return p;
    }

    @Benchmark
    public Optional<Product> get() {
        Optional<Product> p = catalog.get(Products.id(next++));
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
