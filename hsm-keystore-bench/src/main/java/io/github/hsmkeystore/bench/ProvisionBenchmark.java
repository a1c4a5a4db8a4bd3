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
import software.amazon.awssdk.services.cloudhsmv2.CloudHsmV2Client;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.kms.KmsClient;

/**
 * What a new user waits for with the README's code and every default setting (WaitPolicy, CallTimeouts) on a freshly
 * started embedded emulator (default transition delay 50 ms). {@link #provision} is the README's quick-start snippet,
 * from {@code KeyStoreBuilder.cloudHsm(hsm, kms)} to {@code findKey}: the whole CloudHSM chain (cluster, two HSMs,
 * initialisation, activation, custom key store connected, one key) in a cold JVM, trust anchor generation included,
 * given what the README's test set-up ({@code HsmKeyStoreExtension}) hands a test: a started emulator, its SDK
 * clients and its activation, made in the (unmeasured) set-up. {@link #provisionWithClients} also builds the two SDK
 * clients inside the measurement (what a first test pays in all: the AWS SDK's client set-up is some 0.5 s of a cold
 * JVM). {@link #createTable} is one encrypted table created, waited for and verified. Single shot in each of 3 forks:
 * each score is one cold run, as the first test class of a JVM pays it. {@link #provisionWarm} is the snippet on a
 * fresh emulator in a JVM that has provisioned before (what every later test class pays): 3 warm-up and 5 measured
 * iterations, a new emulator and a new trust anchor directory each. Goals: provision under 2 s, a table under 0.5 s.
 */
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 0)
@Measurement(iterations = 1)
@Fork(3)
public class ProvisionBenchmark {

    /** A started embedded emulator, nothing provisioned, no client made yet (the start is not measured). */
    @State(Scope.Thread)
    public static class BareEmulator {
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

    /**
     * What {@code HsmKeyStoreExtension} injects into a test: a started emulator, its CloudHSM and KMS clients and a
     * {@link LocalEmulatorActivation} (none of it measured).
     */
    @State(Scope.Thread)
    public static class Emulator extends BareEmulator {
        CloudHsmV2Client hsm;
        KmsClient kms;
        LocalEmulatorActivation activation;

        /** Makes the clients and the activation of the emulator started by {@link #start()} (JMH calls it after). */
        @Setup(Level.Trial)
        public void makeClients() {
            hsm = local.cloudHsmClient();
            kms = local.kmsClient();
            activation = new LocalEmulatorActivation(local.endpoint(), Secret.of("adminPassw0rd"));
        }
    }

    /** A new emulator with its clients for every iteration, in a JVM that has provisioned before (not measured). */
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
            current.makeClients();
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
     * The README's provisioning snippet, default settings, with the clients and activation the test set-up gives.
     *
     * @param e the emulator, its clients and activation
     * @return the key
     */
    @Benchmark
    public static KmsKey provision(Emulator e) {
        return provision(e.hsm, e.kms, e.activation, e.caDir);
    }

    /**
     * The same, building the emulator's SDK clients and the activation inside the measurement.
     *
     * @param e the emulator
     * @return the key
     */
    @Benchmark
    public static KmsKey provisionWithClients(BareEmulator e) {
        return provision(e.local.cloudHsmClient(), e.local.kmsClient(),
                new LocalEmulatorActivation(e.local.endpoint(), Secret.of("adminPassw0rd")), e.caDir);
    }

    /** The README's quick-start provisioning code ("Quick start" in README.md). */
    private static KmsKey provision(CloudHsmV2Client hsm, KmsClient kms, LocalEmulatorActivation activation, Path caDir) {
        return KeyStoreBuilder.cloudHsm(hsm, kms)
                .newCluster(c -> c.hsmType("hsm2m.medium").subnetIds("subnet-0a1b2c3d4e5f6a7b8", "subnet-1b2c3d4e5f6a7b8c9"))
                .trustAnchor(TrustAnchor.generate(caDir))
                .activation(activation)
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
