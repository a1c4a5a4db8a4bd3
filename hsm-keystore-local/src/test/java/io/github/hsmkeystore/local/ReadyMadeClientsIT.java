package io.github.hsmkeystore.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.dynamodb.model.TableStatus;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.kms.model.KmsInternalException;
import software.amazon.awssdk.services.kms.model.NotFoundException;

/**
 * The emulator's ready-made SDK clients over the SDK's Apache client (internal.LoopbackHttpClient): connections
 * are kept alive and reused, error bodies reach the SDK's exceptions, 400 KB items go both ways and eight threads
 * share the clients (docs/emulator-clients.md). One emulator per test, so its accepted-connection count is this
 * test's alone. LoopbackHttpClientIT covers connections closed under the client.
 */
class ReadyMadeClientsIT {
    private static final String MISSING_KEY = "1234abcd-12ab-34cd-56ef-1234567890ab";

    @RegisterExtension
    final LocalHsmKeyStoreExtension local = LocalHsmKeyStoreExtension.create();

    private static String createTable(DynamoDbClient ddb, String name) {
        ddb.createTable(b -> b.tableName(name).billingMode(BillingMode.PAY_PER_REQUEST)
                .attributeDefinitions(a -> a.attributeName("pk").attributeType(ScalarAttributeType.S))
                .keySchema(k -> k.attributeName("pk").keyType(KeyType.HASH)));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (ddb.describeTable(b -> b.tableName(name)).table().tableStatus() != TableStatus.ACTIVE) {
            assertThat(System.nanoTime()).as("table %s ACTIVE within 10 s", name).isLessThan(deadline);
            Pause.sleep(20);
        }
        return name;
    }

    @Test
    void sharedClients_sequentialCallsOfThreeServices_oneKeptAliveConnection() {
        LocalHsmKeyStore l = local.local();
        String keyId = l.kmsClient().createKey(b -> { }).keyMetadata().keyId();
        String table = createTable(l.dynamoDbClient(), "keepalive");
        for (int i = 0; i < 30; i++) {
            l.kmsClient().describeKey(b -> b.keyId(keyId));
            l.dynamoDbClient().getItem(b -> b.tableName(table).key(Map.of("pk", AttributeValue.fromS("x"))));
            l.cloudHsmClient().describeClusters(b -> { });
        }

        assertThat(l.requestCount("kms", "DescribeKey")).isEqualTo(30);
        assertThat(l.acceptedConnections()).as("connections accepted for 90+ sequential calls").isEqualTo(1);
    }

    @Test
    void kmsClient_describeMissingKey_notFoundWithAwsCodeAndMessageThenConnectionReused() {
        LocalHsmKeyStore l = local.local();
        String keyId = l.kmsClient().createKey(b -> { }).keyMetadata().keyId();

        assertThatThrownBy(() -> l.kmsClient().describeKey(b -> b.keyId(MISSING_KEY)))
                .isInstanceOfSatisfying(NotFoundException.class, e -> {
                    assertThat(e.statusCode()).isEqualTo(400);
                    assertThat(e.awsErrorDetails().errorCode()).isEqualTo("NotFoundException");
                    assertThat(e.awsErrorDetails().errorMessage()).contains(MISSING_KEY).contains("does not exist");
                    assertThat(e.requestId()).isNotBlank();
                });
        assertThat(l.kmsClient().describeKey(b -> b.keyId(keyId)).keyMetadata().keyId()).isEqualTo(keyId);
        assertThat(l.acceptedConnections()).as("the error body was read to its end, so the connection stayed usable")
                .isEqualTo(1);
    }

    @Test
    void kmsClient_injected500Twice_sdkRetriesReadTheErrorBodiesAndSucceeds() {
        LocalHsmKeyStore l = local.local();
        String keyId = l.kmsClient().createKey(b -> { }).keyMetadata().keyId();
        l.faults().failNext("kms", "DescribeKey", 2, 500, "KMSInternalException", "injected internal failure");

        assertThat(l.kmsClient().describeKey(b -> b.keyId(keyId)).keyMetadata().keyId()).isEqualTo(keyId);
        assertThat(l.requestCount("kms", "DescribeKey")).as("two failed attempts and the third that succeeded")
                .isEqualTo(3);
    }

    @Test
    void kmsClient_injected500BeyondRetries_kmsInternalExceptionWithMessage() {
        LocalHsmKeyStore l = local.local();
        l.faults().failNext("kms", "ListKeys", 10, 500, "KMSInternalException", "injected internal failure");

        assertThatThrownBy(() -> l.kmsClient().listKeys())
                .isInstanceOfSatisfying(KmsInternalException.class, e -> {
                    assertThat(e.statusCode()).isEqualTo(500);
                    assertThat(e.awsErrorDetails().errorMessage()).isEqualTo("injected internal failure");
                });
    }

    @Test
    void dynamoDbClient_item400Kb_putAndGetRoundTripAndOversizeRefused() {
        LocalHsmKeyStore l = local.local();
        DynamoDbClient ddb = l.dynamoDbClient();
        String table = createTable(ddb, "large");
        byte[] data = new byte[400 * 1024 - 2 - 1 - 4];
        Arrays.fill(data, (byte) 0x5a);
        data[0] = 1;
        data[data.length - 1] = 2;
        // item size: "pk" (2) + "k" (1) + "data" (4) + the binary value: exactly the 400 KB limit
        ddb.putItem(b -> b.tableName(table).item(Map.of("pk", AttributeValue.fromS("k"),
                "data", AttributeValue.fromB(SdkBytes.fromByteArray(data)))));

        Map<String, AttributeValue> item = ddb.getItem(b -> b.tableName(table).consistentRead(true)
                .key(Map.of("pk", AttributeValue.fromS("k")))).item();

        assertThat(item.get("data").b().asByteArray()).isEqualTo(data);
        byte[] oneMore = Arrays.copyOf(data, data.length + 1);
        assertThatThrownBy(() -> ddb.putItem(b -> b.tableName(table).item(Map.of("pk", AttributeValue.fromS("k2"),
                "data", AttributeValue.fromB(SdkBytes.fromByteArray(oneMore))))))
                .isInstanceOfSatisfying(DynamoDbException.class, e -> {
                    assertThat(e.awsErrorDetails().errorCode()).isEqualTo("ValidationException");
                    assertThat(e.awsErrorDetails().errorMessage())
                            .isEqualTo("Item size has exceeded the maximum allowed size");
                });
        assertThat(l.acceptedConnections()).isEqualTo(1);
    }

    @Test
    void sharedClients_8ThreadsX200Calls_allSucceedEachExecutedOnce() throws Exception {
        LocalHsmKeyStore l = local.local();
        KmsClient kms = l.kmsClient();
        DynamoDbClient ddb = l.dynamoDbClient();
        String keyId = kms.createKey(b -> { }).keyMetadata().keyId();
        String table = createTable(ddb, "threads");
        l.clearRequests();
        int threads = 8;
        int callsPerThread = 200;
        AtomicInteger ok = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        List<Future<?>> futures = new ArrayList<>();
        try {
            for (int t = 0; t < threads; t++) {
                int thread = t;
                futures.add(pool.submit(() -> {
                    SdkBytes ciphertext = null;
                    for (int i = 0; i < callsPerThread; i += 4) {
                        String pk = thread + "-" + i;
                        ddb.putItem(b -> b.tableName(table).item(Map.of("pk", AttributeValue.fromS(pk))));
                        assertThat(ddb.getItem(b -> b.tableName(table).consistentRead(true)
                                .key(Map.of("pk", AttributeValue.fromS(pk)))).item()).containsKey("pk");
                        SdkBytes plaintext = SdkBytes.fromUtf8String(pk);
                        ciphertext = kms.encrypt(b -> b.keyId(keyId).plaintext(plaintext)).ciphertextBlob();
                        SdkBytes blob = ciphertext;
                        assertThat(kms.decrypt(b -> b.ciphertextBlob(blob)).plaintext()).isEqualTo(plaintext);
                        ok.addAndGet(4);
                    }
                    return null;
                }));
            }
            for (Future<?> f : futures) {
                f.get(120, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }

        assertThat(ok.get()).isEqualTo(threads * callsPerThread);
        for (String[] op : new String[][] {{"dynamodb", "PutItem"}, {"dynamodb", "GetItem"}, {"kms", "Encrypt"},
                {"kms", "Decrypt"}}) {
            assertThat(l.requestCount(op[0], op[1])).as("%s executed once per call", op[1])
                    .isEqualTo(threads * callsPerThread / 4);
        }
        // pooled connections: about one per thread, far fewer than one per call
        assertThat(l.acceptedConnections()).isBetween((long) threads, (long) threads * callsPerThread / 2);
    }
}
