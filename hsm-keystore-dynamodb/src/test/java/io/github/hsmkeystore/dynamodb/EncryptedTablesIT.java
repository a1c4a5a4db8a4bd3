package io.github.hsmkeystore.dynamodb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.hsmkeystore.core.EncryptedTableFactory;
import io.github.hsmkeystore.core.KeyNotUsableException;
import io.github.hsmkeystore.core.KeyStoreBuilder;
import io.github.hsmkeystore.core.KmsKey;
import io.github.hsmkeystore.core.TableDefinition;
import io.github.hsmkeystore.core.WaitPolicy;
import io.github.hsmkeystore.local.LocalHsmKeyStore;
import io.github.hsmkeystore.local.LocalHsmKeyStoreExtension;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.enhanced.dynamodb.DynamoDbEnhancedClient;
import software.amazon.awssdk.enhanced.dynamodb.Key;
import software.amazon.awssdk.enhanced.dynamodb.TableSchema;
import software.amazon.awssdk.enhanced.dynamodb.model.QueryConditional;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.kms.model.KeyState;

/** EncryptedTables.open fails closed on a key that cannot be used now. */
class EncryptedTablesIT {
    @RegisterExtension
    static final LocalHsmKeyStoreExtension local = LocalHsmKeyStoreExtension.create();
    private static final WaitPolicy FAST = WaitPolicy.builder().interval(Duration.ofMillis(20)).maxInterval(Duration.ofMillis(100))
            .timeout(Duration.ofSeconds(20)).build();

    @Test
    void createOrOpen_ownTypeWithGsi_createsVerifiedTableAndQueriesTheIndex(LocalHsmKeyStore l) {
        KmsKey key = KeyStoreBuilder.standardKms(l.kmsClient()).waitPolicy(FAST).addKey(k -> k.alias("alias/orders"))
                .provision().findKey("alias/orders").orElseThrow();
        EncryptedTableFactory tables = EncryptedTableFactory.create(l.dynamoDbClient(), l.kmsClient(), FAST);
        DynamoDbEnhancedClient enhanced = DynamoDbEnhancedClient.builder().dynamoDbClient(l.dynamoDbClient()).build();
        TableDefinition definition = TableDefinition.of(t -> t.partitionKey("id", ScalarAttributeType.S)
                .globalSecondaryIndex("by-customer", i -> i.partitionKey("customer", ScalarAttributeType.S))
                .encryptedWith(key));

        VerifiedTable<Order> orders = EncryptedTables.createOrOpen(enhanced, tables, "orders", definition,
                TableSchema.fromBean(Order.class));
        orders.table().putItem(new Order("o-1", "alice", 1299));
        orders.table().putItem(new Order("o-2", "bob", 500));

        assertThat(orders.verified().kmsKeyArn()).isEqualTo(key.arn());
        assertThat(orders.table().index("by-customer").query(QueryConditional.keyEqualTo(k -> k.partitionValue("alice")))
                .stream().flatMap(p -> p.items().stream()).map(Order::getId)).containsExactly("o-1");
        long creates = l.requestCount("dynamodb", "CreateTable");
        VerifiedTable<Order> again = EncryptedTables.createOrOpen(enhanced, tables, "orders", definition,
                TableSchema.fromBean(Order.class));
        assertThat(again.table().getItem(Key.builder().partitionValue("o-2").build()).getTotalCents()).isEqualTo(500);
        assertThat(l.requestCount("dynamodb", "CreateTable")).isEqualTo(creates);
    }

    @Test
    void open_keyDisabled_throwsKeyNotUsableInsteadOfATable(LocalHsmKeyStore l) {
        KmsKey key = KeyStoreBuilder.standardKms(l.kmsClient()).waitPolicy(FAST).addKey(k -> k.alias("alias/open-disabled"))
                .provision().findKey("alias/open-disabled").orElseThrow();
        EncryptedTableFactory tables = EncryptedTableFactory.create(l.dynamoDbClient(), l.kmsClient(), FAST);
        tables.table("open-disabled", t -> t.partitionKey("id", ScalarAttributeType.S).encryptedWith(key));
        DynamoDbEnhancedClient enhanced = DynamoDbEnhancedClient.builder().dynamoDbClient(l.dynamoDbClient()).build();
        assertThat(EncryptedTables.open(enhanced, tables, "open-disabled", key, TableSchema.fromBean(Order.class)).table().tableName())
                .isEqualTo("open-disabled");

        l.kmsClient().disableKey(r -> r.keyId(key.keyId()));

        assertThatThrownBy(() -> EncryptedTables.open(enhanced, tables, "open-disabled", key, TableSchema.fromBean(Order.class)))
                .isInstanceOfSatisfying(KeyNotUsableException.class, e -> assertThat(e.keyState()).isEqualTo(KeyState.DISABLED))
                .hasMessageContaining("Disabled").hasMessageContaining("EnableKey");
    }
}
