package com.example.orders;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.hsmkeystore.core.KeyNotUsableException;
import io.github.hsmkeystore.core.KmsKey;
import io.github.hsmkeystore.core.ProvisionedKeyStore;
import io.github.hsmkeystore.core.Secret;
import io.github.hsmkeystore.testing.HsmKeyStoreExtension;
import io.github.hsmkeystore.testing.LocalEmulatorActivation;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.cloudhsmv2.CloudHsmV2Client;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.SSEStatus;
import software.amazon.awssdk.services.dynamodb.model.SSEType;
import software.amazon.awssdk.services.dynamodb.model.TableDescription;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.kms.model.KeyState;
import software.amazon.awssdk.services.kms.model.OriginType;

/** The orders service on the local emulator, with the library's default settings, through its JUnit 5 extension. */
@ExtendWith(HsmKeyStoreExtension.class)
class OrderServiceTest {
    private static final long STARTED = System.nanoTime();
    private static ProvisionedKeyStore store;
    private static KmsKey key;
    private static OrderService orders;

    @BeforeAll
    static void provisionAndOpen(CloudHsmV2Client cloudHsm, KmsClient kms, DynamoDbClient dynamoDb,
                                 LocalEmulatorActivation activation, @TempDir Path dir) {
        long t0 = System.nanoTime();
        store = OrderService.provision(cloudHsm, kms, activation, dir.resolve("trust-anchor"), Secret.of("OrdersKmsUser1"));
        key = store.findKey(OrderService.KEY_ALIAS).orElseThrow();
        long t1 = System.nanoTime();
        orders = OrderService.open(dynamoDb, kms, "orders", key);
        long t2 = System.nanoTime();
        System.out.printf("OrderServiceTest: provision() %d ms, orders table %d ms (default settings)%n",
                Duration.ofNanos(t1 - t0).toMillis(), Duration.ofNanos(t2 - t1).toMillis());
    }

    @AfterAll
    static void printTime() {
        System.out.printf("OrderServiceTest: %d ms from class load to the end of its tests%n",
                Duration.ofNanos(System.nanoTime() - STARTED).toMillis());
    }

    @Test
    void provision_defaults_keyIsInTheCloudHsmCustomKeyStore() {
        assertThat(key.cloudHsmBacked()).isTrue();
        assertThat(key.origin()).isEqualTo(OriginType.AWS_CLOUDHSM);
        assertThat(key.customKeyStoreId()).isEqualTo(store.customKeyStoreId()).isPresent();
        assertThat(store.clusterId()).isPresent();
    }

    @Test
    void open_newTable_isVerifiedAsEncryptedWithTheCloudHsmKey(DynamoDbClient dynamoDb) {
        assertThat(orders.encryption().kmsKeyArn()).isEqualTo(key.arn());
        assertThat(orders.encryption().keyOrigin()).isEqualTo(OriginType.AWS_CLOUDHSM);
        assertThat(orders.encryption().customKeyStoreId()).isEqualTo(key.customKeyStoreId());

        TableDescription table = dynamoDb.describeTable(r -> r.tableName("orders")).table();
        assertThat(table.sseDescription().status()).isEqualTo(SSEStatus.ENABLED);
        assertThat(table.sseDescription().sseType()).isEqualTo(SSEType.KMS);
        assertThat(table.sseDescription().kmsMasterKeyArn()).isEqualTo(key.arn());
        assertThat(table.globalSecondaryIndexes()).extracting(i -> i.indexName()).containsExactly(OrderService.BY_CUSTOMER);
    }

    @Test
    void place_thenFind_returnsTheOrder() {
        orders.place(new Order("o-100", "carol", 4200));

        assertThat(orders.find("o-100")).get().satisfies(o -> {
            assertThat(o.getCustomer()).isEqualTo("carol");
            assertThat(o.getTotalCents()).isEqualTo(4200);
        });
        assertThat(orders.find("no-such-order")).isEmpty();
    }

    @Test
    void byCustomer_ordersOfTwoCustomers_returnsOnlyThatCustomersOrders() {
        orders.place(new Order("o-1", "alice", 1299));
        orders.place(new Order("o-2", "bob", 500));
        orders.place(new Order("o-3", "alice", 750));

        assertThat(orders.byCustomer("alice")).extracting(Order::getId).containsExactlyInAnyOrder("o-1", "o-3");
        assertThat(orders.byCustomer("dave")).isEmpty();
    }

    @Test
    void open_keyDisabled_throwsKeyNotUsableNamingTheFix(KmsClient kms, DynamoDbClient dynamoDb) {
        KmsKey archiveKey = store.key(k -> k.alias("alias/orders-archive").description("orders archive"));
        OrderService.open(dynamoDb, kms, "orders-archive", archiveKey);

        kms.disableKey(r -> r.keyId(archiveKey.keyId()));

        assertThatThrownBy(() -> OrderService.open(dynamoDb, kms, "orders-archive", archiveKey))
                .isInstanceOfSatisfying(KeyNotUsableException.class,
                        e -> assertThat(e.keyState()).isEqualTo(KeyState.DISABLED))
                .hasMessageContaining("EnableKey");
    }
}
