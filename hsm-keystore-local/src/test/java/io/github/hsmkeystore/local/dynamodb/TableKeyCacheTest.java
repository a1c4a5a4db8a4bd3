package io.github.hsmkeystore.local.dynamodb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.hsmkeystore.local.internal.AwsException;
import io.github.hsmkeystore.local.internal.EmulatorClock;
import io.github.hsmkeystore.local.internal.Json;
import io.github.hsmkeystore.local.internal.JsonRequest;
import io.github.hsmkeystore.local.internal.Scope;
import io.github.hsmkeystore.local.internal.dynamodb.DynamoDbService;
import io.github.hsmkeystore.local.internal.kms.KmsKeyAccess;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * How the engine uses KMS (aws-semantics 5.5, claim f): one GenerateDataKey per table key with DynamoDB's encryption
 * context, Decrypt only when the 5-minute cache expires, never a KMS call per item operation. Runs on a fake KMS.
 */
class TableKeyCacheTest {
    private static final Scope SCOPE = new Scope("111122223333", "eu-west-1");
    private static final String KEY_ARN = "arn:aws:kms:eu-west-1:111122223333:key/11111111-2222-3333-4444-555555555555";

    /** A fake KMS that wraps data keys by reversing them and counts its calls. */
    static final class FakeKms implements KmsKeyAccess {
        final List<Map<String, String>> contexts = new ArrayList<>();
        int generateCalls;
        int decryptCalls;
        boolean usable = true;

        @Override
        public KeyInfo describe(Scope scope, String keyReference) {
            if (!keyReference.equals(KEY_ARN) && !keyReference.equals("alias/fake")) {
                throw AwsException.client("NotFoundException", "Key '" + keyReference + "' does not exist");
            }
            return new KeyInfo("11111111-2222-3333-4444-555555555555", KEY_ARN, "SYMMETRIC_DEFAULT", "ENCRYPT_DECRYPT",
                    usable ? "Enabled" : "Disabled", "AWS_KMS", null);
        }

        @Override
        public KeyInfo awsManagedKey(Scope scope, String service) {
            return describe(scope, KEY_ARN);
        }

        @Override
        public DataKey generateDataKey(Scope scope, String keyReference, Map<String, String> encryptionContext) {
            generateCalls++;
            contexts.add(encryptionContext);
            byte[] plain = new byte[32];
            new SecureRandom().nextBytes(plain);
            return new DataKey(KEY_ARN, plain.clone(), reverse(plain));
        }

        @Override
        public byte[] decrypt(Scope scope, byte[] ciphertextBlob, Map<String, String> encryptionContext) {
            decryptCalls++;
            contexts.add(encryptionContext);
            if (!usable) {
                throw AwsException.client("DisabledException", KEY_ARN + " is disabled.");
            }
            return reverse(ciphertextBlob);
        }

        private static byte[] reverse(byte[] in) {
            byte[] out = Arrays.copyOf(in, in.length);
            for (int i = 0; i < out.length / 2; i++) {
                byte t = out[i];
                out[i] = out[out.length - 1 - i];
                out[out.length - 1 - i] = t;
            }
            return out;
        }
    }

    private final EmulatorClock clock = new EmulatorClock();
    private final FakeKms kms = new FakeKms();
    private final DynamoDbService ddb = new DynamoDbService(clock, kms, Duration.ZERO);

    private ObjectNode call(String operation, String json) {
        try {
            return ddb.handle(SCOPE, operation, new JsonRequest((ObjectNode) Json.readTree(json)));
        } catch (java.io.IOException e) {
            throw new IllegalArgumentException(e);
        }
    }

    private void createEncryptedTable() {
        call("CreateTable", "{\"TableName\":\"orders\",\"BillingMode\":\"PAY_PER_REQUEST\","
                + "\"AttributeDefinitions\":[{\"AttributeName\":\"id\",\"AttributeType\":\"S\"}],"
                + "\"KeySchema\":[{\"AttributeName\":\"id\",\"KeyType\":\"HASH\"}],"
                + "\"SSESpecification\":{\"Enabled\":true,\"SSEType\":\"KMS\",\"KMSMasterKeyId\":\"alias/fake\"}}");
        clock.advance(Duration.ofMillis(1));
    }

    private ObjectNode put(int i) {
        return call("PutItem", "{\"TableName\":\"orders\",\"Item\":{\"id\":{\"S\":\"" + i + "\"},\"v\":{\"N\":\"" + i + "\"}}}");
    }

    @Test
    void itemOperations_withinCacheWindow_callKmsOnlyOnceAtCreate() {
        createEncryptedTable();
        for (int i = 0; i < 50; i++) {
            put(i);
            call("GetItem", "{\"TableName\":\"orders\",\"Key\":{\"id\":{\"S\":\"" + i + "\"}}}");
        }

        assertThat(kms.generateCalls).isEqualTo(1);
        assertThat(kms.decryptCalls).isZero();
        assertThat(kms.contexts).containsOnly(Map.of("aws:dynamodb:tableName", "orders", "aws:dynamodb:subscriberId", "111122223333"));
    }

    @Test
    void itemOperations_afterFiveMinutes_decryptTheTableKeyOnceAgain() {
        createEncryptedTable();
        put(1);

        clock.advance(Duration.ofMinutes(5).plusSeconds(1));
        for (int i = 0; i < 10; i++) {
            put(i);
        }

        assertThat(kms.decryptCalls).isEqualTo(1);
        ObjectNode item = call("GetItem", "{\"TableName\":\"orders\",\"Key\":{\"id\":{\"S\":\"1\"}}}");
        assertThat(item.get("Item").get("v").get("N").asText()).isEqualTo("1");
    }

    @Test
    void unusableKey_afterCacheExpiry_deniesItemOperations_untilKmsWorksAgain() {
        createEncryptedTable();
        put(7);
        kms.usable = false;
        clock.advance(Duration.ofMinutes(6));

        assertThatThrownBy(() -> put(8)).isInstanceOfSatisfying(AwsException.class, e -> {
            assertThat(e.type()).isEqualTo("AccessDeniedException");
            assertThat(e.status()).isEqualTo(400);
            assertThat(e.getMessage()).startsWith("KMS key access denied error:");
        });
        assertThat(call("DescribeTable", "{\"TableName\":\"orders\"}").get("Table").get("TableStatus").asText())
                .isEqualTo("INACCESSIBLE_ENCRYPTION_CREDENTIALS");

        kms.usable = true;
        ObjectNode item = call("GetItem", "{\"TableName\":\"orders\",\"Key\":{\"id\":{\"S\":\"7\"}}}");
        assertThat(item.get("Item").get("v").get("N").asText()).isEqualTo("7");
        assertThat(call("DescribeTable", "{\"TableName\":\"orders\"}").get("Table").get("TableStatus").asText()).isEqualTo("ACTIVE");
    }

    @Test
    void createTable_withUnknownKey_failsBeforeCreatingAnything() {
        assertThatThrownBy(() -> call("CreateTable", "{\"TableName\":\"other\",\"BillingMode\":\"PAY_PER_REQUEST\","
                + "\"AttributeDefinitions\":[{\"AttributeName\":\"id\",\"AttributeType\":\"S\"}],"
                + "\"KeySchema\":[{\"AttributeName\":\"id\",\"KeyType\":\"HASH\"}],"
                + "\"SSESpecification\":{\"Enabled\":true,\"KMSMasterKeyId\":\"alias/nope\"}}"))
                .isInstanceOfSatisfying(AwsException.class, e -> {
                    assertThat(e.type()).isEqualTo("ValidationException");
                    assertThat(e.getMessage()).contains("KMS validation error").contains("NotFoundException");
                });
        assertThat(call("ListTables", "{}").get("TableNames")).isEmpty();
        assertThat(kms.generateCalls).isZero();
    }
}
