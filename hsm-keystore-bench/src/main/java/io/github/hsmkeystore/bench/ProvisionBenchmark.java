package io.github.hsmkeystore.bench;

import io.github.hsmkeystore.core.EncryptedTable;
import io.github.hsmkeystore.core.EncryptedTableFactory;
import io.github.hsmkeystore.core.KeyStoreBuilder;
import io.github.hsmkeystore.core.KmsKey;
import io.github.hsmkeystore.testing.LocalEmulatorActivation;
import io.github.hsmkeystore.core.Secret;
import io.github.hsmkeystore.core.TrustAnchor;
import io.github.hsmkeystore.local.LocalHsmKeyStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;

/**
 * What a new user waits for with the README's code and every default setting (WaitPolicy, CallTimeouts) on a freshly
 * started embedded emulator (default transition delay 50 ms): {@link #provision} is the whole CloudHSM chain
 * (cluster, two HSMs, initialisation, activation, custom key store connected, one key) in a cold JVM, trust anchor
 * generation included; {@link #createTable} one encrypted table created, waited for and verified. Single shot in each
 * of 3 forks: each score is one cold run, as the first test class of a JVM pays it. {@link #provisionWarm} is the same
 * code on a fresh emulator in a JVM that has provisioned before (what every later test class pays): 3 warm-up and 5
 * measured iterations, a new emulator and a new trust anchor directory each. Goals: provision under 2 s, a table
 * under 0.5 s.
 */
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 0)
@Measurement(iterations = 1)
@Fork(3)
public class ProvisionBenchmark {

    /** A started embedded emulator, nothing provisioned (the start is not measured). */
    @State(Scope.Thread)
    public static class Emulator {
        LocalHsmKeyStore local;
        Path caDir;

        /**
         * Starts the emulator.
         *
         * @throws IOException if the temporary directory cannot be created
         */
        @Setup(Level.Trial)
        public void start() throws IOException {
            local = LocalHsmKeyStore.start();
            caDir = Files.createTempDirectory("provision-bench-").resolve("customerCA");
        }

        /** Closes the emulator. */
        @TearDown(Level.Trial)
        public void stop() {
            local.close();
        }
    }

    /** A new emulator for every iteration, in a JVM that has provisioned before (its start is not measured). */
    @State(Scope.Thread)
    public static class FreshEmulator {
        Emulator current = new Emulator();

        /**
         * Starts a new emulator.
         *
         * @throws IOException if the temporary directory cannot be created
         */
        @Setup(Level.Iteration)
        public void start() throws IOException {
            current = new Emulator();
            current.start();
        }

        /** Closes it. */
        @TearDown(Level.Iteration)
        public void stop() {
            current.stop();
        }
    }

    /** An emulator with the key provisioned and the DynamoDB client loaded (not measured). */
    @State(Scope.Thread)
    public static class Provisioned extends Emulator {
        KmsKey key;
        int tables;

        /** Provisions the key and makes one DynamoDB call. */
        @Setup(Level.Trial)
        public void provisionKey() {
            key = provision(this);
            local.dynamoDbClient().listTables();
        }
    }

    /**
     * The README's provisioning code, default settings.
     *
     * @param e the emulator
     * @return the key
     */
    @Benchmark
    public static KmsKey provision(Emulator e) {
        return KeyStoreBuilder.cloudHsm(e.local.cloudHsmClient(), e.local.kmsClient())
                .newCluster(c -> c.hsmType("hsm2m.medium").subnetIds("subnet-0a1b2c3d4e5f6a7b8", "subnet-1b2c3d4e5f6a7b8c9"))
                .trustAnchor(TrustAnchor.generate(e.caDir))
                .activation(new LocalEmulatorActivation(e.local.endpoint(), Secret.of("adminPassw0rd")))
                .customKeyStoreName("orders-store")
                .kmsUserPassword(Secret.of("kmsUserPassw0rd"))
                .addKey(k -> k.alias("alias/orders").description("orders table"))
                .provision()
                .findKey("alias/orders").orElseThrow();
    }

    /**
     * The README's provisioning code on a fresh emulator in a warm JVM.
     *
     * @param e a new emulator
     * @return the key
     */
    @Benchmark
    @Warmup(iterations = 3)
    @Measurement(iterations = 5)
    @Fork(2)
    public static KmsKey provisionWarm(FreshEmulator e) {
        return provision(e.current);
    }

    /**
     * The README's table code, default settings: create, wait until ACTIVE with SSE ENABLED, verify.
     *
     * @param p the emulator with its key
     * @return the verified table
     */
    @Benchmark
    public static EncryptedTable createTable(Provisioned p) {
        return EncryptedTableFactory.create(p.local.dynamoDbClient(), p.local.kmsClient())
                .table("orders-" + p.tables++, t -> t.partitionKey("id", ScalarAttributeType.S).encryptedWith(p.key));
    }
}
