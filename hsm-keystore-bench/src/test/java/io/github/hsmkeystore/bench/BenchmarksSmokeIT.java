package io.github.hsmkeystore.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.hsmkeystore.examples.Product;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import software.amazon.awssdk.services.kms.model.OriginType;

/**
 * Every benchmark's set-up, operations and tear-down, called directly (no JMH fork, a few calls each) on the embedded
 * emulator, so that a benchmark that cannot run fails the build rather than the next person's measurement.
 */
class BenchmarksSmokeIT {
    private static final int CALLS = 20;

    @Test
    void kmsEncrypt_encryptsOnTheEmulator() {
        KmsEncryptBenchmark b = new KmsEncryptBenchmark();
        b.setUp();
        try {
            for (int i = 0; i < CALLS; i++) {
                assertThat(b.encrypt().asByteArray()).hasSizeGreaterThan(256);
            }
        } finally {
            b.tearDown();
        }
    }

    @ParameterizedTest
    @CsvSource({"SSE_ONLY,STANDARD,0", "KMS_KEYRING,CUSTOM_KEY_STORE,40", "HIERARCHICAL_KEYRING,CUSTOM_KEY_STORE,0"})
    void clientSideEncryption_putGetAndKmsCalls(String encryption, String keyStore, long expectedKmsCalls) {
        ClientSideEncryptionBenchmark b = new ClientSideEncryptionBenchmark();
        b.encryption = encryption;
        b.keyStore = keyStore;
        b.suite = "SYMMETRIC_SIGNATURE_ONLY";
        b.setUp();
        try {
            b.startCounting();
            for (int i = 0; i < CALLS; i++) {
                assertThat(b.put().getId()).startsWith("product-");
                assertThat(b.get().getId()).startsWith("product-");
            }
            // KMS keyring: one GenerateDataKey per put and one Decrypt per get; hierarchical: branch keys cached at set-up
            assertThat(b.kmsCallsThisIteration()).isEqualTo(expectedKmsCalls);
            b.report();
        } finally {
            b.tearDown();
        }
    }

    @Test
    void queryScale_getItemAndQueryLimit1_answerOneItem() {
        QueryScaleBenchmark b = new QueryScaleBenchmark();
        b.items = 1000;
        b.setUp();
        try {
            for (int i = 0; i < CALLS; i++) {
                assertThat(b.getItem().hasItem()).isTrue();
                assertThat(b.queryLimit1().count()).isEqualTo(1);
            }
        } finally {
            b.tearDown();
        }
    }

    @Test
    void emulatorStartup_answersTheFirstRequest() throws Exception {
        assertThat(new EmulatorStartupBenchmark().startToFirstAnswer()).isNotBlank();
    }

    @Test
    void provision_defaultSettings_provisionsAndCreatesATable() throws Exception {
        ProvisionBenchmark.Provisioned p = new ProvisionBenchmark.Provisioned();
        p.start();
        try {
            p.makeClients();
            p.provisionKey();
            assertThat(p.key.customKeyStoreId().orElseThrow()).startsWith("cks-");
            assertThat(ProvisionBenchmark.provision(p)).isEqualTo(p.key);
            assertThat(ProvisionBenchmark.createTable(p).keyOrigin()).isEqualTo(OriginType.AWS_CLOUDHSM);
        } finally {
            p.stop();
        }
    }

    @Test
    void provisionWithClients_buildsTheClientsAndProvisions() throws Exception {
        ProvisionBenchmark.BareEmulator e = new ProvisionBenchmark.BareEmulator();
        e.start();
        try {
            assertThat(ProvisionBenchmark.provisionWithClients(e).customKeyStoreId().orElseThrow()).startsWith("cks-");
        } finally {
            e.stop();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"STANDARD", "CUSTOM_KEY_STORE"})
    void kmsOperations_bothSides(String keyStore) {
        KmsOperationsBenchmark b = new KmsOperationsBenchmark();
        b.keyStore = keyStore;
        b.hsmBackend = BenchEnvironment.IN_JVM;
        b.setUp();
        try {
            for (int i = 0; i < CALLS; i++) {
                assertThat(b.encrypt().asByteArray()).hasSizeGreaterThan(256);
                assertThat(b.decrypt().asByteArray()).hasSize(256);
                assertThat(b.generateDataKey().asByteArray()).isNotEmpty();
            }
        } finally {
            b.tearDown();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"STANDARD", "CUSTOM_KEY_STORE"})
    void typedTable_bothSides(String keyStore) {
        TypedTableBenchmark b = new TypedTableBenchmark();
        b.keyStore = keyStore;
        b.hsmBackend = BenchEnvironment.IN_JVM;
        b.setUp();
        try {
            for (int i = 0; i < CALLS; i++) {
                Product put = b.put();
                assertThat(put.getId()).startsWith("product-");
                assertThat(b.get()).isPresent();
            }
        } finally {
            b.tearDown();
        }
    }

    @ParameterizedTest
    @CsvSource({"STANDARD,IN_MEMORY", "CUSTOM_KEY_STORE,IN_MEMORY", "STANDARD,EMULATOR", "CUSTOM_KEY_STORE,EMULATOR"})
    void libraryOverhead_typedAndRaw(String keyStore, String transport) {
        LibraryOverheadBenchmark b = new LibraryOverheadBenchmark();
        b.keyStore = keyStore;
        b.hsmBackend = BenchEnvironment.IN_JVM;
        b.transport = transport;
        b.setUp();
        try {
            int before = b.emulatorRequests();
            for (int i = 0; i < CALLS; i++) {
                assertThat(b.typedPut().getId()).startsWith("product-");
                assertThat(b.rawPut().getId()).startsWith("product-");
                assertThat(b.typedGet()).isPresent();
                assertThat(b.rawGet()).isPresent();
            }
            int during = b.emulatorRequests() - before;
            if (transport.equals("IN_MEMORY")) {
                assertThat(during).as("in memory: no request reaches the emulator").isZero();
            } else {
                assertThat(during).as("over the emulator: every call is a request").isEqualTo(4 * CALLS);
            }
        } finally {
            b.tearDown();
        }
    }

    @Test
    void dynamoDbEmulatorVsMoto_emulatorSide() throws Exception {
        runVersus("EMULATOR");
    }

    @Test
    void dynamoDbEmulatorVsMoto_motoSide() throws Exception {
        Assumptions.assumeTrue(DynamoDbEmulatorVsMotoBenchmark.motoServer() != null,
                "moto_server is not on the PATH: the MOTO side is not exercised (pip install 'moto[server]')");
        runVersus("MOTO");
    }

    private static void runVersus(String target) throws Exception {
        DynamoDbEmulatorVsMotoBenchmark b = new DynamoDbEmulatorVsMotoBenchmark();
        b.target = target;
        b.setUp();
        try {
            for (int i = 0; i < CALLS; i++) {
                assertThat(b.put().getId()).startsWith("product-");
                assertThat(b.get().getId()).startsWith("product-");
            }
        } finally {
            b.tearDown();
        }
    }
}
