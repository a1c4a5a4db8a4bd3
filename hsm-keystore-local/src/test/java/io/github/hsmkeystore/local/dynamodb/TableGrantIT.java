package io.github.hsmkeystore.local.dynamodb;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.hsmkeystore.local.LocalHsmKeyStore;
import io.github.hsmkeystore.local.LocalHsmKeyStoreExtension;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.SSESpecification;
import software.amazon.awssdk.services.dynamodb.model.SSEType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.dynamodb.model.TableStatus;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.kms.model.GrantListEntry;
import software.amazon.awssdk.services.kms.model.GrantOperation;

/**
 * DynamoDB's grant on a customer managed key (aws-semantics 5.5): one per table that uses the key, visible with
 * ListGrants, retired when the table is deleted or switches to another key.
 */
class TableGrantIT {
    @RegisterExtension
    static final LocalHsmKeyStoreExtension local = LocalHsmKeyStoreExtension.create(b -> b.transitionDelay(Duration.ZERO));

    @Test
    void createTable_withCustomerManagedKey_createsOneGrantForDynamoDb(DynamoDbClient ddb, KmsClient kms, LocalHsmKeyStore emulator) {
        String keyArn = kms.createKey(b -> b.description("orders")).keyMetadata().arn();

        String table = create(ddb, keyArn);

        List<GrantListEntry> grants = kms.listGrants(b -> b.keyId(keyArn)).grants();
        assertThat(grants).hasSize(1);
        GrantListEntry grant = grants.get(0);
        String dynamodb = "dynamodb." + emulator.region().id() + ".amazonaws.com";
        assertThat(grant.granteePrincipal()).isEqualTo(dynamodb);
        assertThat(grant.retiringPrincipal()).isEqualTo(dynamodb);
        assertThat(grant.operations()).contains(GrantOperation.DECRYPT, GrantOperation.GENERATE_DATA_KEY,
                GrantOperation.DESCRIBE_KEY, GrantOperation.RETIRE_GRANT);
        assertThat(grant.constraints().encryptionContextSubset())
                .containsEntry("aws:dynamodb:tableName", table)
                .containsEntry("aws:dynamodb:subscriberId", emulator.accountId());
    }

    @Test
    void deleteTable_retiresItsGrant(DynamoDbClient ddb, KmsClient kms) {
        String keyArn = kms.createKey(b -> b.description("orders")).keyMetadata().arn();
        String table = create(ddb, keyArn);
        String other = create(ddb, keyArn);
        assertThat(kms.listGrants(b -> b.keyId(keyArn)).grants()).hasSize(2);

        ddb.deleteTable(b -> b.tableName(table));

        assertThat(kms.listGrants(b -> b.keyId(keyArn)).grants())
                .singleElement()
                .satisfies(g -> assertThat(g.constraints().encryptionContextSubset()).containsEntry("aws:dynamodb:tableName", other));
    }

    @Test
    void updateTable_switchingKeys_movesTheGrant(DynamoDbClient ddb, KmsClient kms) {
        String first = kms.createKey(b -> b.description("first")).keyMetadata().arn();
        String second = kms.createKey(b -> b.description("second")).keyMetadata().arn();
        String table = create(ddb, first);

        ddb.updateTable(b -> b.tableName(table).sseSpecification(sse(second)));

        assertThat(kms.listGrants(b -> b.keyId(first)).grants()).isEmpty();
        assertThat(kms.listGrants(b -> b.keyId(second)).grants()).hasSize(1);
    }

    private static SSESpecification sse(String keyArn) {
        return SSESpecification.builder().enabled(true).sseType(SSEType.KMS).kmsMasterKeyId(keyArn).build();
    }

    private static String create(DynamoDbClient ddb, String keyArn) {
        String name = DynamoDbFixture.uniqueName("grants");
        ddb.createTable(b -> b.tableName(name).billingMode(BillingMode.PAY_PER_REQUEST).sseSpecification(sse(keyArn))
                .attributeDefinitions(a -> a.attributeName("pk").attributeType(ScalarAttributeType.S))
                .keySchema(k -> k.attributeName("pk").keyType(KeyType.HASH)));
        DynamoDbFixture.awaitStatus(ddb, name, TableStatus.ACTIVE);
        return name;
    }
}
