package io.github.hsmkeystore.local.dynamodb;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.hsmkeystore.local.internal.EmulatorClock;
import io.github.hsmkeystore.local.internal.Json;
import io.github.hsmkeystore.local.internal.JsonRequest;
import io.github.hsmkeystore.local.internal.Scope;
import io.github.hsmkeystore.local.internal.cloudhsm.CloudHsmService;
import io.github.hsmkeystore.local.internal.dynamodb.DynamoDbService;
import io.github.hsmkeystore.local.internal.hsm.InJvmHsmBackend;
import io.github.hsmkeystore.local.internal.kms.KmsKeyAccess;
import io.github.hsmkeystore.local.internal.kms.KmsService;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Locking no coarser than one table (docs/dynamodb-storage.md, "Locking"): while a request on table A is stuck inside
 * A's lock (a Scan held by the engine's test hook, or A's table-key refresh held inside KMS), requests on table B, the
 * control plane and KMS itself still complete. Runs the KMS, CloudHSMv2 and DynamoDB engines in-process, without HTTP;
 * every wait is bounded.
 */
class TableIsolationTest {
    private static final Scope SCOPE = new Scope("000000000000", "us-east-1");
    private final EmulatorClock clock = new EmulatorClock();
    private final KmsService kms = new KmsService(clock, new CloudHsmService(clock, InJvmHsmBackend::new, Duration.ZERO), Duration.ZERO);
    private final GatedKms gatedKms = new GatedKms(kms);
    private final DynamoDbService ddb = new DynamoDbService(clock, gatedKms, Duration.ZERO);
    private final ExecutorService pool = Executors.newCachedThreadPool();
    private final CountDownLatch entered = new CountDownLatch(1);
    private final CountDownLatch release = new CountDownLatch(1);

    /** KMS for DynamoDB whose Decrypt of one table's key waits for {@link #release} once armed. */
    final class GatedKms implements KmsKeyAccess {
        private final KmsKeyAccess delegate;
        volatile String gatedTable;

        GatedKms(KmsKeyAccess delegate) {
            this.delegate = delegate;
        }

        @Override
        public KeyInfo describe(Scope scope, String keyReference) {
            return delegate.describe(scope, keyReference);
        }

        @Override
        public KeyInfo awsManagedKey(Scope scope, String service) {
            return delegate.awsManagedKey(scope, service);
        }

        @Override
        public DataKey generateDataKey(Scope scope, String keyReference, Map<String, String> encryptionContext) {
            return delegate.generateDataKey(scope, keyReference, encryptionContext);
        }

        @Override
        public byte[] decrypt(Scope scope, byte[] ciphertextBlob, Map<String, String> encryptionContext) {
            if (encryptionContext.get("aws:dynamodb:tableName").equals(gatedTable)) {
                entered.countDown();
                await(release);
            }
            return delegate.decrypt(scope, ciphertextBlob, encryptionContext);
        }
    }

    private static void await(CountDownLatch latch) {
        try {
            if (!latch.await(30, TimeUnit.SECONDS)) {
                throw new AssertionError("not released within 30 s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    @AfterEach
    void tearDown() {
        release.countDown();
        ddb.onItemRead(null);
        pool.shutdownNow();
    }

    private ObjectNode call(String operation, String json) {
        try {
            return ddb.handle(SCOPE, operation, new JsonRequest((ObjectNode) Json.readTree(json)));
        } catch (java.io.IOException e) {
            throw new IllegalArgumentException(e);
        }
    }

    private void createTable(String name, String sse) {
        call("CreateTable", "{\"TableName\":\"" + name + "\",\"BillingMode\":\"PAY_PER_REQUEST\","
                + "\"AttributeDefinitions\":[{\"AttributeName\":\"id\",\"AttributeType\":\"S\"}],"
                + "\"KeySchema\":[{\"AttributeName\":\"id\",\"KeyType\":\"HASH\"}]" + sse + "}");
        clock.advance(Duration.ofMillis(1));
        call("PutItem", "{\"TableName\":\"" + name + "\",\"Item\":{\"id\":{\"S\":\"1\"},\"v\":{\"S\":\"" + name + "\"}}}");
    }

    /** Requests on other tables, the control plane and KMS, run on another thread; fails if they take over 20 s. */
    private void otherWorkCompletes(String otherTable) throws Exception {
        Future<?> other = pool.submit(() -> {
            assertThat(call("GetItem", "{\"TableName\":\"" + otherTable + "\",\"Key\":{\"id\":{\"S\":\"1\"}}}")
                    .get("Item").get("v").get("S").asText()).isEqualTo(otherTable);
            call("PutItem", "{\"TableName\":\"" + otherTable + "\",\"Item\":{\"id\":{\"S\":\"2\"}}}");
            assertThat(call("Scan", "{\"TableName\":\"" + otherTable + "\"}").get("Count").asInt()).isEqualTo(2);
            call("CreateTable", "{\"TableName\":\"gamma\",\"BillingMode\":\"PAY_PER_REQUEST\","
                    + "\"AttributeDefinitions\":[{\"AttributeName\":\"id\",\"AttributeType\":\"S\"}],"
                    + "\"KeySchema\":[{\"AttributeName\":\"id\",\"KeyType\":\"HASH\"}]}");
            assertThat(call("ListTables", "{}").get("TableNames")).extracting(n -> n.asText()).contains("gamma", otherTable);
            String keyId = kms.handle(SCOPE, "CreateKey", new JsonRequest(Json.object())).get("KeyMetadata").get("KeyId").asText();
            assertThat(kms.handle(SCOPE, "Encrypt", new JsonRequest(Json.object().put("KeyId", keyId).put("Plaintext", "AAEC")))
                    .get("CiphertextBlob").asText()).isNotEmpty();
            return null;
        });
        other.get(20, TimeUnit.SECONDS);
    }

    @Test
    void scanBlockedInsideTableA_otherTablesAndKms_stillAnswer() throws Exception {
        createTable("alpha", "");
        createTable("beta", "");
        ddb.onItemRead(table -> {
            if (table.equals("alpha")) {
                entered.countDown();
                await(release);
            }
        });
        Future<ObjectNode> scan = pool.submit(() -> call("Scan", "{\"TableName\":\"alpha\"}"));
        assertThat(entered.await(20, TimeUnit.SECONDS)).as("the Scan reached the hook").isTrue();

        otherWorkCompletes("beta");

        assertThat(scan.isDone()).as("the Scan on alpha is still held").isFalse();
        release.countDown();
        assertThat(scan.get(20, TimeUnit.SECONDS).get("Count").asInt()).isEqualTo(1);
    }

    @Test
    void tableKeyRefreshOfTableAStuckInKms_otherTablesAndKms_stillAnswer() throws Exception {
        String keyArn = kms.handle(SCOPE, "CreateKey", new JsonRequest(Json.object())).get("KeyMetadata").get("Arn").asText();
        String sse = ",\"SSESpecification\":{\"Enabled\":true,\"SSEType\":\"KMS\",\"KMSMasterKeyId\":\"" + keyArn + "\"}";
        createTable("alpha", sse);
        createTable("beta", sse);
        clock.advance(Duration.ofMinutes(6)); // both cached table keys expire: the next item operation decrypts them
        gatedKms.gatedTable = "alpha";
        Future<ObjectNode> get = pool.submit(() -> call("GetItem", "{\"TableName\":\"alpha\",\"Key\":{\"id\":{\"S\":\"1\"}}}"));
        assertThat(entered.await(20, TimeUnit.SECONDS)).as("alpha's key refresh reached KMS").isTrue();

        otherWorkCompletes("beta");

        assertThat(get.isDone()).as("the GetItem on alpha is still held").isFalse();
        release.countDown();
        assertThat(get.get(20, TimeUnit.SECONDS).get("Item").get("v").get("S").asText()).isEqualTo("alpha");
    }

    @Test
    void multiTableRequests_inOppositeOrders_doNotDeadlock() throws Exception {
        createTable("alpha", "");
        createTable("beta", "");
        String ab = "{\"TransactItems\":[{\"Update\":{\"TableName\":\"alpha\",\"Key\":{\"id\":{\"S\":\"1\"}},\"UpdateExpression\":\"ADD n :one\","
                + "\"ExpressionAttributeValues\":{\":one\":{\"N\":\"1\"}}}},{\"Update\":{\"TableName\":\"beta\",\"Key\":{\"id\":{\"S\":\"1\"}},"
                + "\"UpdateExpression\":\"ADD n :one\",\"ExpressionAttributeValues\":{\":one\":{\"N\":\"1\"}}}}]}";
        String ba = "{\"RequestItems\":{\"beta\":[{\"PutRequest\":{\"Item\":{\"id\":{\"S\":\"b\"}}}}],"
                + "\"alpha\":[{\"PutRequest\":{\"Item\":{\"id\":{\"S\":\"a\"}}}}]}}";
        Future<?> one = pool.submit(() -> {
            for (int i = 0; i < 300; i++) {
                call("TransactWriteItems", ab);
            }
            return null;
        });
        Future<?> two = pool.submit(() -> {
            for (int i = 0; i < 300; i++) {
                call("BatchWriteItem", ba);
            }
            return null;
        });
        one.get(60, TimeUnit.SECONDS);
        two.get(60, TimeUnit.SECONDS);

        assertThat(call("GetItem", "{\"TableName\":\"alpha\",\"Key\":{\"id\":{\"S\":\"1\"}}}").get("Item").get("n").get("N").asText())
                .isEqualTo("300");
        assertThat(call("GetItem", "{\"TableName\":\"beta\",\"Key\":{\"id\":{\"S\":\"1\"}}}").get("Item").get("n").get("N").asText())
                .isEqualTo("300");
    }
}
