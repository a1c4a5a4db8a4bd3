package io.github.hsmkeystore.examples.quickstart;

import io.github.hsmkeystore.core.Activation;
import io.github.hsmkeystore.core.EncryptedTableFactory;
import io.github.hsmkeystore.core.KeyStoreBuilder;
import io.github.hsmkeystore.core.KmsKey;
import io.github.hsmkeystore.core.ProvisionedKeyStore;
import io.github.hsmkeystore.core.Secret;
import io.github.hsmkeystore.core.TableDefinition;
import io.github.hsmkeystore.core.TrustAnchor;
import io.github.hsmkeystore.dynamodb.EncryptedTables;
import io.github.hsmkeystore.dynamodb.VerifiedTable;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.List;
import software.amazon.awssdk.enhanced.dynamodb.DynamoDbEnhancedClient;
import software.amazon.awssdk.enhanced.dynamodb.Key;
import software.amazon.awssdk.enhanced.dynamodb.TableSchema;
import software.amazon.awssdk.enhanced.dynamodb.model.QueryConditional;
import software.amazon.awssdk.services.cloudhsmv2.CloudHsmV2Client;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.kms.KmsClient;

/**
 * The README's quick start, compiled and run (QuickStartIT runs it on the emulator; ReadmeQuickStartTest keeps the
 * README's copy identical to the lines between the {@code quickstart} markers).
 */
public final class QuickStart {
    private QuickStart() {
    }

    /**
     * Provisions a CloudHSM-backed key, creates the encrypted {@code orders} table, writes an order and finds it by id
     * and by customer.
     *
     * @param hsm CloudHSMv2 client
     * @param kms KMS client
     * @param dynamoDb DynamoDB client
     * @param activation how the cluster is activated (LocalEmulatorActivation on the emulator)
     * @param trustAnchorDir a private directory for the trust anchor that signs the cluster certificate
     * @param password the kmsuser password: 7 to 32 letters and digits
     * @return the orders of customer {@code alice}
     */
    public static List<Order> run(CloudHsmV2Client hsm, KmsClient kms, DynamoDbClient dynamoDb, Activation activation,
                                  Path trustAnchorDir, char[] password) {
        // quickstart:begin
        ProvisionedKeyStore store = KeyStoreBuilder.cloudHsm(hsm, kms)
                .newCluster(c -> c.subnetIds("subnet-0a1b2c3d4e5f6a7b8", "subnet-1b2c3d4e5f6a7b8c9"))
                .trustAnchor(TrustAnchor.generate(trustAnchorDir))   // your CA: signs the cluster certificate
                .activation(activation)          // LocalEmulatorActivation in tests, CloudHsmCliActivation on AWS
                .customKeyStoreName("orders-store")
                .kmsUserPassword(Secret.of(password))                // 7 to 32 letters and digits
                .addKey(k -> k.alias("alias/orders").description("orders table"))
                .provision();                    // checks everything first, then creates what is missing
        KmsKey key = store.findKey("alias/orders").orElseThrow();

        TableDefinition definition = TableDefinition.builder()
                .partitionKey("id", ScalarAttributeType.S)
                .globalSecondaryIndex("by-customer", i -> i.partitionKey("customer", ScalarAttributeType.S))
                .deletionProtection(true)
                .encryptedWith(key)
                .build();
        DynamoDbEnhancedClient enhanced = DynamoDbEnhancedClient.builder().dynamoDbClient(dynamoDb).build();
        VerifiedTable<Order> orders = EncryptedTables.createOrOpen(enhanced,
                EncryptedTableFactory.create(dynamoDb, kms), "orders", definition, TableSchema.fromBean(Order.class));

        orders.table().putItem(new Order("o-1", "alice", new BigDecimal("42.50")));
        Order byId = orders.table().getItem(Key.builder().partitionValue("o-1").build());
        List<Order> byCustomer = orders.table().index("by-customer")
                .query(QueryConditional.keyEqualTo(k -> k.partitionValue("alice")))
                .stream().flatMap(page -> page.items().stream()).toList();
        // quickstart:end
        if (byId == null) {
            throw new IllegalStateException("order o-1 was written but not read back");
        }
        return byCustomer;
    }
}
