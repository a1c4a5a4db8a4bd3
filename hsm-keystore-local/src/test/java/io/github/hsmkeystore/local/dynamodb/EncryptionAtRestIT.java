package io.github.hsmkeystore.local.dynamodb;

import static io.github.hsmkeystore.local.dynamodb.DdbFixture.assertAwsError;
import static io.github.hsmkeystore.local.dynamodb.DdbFixture.key;
import static io.github.hsmkeystore.local.dynamodb.DdbFixture.s;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.hsmkeystore.local.LocalHsmKeyStore;
import io.github.hsmkeystore.local.LocalHsmKeyStoreExtension;
import io.github.hsmkeystore.local.testing.ClusterFixture;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.SSEDescription;
import software.amazon.awssdk.services.dynamodb.model.SSEStatus;
import software.amazon.awssdk.services.dynamodb.model.SSESpecification;
import software.amazon.awssdk.services.dynamodb.model.SSEType;
import software.amazon.awssdk.services.dynamodb.model.TableDescription;
import software.amazon.awssdk.services.dynamodb.model.TableStatus;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.kms.model.ConnectionStateType;
import software.amazon.awssdk.services.kms.model.KeyManagerType;
import software.amazon.awssdk.services.kms.model.KeyMetadata;
import software.amazon.awssdk.services.kms.model.KeySpec;
import software.amazon.awssdk.services.kms.model.KeyUsageType;
import software.amazon.awssdk.services.kms.model.OriginType;

/** DynamoDB encryption at rest through the emulated KMS (aws-semantics section 5; issue 4, done-when 3). */
class EncryptionAtRestIT {
    @RegisterExtension
    static final LocalHsmKeyStoreExtension local = LocalHsmKeyStoreExtension.create();

    private static String tableWith(DynamoDbClient ddb, Consumer<SSESpecification.Builder> sse) {
        return DdbFixture.createTable(local.local(), ddb, "sse", b -> b.sseSpecification(sse));
    }

    private static TableDescription describe(DynamoDbClient ddb, String table) {
        return ddb.describeTable(r -> r.tableName(table)).table();
    }

    private static void putItems(DynamoDbClient ddb, String table, int count) {
        for (int i = 0; i < count; i++) {
            int n = i;
            ddb.putItem(r -> r.tableName(table).item(Map.of("pk", s("p"), "sk", s("s" + n), "secret", s("value-" + n))));
        }
    }

    private static void assertItemsReadable(DynamoDbClient ddb, String table, int count) {
        for (int i = 0; i < count; i++) {
            int n = i;
            assertThat(ddb.getItem(r -> r.tableName(table).key(key("p", "s" + n))).item()).containsEntry("secret", s("value-" + n));
        }
        assertThat(ddb.query(r -> r.tableName(table).keyConditionExpression("pk = :p")
                .expressionAttributeValues(Map.of(":p", s("p")))).count()).isEqualTo(count);
    }

    @Test
    void createTable_withoutSse_hasNoSseDescription(DynamoDbClient ddb) {
        String t1 = DdbFixture.createTable(local.local(), ddb, "owned");
        String t2 = tableWith(ddb, s -> s.enabled(false));
        assertThat(describe(ddb, t1).sseDescription()).isNull();
        assertThat(describe(ddb, t2).sseDescription()).isNull();
        putItems(ddb, t1, 3);
        assertItemsReadable(ddb, t1, 3);
    }

    @Test
    void createTable_enabledWithoutKey_usesAwsManagedDynamoDbKey(DynamoDbClient ddb, KmsClient kms) {
        String table = tableWith(ddb, s -> s.enabled(true));
        SSEDescription sse = describe(ddb, table).sseDescription();
        KeyMetadata managed = kms.describeKey(r -> r.keyId("alias/aws/dynamodb")).keyMetadata();
        assertThat(managed.keyManager()).isEqualTo(KeyManagerType.AWS);
        assertThat(sse.status()).isEqualTo(SSEStatus.ENABLED);
        assertThat(sse.sseType()).isEqualTo(SSEType.KMS);
        assertThat(sse.kmsMasterKeyArn()).isEqualTo(managed.arn());
    }

    @Test
    void createTable_keyByIdArnAliasOrAliasArn_describesKeyArn(DynamoDbClient ddb, KmsClient kms) {
        KeyMetadata key = kms.createKey(r -> r.description("orders")).keyMetadata();
        String alias = "alias/" + DdbFixture.uniqueName("orders");
        kms.createAlias(r -> r.aliasName(alias).targetKeyId(key.keyId()));
        String aliasArn = key.arn().substring(0, key.arn().indexOf(":key/")) + ":" + alias;
        for (String ref : new String[] {key.keyId(), key.arn(), alias, aliasArn}) {
            String table = tableWith(ddb, s -> s.enabled(true).sseType(SSEType.KMS).kmsMasterKeyId(ref));
            SSEDescription sse = describe(ddb, table).sseDescription();
            assertThat(sse.kmsMasterKeyArn()).as(ref).isEqualTo(key.arn());
            assertThat(sse.status()).isEqualTo(SSEStatus.ENABLED);
            putItems(ddb, table, 2);
            assertItemsReadable(ddb, table, 2);
        }
    }

    @Test
    void createTable_unknownDisabledOrAsymmetricKey_isValidationExceptionAndNoTable(DynamoDbClient ddb, KmsClient kms) {
        String missing = "arn:aws:kms:us-east-1:" + LocalHsmKeyStore.DEFAULT_ACCOUNT_ID + ":key/00000000-0000-0000-0000-000000000000";
        KeyMetadata disabled = kms.createKey(r -> r.description("disabled")).keyMetadata();
        kms.disableKey(r -> r.keyId(disabled.keyId()));
        KeyMetadata rsa = kms.createKey(r -> r.keySpec(KeySpec.RSA_2048).keyUsage(KeyUsageType.ENCRYPT_DECRYPT)).keyMetadata();
        Map<String, String> expected = Map.of(missing, "NotFoundException", disabled.keyId(), "DisabledException",
                rsa.keyId(), "symmetric");
        expected.forEach((ref, fragment) -> {
            String name = DdbFixture.uniqueName("bad-key");
            assertAwsError(() -> ddb.createTable(r -> r.tableName(name)
                    .attributeDefinitions(a -> a.attributeName("pk").attributeType("S"))
                    .keySchema(k -> k.attributeName("pk").keyType("HASH")).billingMode("PAY_PER_REQUEST")
                    .sseSpecification(s -> s.enabled(true).sseType(SSEType.KMS).kmsMasterKeyId(ref))), "ValidationException", fragment);
            assertAwsError(() -> ddb.describeTable(r -> r.tableName(name)), "ResourceNotFoundException", name);
        });
    }

    @Test
    void createTable_sseTypeAes256_isValidationException(DynamoDbClient ddb) {
        assertAwsError(() -> tableWith(ddb, s -> s.enabled(true).sseType(SSEType.AES256)),
                "ValidationException", "SSEType AES256 is not supported");
    }

    @Test
    void disableKey_afterCacheExpiry_tableInaccessibleUntilEnabledThenAllItemsReadable(DynamoDbClient ddb, KmsClient kms) {
        KeyMetadata key = kms.createKey(r -> r.description("disable me")).keyMetadata();
        String table = tableWith(ddb, s -> s.enabled(true).sseType(SSEType.KMS).kmsMasterKeyId(key.keyId()));
        putItems(ddb, table, 10);
        kms.disableKey(r -> r.keyId(key.keyId()));

        // the table key stays cached for 5 minutes: items remain readable and the table ACTIVE
        local.local().advanceClock(Duration.ofMinutes(4));
        assertItemsReadable(ddb, table, 10);
        assertThat(describe(ddb, table).tableStatus()).isEqualTo(TableStatus.ACTIVE);

        local.local().advanceClock(Duration.ofMinutes(2));
        Instant detectedAfter = local.local().now().minusSeconds(1);
        TableDescription inaccessible = describe(ddb, table);
        assertThat(inaccessible.tableStatus()).isEqualTo(TableStatus.INACCESSIBLE_ENCRYPTION_CREDENTIALS);
        assertThat(inaccessible.sseDescription().inaccessibleEncryptionDateTime()).isAfter(detectedAfter);
        assertAwsError(() -> ddb.getItem(r -> r.tableName(table).key(key("p", "s1"))), "AccessDeniedException", "KMS key access denied error");
        assertAwsError(() -> ddb.putItem(r -> r.tableName(table).item(Map.of("pk", s("p"), "sk", s("new")))),
                "AccessDeniedException", "KMS key access denied error");
        assertAwsError(() -> ddb.scan(r -> r.tableName(table)), "AccessDeniedException", "KMS key access denied error");

        kms.enableKey(r -> r.keyId(key.keyId()));
        assertItemsReadable(ddb, table, 10);
        TableDescription restored = describe(ddb, table);
        assertThat(restored.tableStatus()).isEqualTo(TableStatus.ACTIVE);
        assertThat(restored.sseDescription().inaccessibleEncryptionDateTime()).isNull();
        assertThat(restored.itemCount()).isEqualTo(10);
    }

    @Test
    void disconnectCustomKeyStore_thenReconnect_tableInaccessibleInBetweenAndItemsIntact(DynamoDbClient ddb, KmsClient kms) {
        ClusterFixture fixture = new ClusterFixture(local.local());
        String clusterId = fixture.activeCluster();
        String storeId = kms.createCustomKeyStore(r -> r.customKeyStoreName(DdbFixture.uniqueName("store")).cloudHsmClusterId(clusterId)
                .trustAnchorCertificate(fixture.trustAnchorPem()).keyStorePassword(ClusterFixture.KMSUSER_PASSWORD)).customKeyStoreId();
        awaitStore(kms, storeId, true);
        KeyMetadata key = kms.createKey(r -> r.origin(OriginType.AWS_CLOUDHSM).customKeyStoreId(storeId)).keyMetadata();
        String table = tableWith(ddb, s -> s.enabled(true).sseType(SSEType.KMS).kmsMasterKeyId(key.arn()));
        assertThat(describe(ddb, table).sseDescription().kmsMasterKeyArn()).isEqualTo(key.arn());
        putItems(ddb, table, 25);

        awaitStore(kms, storeId, false);
        local.local().advanceClock(Duration.ofMinutes(6));
        TableDescription inaccessible = describe(ddb, table);
        assertThat(inaccessible.tableStatus()).isEqualTo(TableStatus.INACCESSIBLE_ENCRYPTION_CREDENTIALS);
        assertThat(inaccessible.sseDescription().inaccessibleEncryptionDateTime()).isNotNull();
        assertAwsError(() -> ddb.getItem(r -> r.tableName(table).key(key("p", "s1"))), "AccessDeniedException", "KMS key access denied error");

        awaitStore(kms, storeId, true);
        assertItemsReadable(ddb, table, 25);
        assertThat(describe(ddb, table).tableStatus()).isEqualTo(TableStatus.ACTIVE);
    }

    private static void awaitStore(KmsClient kms, String storeId, boolean connected) {
        if (connected) {
            kms.connectCustomKeyStore(r -> r.customKeyStoreId(storeId));
        } else {
            kms.disconnectCustomKeyStore(r -> r.customKeyStoreId(storeId));
        }
        local.local().advanceClock(Duration.ofSeconds(5));
        ConnectionStateType wanted = connected ? ConnectionStateType.CONNECTED : ConnectionStateType.DISCONNECTED;
        ClusterFixture.await(() -> kms.describeCustomKeyStores(r -> r.customKeyStoreId(storeId)).customKeyStores().get(0).connectionState(),
                s -> s == wanted, "store " + storeId + " " + wanted);
    }

    @Test
    void disabledKey_for8Days_tableArchived(DynamoDbClient ddb, KmsClient kms) {
        KeyMetadata key = kms.createKey(r -> r.description("archive me")).keyMetadata();
        String table = tableWith(ddb, s -> s.enabled(true).sseType(SSEType.KMS).kmsMasterKeyId(key.keyId()));
        putItems(ddb, table, 2);
        kms.disableKey(r -> r.keyId(key.keyId()));
        local.local().advanceClock(Duration.ofMinutes(6));
        assertThat(describe(ddb, table).tableStatus()).isEqualTo(TableStatus.INACCESSIBLE_ENCRYPTION_CREDENTIALS);
        local.local().advanceClock(Duration.ofDays(8));
        TableDescription archived = describe(ddb, table);
        assertThat(archived.tableStatus()).isEqualTo(TableStatus.ARCHIVED);
        assertThat(archived.archivalSummary().archivalReason()).isEqualTo("INACCESSIBLE_ENCRYPTION_CREDENTIALS");
        assertThat(archived.archivalSummary().archivalDateTime()).isNotNull();
        kms.enableKey(r -> r.keyId(key.keyId()));
        assertThat(describe(ddb, table).tableStatus()).isEqualTo(TableStatus.ARCHIVED);
        assertAwsError(() -> ddb.getItem(r -> r.tableName(table).key(key("p", "s1"))), "ResourceNotFoundException", "archived");
    }

    @Test
    void updateTable_switchKeys_updatingThenEnabledWithItemsIntact(DynamoDbClient ddb, KmsClient kms) {
        KeyMetadata first = kms.createKey(r -> r.description("first")).keyMetadata();
        KeyMetadata second = kms.createKey(r -> r.description("second")).keyMetadata();
        String table = tableWith(ddb, s -> s.enabled(true).sseType(SSEType.KMS).kmsMasterKeyId(first.keyId()));
        putItems(ddb, table, 12);

        TableDescription switching = ddb.updateTable(r -> r.tableName(table)
                .sseSpecification(s -> s.enabled(true).sseType(SSEType.KMS).kmsMasterKeyId(second.arn()))).tableDescription();
        assertThat(switching.sseDescription().status()).isEqualTo(SSEStatus.UPDATING);
        assertAwsError(() -> ddb.updateTable(r -> r.tableName(table).sseSpecification(s -> s.enabled(true))),
                "ResourceInUseException", table);
        local.local().advanceClock(Duration.ofSeconds(5));
        SSEDescription done = describe(ddb, table).sseDescription();
        assertThat(done.status()).isEqualTo(SSEStatus.ENABLED);
        assertThat(done.kmsMasterKeyArn()).isEqualTo(second.arn());
        assertItemsReadable(ddb, table, 12);

        // the old key no longer matters: disabling it leaves the table usable after the cache expires
        kms.disableKey(r -> r.keyId(first.keyId()));
        local.local().advanceClock(Duration.ofMinutes(6));
        assertItemsReadable(ddb, table, 12);
        assertThat(describe(ddb, table).tableStatus()).isEqualTo(TableStatus.ACTIVE);

        ddb.updateTable(r -> r.tableName(table).sseSpecification(s -> s.enabled(false)));
        local.local().advanceClock(Duration.ofSeconds(5));
        assertThat(describe(ddb, table).sseDescription()).isNull();
        assertItemsReadable(ddb, table, 12);
    }
}
