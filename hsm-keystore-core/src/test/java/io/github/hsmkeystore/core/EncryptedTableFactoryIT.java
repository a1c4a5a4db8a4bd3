package io.github.hsmkeystore.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.hsmkeystore.local.LocalHsmKeyStore;
import io.github.hsmkeystore.local.LocalHsmKeyStoreExtension;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.kms.model.OriginType;

/** Tables encrypted with a CloudHSM-backed or a standard key, verified fail-closed (issue: EncryptedTableFactory). */
class EncryptedTableFactoryIT {
    @RegisterExtension
    static final LocalHsmKeyStoreExtension local = LocalHsmKeyStoreExtension.create();
    private static final WaitPolicy FAST = WaitPolicy.builder().interval(Duration.ofMillis(20)).maxInterval(Duration.ofMillis(100))
            .timeout(Duration.ofSeconds(30)).build();

    @TempDir
    static Path caDir;
    static KmsKey hsmKey;
    static KmsKey standardKey;

    @BeforeAll
    static void provision() {
        LocalHsmKeyStore l = local.local();
        ProvisionedKeyStore store = Fixtures.builder(l, l.cloudHsmClient(), l.kmsClient(), caDir, Fixtures.uniqueName("tables"))
                .addKey(k -> k.alias("alias/tables-hsm")).provision();
        hsmKey = store.findKey("alias/tables-hsm").orElseThrow();
        standardKey = KeyStoreBuilder.standardKms(l.kmsClient()).waitPolicy(FAST).addKey(k -> k.alias("alias/tables-standard"))
                .provision().findKey("alias/tables-standard").orElseThrow();
    }

    private static EncryptedTableFactory factory() {
        return EncryptedTableFactory.create(local.local().dynamoDbClient(), local.local().kmsClient(), FAST);
    }

    @Test
    void table_createsTableEncryptedWithCloudHsmKey_andReportsItsOriginAndStore(DynamoDbClient dynamoDb) {
        String name = Fixtures.uniqueName("t");
        EncryptedTable table = factory().table(name, t -> t.partitionKey("id", ScalarAttributeType.S).encryptedWith(hsmKey));
        assertThat(table.kmsKeyArn()).isEqualTo(hsmKey.arn());
        assertThat(table.keyOrigin()).isEqualTo(OriginType.AWS_CLOUDHSM);
        assertThat(table.customKeyStoreId()).isEqualTo(hsmKey.customKeyStoreId()).hasValueSatisfying(id -> assertThat(id).startsWith("cks-"));
        var described = dynamoDb.describeTable(r -> r.tableName(name)).table();
        assertThat(described.sseDescription().kmsMasterKeyArn()).isEqualTo(hsmKey.arn());
        assertThat(described.keySchema()).singleElement().satisfies(k -> assertThat(k.keyType()).isEqualTo(KeyType.HASH));
    }

    @Test
    void table_secondCall_reusesTheTableWithoutCreatingAgain(LocalHsmKeyStore l) {
        String name = Fixtures.uniqueName("t");
        factory().table(name, t -> t.partitionKey("id", ScalarAttributeType.S).sortKey("at", ScalarAttributeType.N).encryptedWith(hsmKey));
        long creates = l.requestCount("dynamodb", "CreateTable");
        EncryptedTable again = factory().table(name, t -> t.partitionKey("id", ScalarAttributeType.S)
                .sortKey("at", ScalarAttributeType.N).encryptedWith(hsmKey));
        assertThat(again.kmsKeyArn()).isEqualTo(hsmKey.arn());
        assertThat(l.requestCount("dynamodb", "CreateTable")).isEqualTo(creates);
    }

    @Test
    void verify_tableEncryptedWithAnotherKey_failsNamingBothKeys() {
        String name = Fixtures.uniqueName("t");
        factory().table(name, t -> t.partitionKey("id", ScalarAttributeType.S).encryptedWith(standardKey));
        assertThatThrownBy(() -> factory().verify(name, hsmKey))
                .isInstanceOf(TableEncryptionException.class)
                .hasMessageContaining(standardKey.arn()).hasMessageContaining(hsmKey.arn());
    }

    @Test
    void table_existingTableWithAnotherKey_failsInsteadOfReusing() {
        String name = Fixtures.uniqueName("t");
        factory().table(name, t -> t.partitionKey("id", ScalarAttributeType.S).encryptedWith(standardKey));
        assertThatThrownBy(() -> factory().table(name, t -> t.partitionKey("id", ScalarAttributeType.S).encryptedWith(hsmKey)))
                .isInstanceOf(TableEncryptionException.class).hasMessageContaining("switchKey");
    }

    @Test
    void verify_tableOnAwsOwnedKey_failsNamingTheExpectedKey(DynamoDbClient dynamoDb) {
        String name = Fixtures.uniqueName("t");
        dynamoDb.createTable(r -> r.tableName(name).billingMode("PAY_PER_REQUEST")
                .attributeDefinitions(a -> a.attributeName("id").attributeType(ScalarAttributeType.S))
                .keySchema(k -> k.attributeName("id").keyType(KeyType.HASH)));
        assertThatThrownBy(() -> factory().verify(name, hsmKey))
                .isInstanceOf(TableEncryptionException.class)
                .hasMessageContaining("AWS owned key").hasMessageContaining(hsmKey.arn());
    }

    @Test
    void verify_keyWithSameArnButOtherExpectedOrigin_failsClosed() {
        String name = Fixtures.uniqueName("t");
        factory().table(name, t -> t.partitionKey("id", ScalarAttributeType.S).encryptedWith(standardKey));
        KmsKey forged = new KmsKey(standardKey.keyId(), standardKey.arn(), standardKey.alias(), OriginType.AWS_CLOUDHSM,
                Optional.of("cks-00000000000000000"));
        assertThatThrownBy(() -> factory().verify(name, forged))
                .isInstanceOf(TableEncryptionException.class).hasMessageContaining("origin AWS_KMS")
                .hasMessageContaining("origin AWS_CLOUDHSM");
    }

    @Test
    void verify_missingTable_failsClosed() {
        assertThatThrownBy(() -> factory().verify("no-such-table-" + System.nanoTime(), hsmKey))
                .isInstanceOf(TableEncryptionException.class).hasMessageContaining("does not exist");
    }

    @Test
    void switchKey_fromStandardToCloudHsmKey_keepsItemsAndVerifiesNewKey(DynamoDbClient dynamoDb, KmsClient kms) {
        String name = Fixtures.uniqueName("t");
        factory().table(name, t -> t.partitionKey("id", ScalarAttributeType.S).encryptedWith(standardKey));
        dynamoDb.putItem(r -> r.tableName(name).item(java.util.Map.of("id", AttributeValue.fromS("a"), "v", AttributeValue.fromS("1"))));
        EncryptedTable switched = factory().switchKey(name, hsmKey);
        assertThat(switched.kmsKeyArn()).isEqualTo(hsmKey.arn());
        assertThat(factory().verify(name, hsmKey).keyOrigin()).isEqualTo(OriginType.AWS_CLOUDHSM);
        assertThat(dynamoDb.getItem(r -> r.tableName(name).key(java.util.Map.of("id", AttributeValue.fromS("a")))).item())
                .containsEntry("v", AttributeValue.fromS("1"));
    }
}
