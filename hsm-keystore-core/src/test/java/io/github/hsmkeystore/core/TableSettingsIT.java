package io.github.hsmkeystore.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.hsmkeystore.local.LocalHsmKeyStore;
import io.github.hsmkeystore.local.LocalHsmKeyStoreExtension;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;
import software.amazon.awssdk.services.dynamodb.model.PointInTimeRecoveryStatus;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.dynamodb.model.TableClass;
import software.amazon.awssdk.services.dynamodb.model.TableDescription;
import software.amazon.awssdk.services.dynamodb.model.TimeToLiveStatus;

/**
 * TTL, PITR, tags, table class and deletion protection of a table definition. They need the emulator's DynamoDB table
 * settings (branch ddb-tables); until the emulator has them every test is skipped, visibly.
 */
class TableSettingsIT {
    @RegisterExtension
    static final LocalHsmKeyStoreExtension local = LocalHsmKeyStoreExtension.create();
    static KmsKey key;

    @BeforeAll
    static void key() {
        key = KeyStoreBuilder.standardKms(local.local().kmsClient()).waitPolicy(TestPolicies.FAST)
                .addKey(k -> k.alias("alias/settings")).provision().findKey("alias/settings").orElseThrow();
        DynamoDbClient dynamoDb = local.local().dynamoDbClient();
        dynamoDb.createTable(r -> r.tableName("probe").billingMode("PAY_PER_REQUEST")
                .attributeDefinitions(a -> a.attributeName("id").attributeType(ScalarAttributeType.S))
                .keySchema(k -> k.attributeName("id").keyType("HASH")));
        try {
            dynamoDb.describeTimeToLive(r -> r.tableName("probe"));
            dynamoDb.describeContinuousBackups(r -> r.tableName("probe"));
            dynamoDb.listTagsOfResource(r -> r.resourceArn(dynamoDb.describeTable(d -> d.tableName("probe")).table().tableArn()));
        } catch (DynamoDbException e) {
            Assumptions.abort("the emulator lacks DynamoDB table settings (branch ddb-tables): " + e.getMessage());
        }
    }

    private static EncryptedTableFactory factory(LocalHsmKeyStore l) {
        return EncryptedTableFactory.create(l.dynamoDbClient(), l.kmsClient(), TestPolicies.FAST);
    }

    private static TableDefinition full() {
        return TableDefinition.of(t -> t.partitionKey("id", ScalarAttributeType.S).timeToLive("expiresAt")
                .pointInTimeRecovery(true).deletionProtection(true).tag("team", "orders")
                .tableClass(TableClass.STANDARD_INFREQUENT_ACCESS).encryptedWith(key));
    }

    @Test
    void table_everySetting_createsTheTableWithThem(LocalHsmKeyStore l, DynamoDbClient dynamoDb) {
        String name = Fixtures.uniqueName("settings");
        factory(l).table(name, full());

        TableDescription t = dynamoDb.describeTable(r -> r.tableName(name)).table();
        assertThat(t.deletionProtectionEnabled()).isTrue();
        assertThat(t.tableClassSummary().tableClass()).isEqualTo(TableClass.STANDARD_INFREQUENT_ACCESS);
        assertThat(dynamoDb.describeTimeToLive(r -> r.tableName(name)).timeToLiveDescription().attributeName()).isEqualTo("expiresAt");
        assertThat(dynamoDb.describeContinuousBackups(r -> r.tableName(name)).continuousBackupsDescription()
                .pointInTimeRecoveryDescription().pointInTimeRecoveryStatus()).isEqualTo(PointInTimeRecoveryStatus.ENABLED);
        assertThat(dynamoDb.listTagsOfResource(r -> r.resourceArn(t.tableArn())).tags())
                .anySatisfy(tag -> assertThat(Map.entry(tag.key(), tag.value())).isEqualTo(Map.entry("team", "orders")));
        assertThat(factory(l).table(name, full()).kmsKeyArn()).isEqualTo(key.arn());
    }

    @Test
    void table_existingTableWithoutSettings_reportsEachWithItsFix(LocalHsmKeyStore l) {
        String name = Fixtures.uniqueName("settings");
        factory(l).table(name, t -> t.partitionKey("id", ScalarAttributeType.S).encryptedWith(key));

        assertThatThrownBy(() -> factory(l).table(name, full()))
                .isInstanceOfSatisfying(TableDriftException.class, e -> assertThat(e.drifts())
                        .extracting(d -> d.property() + " -> " + d.fix())
                        .containsExactly("TimeToLive -> UpdateTimeToLive Enabled=true AttributeName=expiresAt",
                                "DeletionProtectionEnabled -> UpdateTable with DeletionProtectionEnabled=true",
                                "PointInTimeRecovery -> UpdateContinuousBackups with PointInTimeRecoveryEnabled=true",
                                "Tags[team] -> TagResource team=orders",
                                "TableClass -> UpdateTable with TableClass STANDARD_INFREQUENT_ACCESS"));
        assertThat(TimeToLiveStatus.ENABLED).isNotNull();
    }
}
