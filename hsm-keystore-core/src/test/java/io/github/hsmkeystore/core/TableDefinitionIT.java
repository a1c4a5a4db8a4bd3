package io.github.hsmkeystore.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.hsmkeystore.local.LocalHsmKeyStore;
import io.github.hsmkeystore.local.LocalHsmKeyStoreExtension;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndexDescription;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.LocalSecondaryIndexDescription;
import software.amazon.awssdk.services.dynamodb.model.ProjectionType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.dynamodb.model.TableDescription;

/** Real table definitions: indexes, billing, create-or-verify with drift reported. */
class TableDefinitionIT {
    @RegisterExtension
    static final LocalHsmKeyStoreExtension local = LocalHsmKeyStoreExtension.create();
    static KmsKey key;

    @BeforeAll
    static void key() {
        key = KeyStoreBuilder.standardKms(local.local().kmsClient()).waitPolicy(TestPolicies.FAST)
                .addKey(k -> k.alias("alias/definitions")).provision().findKey("alias/definitions").orElseThrow();
    }

    private static EncryptedTableFactory factory(LocalHsmKeyStore l) {
        return EncryptedTableFactory.create(l.dynamoDbClient(), l.kmsClient(), TestPolicies.FAST);
    }

    private static TableDefinition orders() {
        return TableDefinition.of(t -> t.partitionKey("id", ScalarAttributeType.S).sortKey("placedAt", ScalarAttributeType.N)
                .globalSecondaryIndex("by-customer", i -> i.partitionKey("customer", ScalarAttributeType.S)
                        .sortKey("placedAt", ScalarAttributeType.N).projection(ProjectionType.KEYS_ONLY))
                .localSecondaryIndex("by-status", i -> i.sortKey("status", ScalarAttributeType.S).include("total"))
                .encryptedWith(key));
    }

    @Test
    void table_withGlobalAndLocalIndexes_createsThemWithKeysAndProjections(LocalHsmKeyStore l, DynamoDbClient dynamoDb) {
        String name = Fixtures.uniqueName("orders");
        factory(l).table(name, orders());

        TableDescription t = dynamoDb.describeTable(r -> r.tableName(name)).table();
        GlobalSecondaryIndexDescription gsi = t.globalSecondaryIndexes().get(0);
        assertThat(gsi.indexName()).isEqualTo("by-customer");
        assertThat(gsi.keySchema()).extracting(k -> k.attributeName() + ":" + k.keyType())
                .containsExactly("customer:HASH", "placedAt:RANGE");
        assertThat(gsi.projection().projectionType()).isEqualTo(ProjectionType.KEYS_ONLY);
        LocalSecondaryIndexDescription lsi = t.localSecondaryIndexes().get(0);
        assertThat(lsi.keySchema()).extracting(k -> k.attributeName() + ":" + k.keyType())
                .containsExactly("id:HASH", "status:RANGE");
        assertThat(lsi.projection().nonKeyAttributes()).containsExactly("total");
        assertThat(t.attributeDefinitions()).extracting(a -> a.attributeName() + ":" + a.attributeTypeAsString())
                .containsExactlyInAnyOrder("id:S", "placedAt:N", "customer:S", "status:S");
        assertThat(factory(l).drift(name, orders())).isEmpty();
    }

    @Test
    void table_secondCallSameDefinition_createsNothingAndVerifies(LocalHsmKeyStore l) {
        String name = Fixtures.uniqueName("orders");
        factory(l).table(name, orders());
        long creates = l.requestCount("dynamodb", "CreateTable");
        long updates = l.requestCount("dynamodb", "UpdateTable");

        EncryptedTable again = factory(l).table(name, orders());

        assertThat(again.kmsKeyArn()).isEqualTo(key.arn());
        assertThat(l.requestCount("dynamodb", "CreateTable")).isEqualTo(creates);
        assertThat(l.requestCount("dynamodb", "UpdateTable")).isEqualTo(updates);
    }

    @Test
    void table_existingTableWithoutTheIndex_throwsDriftNamingIndexAndFix(LocalHsmKeyStore l) {
        String name = Fixtures.uniqueName("orders");
        factory(l).table(name, t -> t.partitionKey("id", ScalarAttributeType.S).sortKey("placedAt", ScalarAttributeType.N)
                .encryptedWith(key));

        assertThatThrownBy(() -> factory(l).table(name, orders()))
                .isInstanceOfSatisfying(TableDriftException.class, e -> {
                    assertThat(e.tableName()).isEqualTo(name);
                    assertThat(e.drifts()).extracting(TableDrift::property)
                            .containsExactly("GlobalSecondaryIndexes[by-customer]", "LocalSecondaryIndexes[by-status]");
                    assertThat(e.drifts().get(0).actual()).isEqualTo("missing");
                    assertThat(e.drifts().get(0).fix()).contains("GlobalSecondaryIndexUpdates").contains("Create by-customer");
                    assertThat(e.drifts().get(1).fix()).contains("only by CreateTable");
                })
                .hasMessageContaining(name).hasMessageContaining("2 way(s)");
    }

    @Test
    void table_existingTableWithOtherKeySchemaAndBilling_reportsBoth(LocalHsmKeyStore l) {
        String name = Fixtures.uniqueName("orders");
        factory(l).table(name, t -> t.partitionKey("orderId", ScalarAttributeType.N).billingMode(BillingMode.PROVISIONED)
                .encryptedWith(key));

        assertThatThrownBy(() -> factory(l).table(name, t -> t.partitionKey("id", ScalarAttributeType.S).encryptedWith(key)))
                .isInstanceOfSatisfying(TableDriftException.class, e -> assertThat(e.drifts())
                        .extracting(TableDrift::toString)
                        .containsExactly("KeySchema: expected id S HASH, found orderId N HASH (a table's key schema cannot"
                                        + " change: use another table name (and copy the items) or change the definition)",
                                "BillingMode: expected PAY_PER_REQUEST, found PROVISIONED (UpdateTable with BillingMode"
                                        + " PAY_PER_REQUEST)"));
    }

    @Test
    void table_provisionedThroughputDiffers_reportsReadAndWriteUnits(LocalHsmKeyStore l) {
        String name = Fixtures.uniqueName("orders");
        factory(l).table(name, t -> t.partitionKey("id", ScalarAttributeType.S).billingMode(BillingMode.PROVISIONED)
                .provisionedThroughput(10, 4).encryptedWith(key));

        assertThat(factory(l).drift(name, TableDefinition.of(t -> t.partitionKey("id", ScalarAttributeType.S)
                .billingMode(BillingMode.PROVISIONED).encryptedWith(key))))
                .singleElement().satisfies(d -> {
                    assertThat(d.property()).isEqualTo("ProvisionedThroughput");
                    assertThat(d.expected()).isEqualTo("5 read / 5 write");
                    assertThat(d.actual()).isEqualTo("10 read / 4 write");
                });
    }

    @Test
    void table_existingIndexWithOtherProjection_reportsItWithRecreateFix(LocalHsmKeyStore l, DynamoDbClient dynamoDb) {
        String name = Fixtures.uniqueName("orders");
        factory(l).table(name, t -> t.partitionKey("id", ScalarAttributeType.S)
                .globalSecondaryIndex("by-customer", i -> i.partitionKey("customer", ScalarAttributeType.S)).encryptedWith(key));

        assertThat(factory(l).drift(name, TableDefinition.of(t -> t.partitionKey("id", ScalarAttributeType.S)
                .globalSecondaryIndex("by-customer", i -> i.partitionKey("customer", ScalarAttributeType.S).include("total"))
                .encryptedWith(key))))
                .singleElement().satisfies(d -> {
                    assertThat(d.expected()).isEqualTo("customer S HASH INCLUDE [total]");
                    assertThat(d.actual()).isEqualTo("customer S HASH ALL");
                    assertThat(d.fix()).contains("Delete by-customer, then Create");
                });
        assertThat(dynamoDb.describeTable(r -> r.tableName(name)).table().keySchema().get(0).keyType()).isEqualTo(KeyType.HASH);
    }

    @Test
    void build_invalidDefinition_namesEveryProblem() {
        assertThatThrownBy(() -> TableDefinition.of(t -> t.partitionKey("id", ScalarAttributeType.S)
                .provisionedThroughput(1, 1)
                .globalSecondaryIndex("g", i -> i.sortKey("at", ScalarAttributeType.N))
                .localSecondaryIndex("l", i -> i.sortKey("id", ScalarAttributeType.N))
                .globalSecondaryIndex("g", i -> i.partitionKey("x", ScalarAttributeType.S))))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("encryptedWith (the KMS key) is missing")
                .hasMessageContaining("provisionedThroughput needs billingMode(PROVISIONED)")
                .hasMessageContaining("global index g has no partitionKey")
                .hasMessageContaining("local index l needs a sortKey and a table with a sort key")
                .hasMessageContaining("attribute id is used as S and as N")
                .hasMessageContaining("two indexes are named g");
    }
}
