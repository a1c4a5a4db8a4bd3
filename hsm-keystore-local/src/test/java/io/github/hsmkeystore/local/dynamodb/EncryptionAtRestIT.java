package io.github.hsmkeystore.local.dynamodb;

import static io.github.hsmkeystore.local.dynamodb.DynamoDbFixture.key;
import static io.github.hsmkeystore.local.dynamodb.DynamoDbFixture.s;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.hsmkeystore.local.LocalHsmKeyStore;
import io.github.hsmkeystore.local.LocalHsmKeyStoreExtension;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.SSEDescription;
import software.amazon.awssdk.services.dynamodb.model.SSESpecification;
import software.amazon.awssdk.services.dynamodb.model.SSEStatus;
import software.amazon.awssdk.services.dynamodb.model.SSEType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.dynamodb.model.TableDescription;
import software.amazon.awssdk.services.dynamodb.model.TableStatus;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.kms.model.KeyMetadata;
import software.amazon.awssdk.services.kms.model.KeySpec;
import software.amazon.awssdk.services.kms.model.KeyUsageType;

/** Encryption at rest with the emulated KMS (aws-semantics section 5): key choices, validation, inaccessible keys. */
class EncryptionAtRestIT {
    @RegisterExtension
    static final LocalHsmKeyStoreExtension local = LocalHsmKeyStoreExtension.create(b -> b.transitionDelay(Duration.ZERO));

    @Test
    void createTable_withoutSseSpecification_hasNoSseDescription(DynamoDbClient ddb) {
        String table = create(ddb, null);

        assertThat(describe(ddb, table).sseDescription()).isNull();
    }

    @Test
    void createTable_withSseEnabledAndNoKey_usesAwsManagedKey(DynamoDbClient ddb, KmsClient kms) {
        String table = create(ddb, SSESpecification.builder().enabled(true).build());

        SSEDescription sse = describe(ddb, table).sseDescription();
        String managedArn = kms.describeKey(b -> b.keyId("alias/aws/dynamodb")).keyMetadata().arn();
        assertThat(sse.status()).isEqualTo(SSEStatus.ENABLED);
        assertThat(sse.sseType()).isEqualTo(SSEType.KMS);
        assertThat(sse.kmsMasterKeyArn()).isEqualTo(managedArn);
    }

    @Test
    void createTable_withAliasName_reportsKeyArn(DynamoDbClient ddb, KmsClient kms) {
        KeyMetadata key = kms.createKey(b -> b.description("table key")).keyMetadata();
        String alias = "alias/" + DynamoDbFixture.uniqueName("tables");
        kms.createAlias(b -> b.aliasName(alias).targetKeyId(key.keyId()));

        String table = create(ddb, kmsSse(alias));

        assertThat(describe(ddb, table).sseDescription().kmsMasterKeyArn()).isEqualTo(key.arn());
    }

    @Test
    void createTable_withUnknownKey_failsKmsValidation(DynamoDbClient ddb, LocalHsmKeyStore emulator) {
        String missing = "arn:aws:kms:" + emulator.region().id() + ":" + emulator.accountId() + ":key/00000000-0000-0000-0000-000000000000";

        assertThatThrownBy(() -> create(ddb, kmsSse(missing)))
                .isInstanceOfSatisfying(AwsServiceException.class, e -> {
                    assertThat(e.awsErrorDetails().errorCode()).isEqualTo("ValidationException");
                    assertThat(e.statusCode()).isEqualTo(400);
                    assertThat(e.getMessage()).contains("KMS validation error").contains("NotFoundException").contains("does not exist");
                });
    }

    @Test
    void createTable_withAsymmetricOrDisabledKey_failsValidation(DynamoDbClient ddb, KmsClient kms) {
        String rsa = kms.createKey(b -> b.keySpec(KeySpec.RSA_2048).keyUsage(KeyUsageType.SIGN_VERIFY)).keyMetadata().arn();
        String disabled = kms.createKey(b -> b.description("off")).keyMetadata().arn();
        kms.disableKey(b -> b.keyId(disabled));

        for (String keyArn : new String[] {rsa, disabled}) {
            assertThatThrownBy(() -> create(ddb, kmsSse(keyArn)))
                    .isInstanceOfSatisfying(AwsServiceException.class, e -> {
                        assertThat(e.awsErrorDetails().errorCode()).isEqualTo("ValidationException");
                        assertThat(e.getMessage()).contains("KMS validation error");
                    });
        }
    }

    @Test
    void createTable_withAes256_isNotSupported(DynamoDbClient ddb) {
        assertThatThrownBy(() -> create(ddb, SSESpecification.builder().enabled(true).sseType(SSEType.AES256).build()))
                .isInstanceOfSatisfying(AwsServiceException.class, e -> {
                    assertThat(e.awsErrorDetails().errorCode()).isEqualTo("ValidationException");
                    assertThat(e.getMessage()).contains("SSEType AES256 is not supported");
                });
    }

    @Test
    void disabledKey_afterCacheExpiry_makesTableInaccessible_andEnablingRestoresEveryItem(
            DynamoDbClient ddb, KmsClient kms, LocalHsmKeyStore emulator) {
        String keyId = kms.createKey(b -> b.description("round trip")).keyMetadata().keyId();
        String table = create(ddb, kmsSse(keyId));
        for (int i = 0; i < 30; i++) {
            Map<String, AttributeValue> item = item(i);
            ddb.putItem(b -> b.tableName(table).item(item));
        }

        kms.disableKey(b -> b.keyId(keyId));
        // within the 5-minute cache the table key still works, as on AWS
        assertThat(ddb.getItem(b -> b.tableName(table).key(key("p", "s00"))).item()).isEqualTo(item(0));

        emulator.advanceClock(Duration.ofMinutes(6));
        TableDescription inaccessible = describe(ddb, table);
        assertThat(inaccessible.tableStatus()).isEqualTo(TableStatus.INACCESSIBLE_ENCRYPTION_CREDENTIALS);
        assertThat(inaccessible.sseDescription().inaccessibleEncryptionDateTime()).isNotNull();
        assertThatThrownBy(() -> ddb.getItem(b -> b.tableName(table).key(key("p", "s00"))))
                .isInstanceOfSatisfying(AwsServiceException.class, e -> {
                    assertThat(e.awsErrorDetails().errorCode()).isEqualTo("AccessDeniedException");
                    assertThat(e.statusCode()).isEqualTo(400);
                    assertThat(e.getMessage()).contains("KMS key access denied error");
                });
        assertThatThrownBy(() -> ddb.putItem(b -> b.tableName(table).item(item(99))))
                .isInstanceOfSatisfying(AwsServiceException.class,
                        e -> assertThat(e.awsErrorDetails().errorCode()).isEqualTo("AccessDeniedException"));

        kms.enableKey(b -> b.keyId(keyId));
        for (int i = 0; i < 30; i++) {
            int n = i;
            assertThat(ddb.getItem(b -> b.tableName(table).key(key("p", String.format("s%02d", n)))).item()).isEqualTo(item(i));
        }
        TableDescription restored = describe(ddb, table);
        assertThat(restored.tableStatus()).isEqualTo(TableStatus.ACTIVE);
        assertThat(restored.sseDescription().inaccessibleEncryptionDateTime()).isNull();
        assertThat(restored.itemCount()).isEqualTo(30);
    }

    @Test
    void inaccessibleTable_afterSevenDays_isArchived(DynamoDbClient ddb, KmsClient kms, LocalHsmKeyStore emulator) {
        String keyId = kms.createKey(b -> b.description("archive")).keyMetadata().keyId();
        String table = create(ddb, kmsSse(keyId));
        ddb.putItem(b -> b.tableName(table).item(item(1)));
        kms.disableKey(b -> b.keyId(keyId));
        emulator.advanceClock(Duration.ofMinutes(6));
        assertThat(describe(ddb, table).tableStatus()).isEqualTo(TableStatus.INACCESSIBLE_ENCRYPTION_CREDENTIALS);

        emulator.advanceClock(Duration.ofDays(7));

        TableDescription archived = describe(ddb, table);
        assertThat(archived.tableStatus()).isEqualTo(TableStatus.ARCHIVED);
        assertThat(archived.archivalSummary().archivalReason()).isEqualTo("INACCESSIBLE_ENCRYPTION_CREDENTIALS");
    }

    @Test
    void updateTable_switchingKey_keepsItemsReadableUnderTheNewKey(DynamoDbClient ddb, KmsClient kms, LocalHsmKeyStore emulator) {
        String first = kms.createKey(b -> b.description("first")).keyMetadata().keyId();
        KeyMetadata second = kms.createKey(b -> b.description("second")).keyMetadata();
        String table = create(ddb, kmsSse(first));
        for (int i = 0; i < 5; i++) {
            Map<String, AttributeValue> item = item(i);
            ddb.putItem(b -> b.tableName(table).item(item));
        }

        TableDescription updating = ddb.updateTable(b -> b.tableName(table).sseSpecification(kmsSse(second.keyId()))).tableDescription();
        emulator.advanceClock(Duration.ofSeconds(1));
        kms.disableKey(b -> b.keyId(first));
        emulator.advanceClock(Duration.ofMinutes(6));

        assertThat(updating.sseDescription().kmsMasterKeyArn()).isEqualTo(second.arn());
        TableDescription after = describe(ddb, table);
        assertThat(after.tableStatus()).isEqualTo(TableStatus.ACTIVE);
        assertThat(after.sseDescription().status()).isEqualTo(SSEStatus.ENABLED);
        assertThat(after.sseDescription().kmsMasterKeyArn()).isEqualTo(second.arn());
        for (int i = 0; i < 5; i++) {
            int n = i;
            assertThat(ddb.getItem(b -> b.tableName(table).key(key("p", String.format("s%02d", n)))).item()).isEqualTo(item(i));
        }
    }

    @Test
    void updateTable_withSseDisabled_returnsToAwsOwnedKey(DynamoDbClient ddb, KmsClient kms) {
        String keyId = kms.createKey(b -> b.description("temporary")).keyMetadata().keyId();
        String table = create(ddb, kmsSse(keyId));
        ddb.putItem(b -> b.tableName(table).item(item(1)));

        ddb.updateTable(b -> b.tableName(table).sseSpecification(s -> s.enabled(false)));

        assertThat(describe(ddb, table).sseDescription()).isNull();
        assertThat(ddb.getItem(b -> b.tableName(table).key(key("p", "s01"))).item()).isEqualTo(item(1));
    }

    private static Map<String, AttributeValue> item(int i) {
        Map<String, AttributeValue> item = new HashMap<>(key("p", String.format("s%02d", i)));
        item.put("payload", s("secret-" + i));
        item.put("n", AttributeValue.fromN(String.valueOf(i)));
        return item;
    }

    private static SSESpecification kmsSse(String keyId) {
        return SSESpecification.builder().enabled(true).sseType(SSEType.KMS).kmsMasterKeyId(keyId).build();
    }

    private static TableDescription describe(DynamoDbClient ddb, String table) {
        return ddb.describeTable(b -> b.tableName(table)).table();
    }

    private static String create(DynamoDbClient ddb, SSESpecification sse) {
        String name = DynamoDbFixture.uniqueName("sse");
        ddb.createTable(b -> b.tableName(name).billingMode(BillingMode.PAY_PER_REQUEST).sseSpecification(sse)
                .attributeDefinitions(a -> a.attributeName("pk").attributeType(ScalarAttributeType.S),
                        a -> a.attributeName("sk").attributeType(ScalarAttributeType.S))
                .keySchema(k -> k.attributeName("pk").keyType(KeyType.HASH), k -> k.attributeName("sk").keyType(KeyType.RANGE)));
        DynamoDbFixture.awaitStatus(ddb, name, TableStatus.ACTIVE);
        return name;
    }
}
