package com.example.orders;

import io.github.hsmkeystore.core.Activation;
import io.github.hsmkeystore.core.EncryptedTable;
import io.github.hsmkeystore.core.EncryptedTableFactory;
import io.github.hsmkeystore.core.KeyStoreBuilder;
import io.github.hsmkeystore.core.KmsKey;
import io.github.hsmkeystore.core.ProvisionedKeyStore;
import io.github.hsmkeystore.core.Secret;
import io.github.hsmkeystore.core.TableDefinition;
import io.github.hsmkeystore.core.TrustAnchor;
import io.github.hsmkeystore.dynamodb.EncryptedTables;
import io.github.hsmkeystore.dynamodb.VerifiedTable;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import software.amazon.awssdk.enhanced.dynamodb.DynamoDbEnhancedClient;
import software.amazon.awssdk.enhanced.dynamodb.Key;
import software.amazon.awssdk.enhanced.dynamodb.TableSchema;
import software.amazon.awssdk.enhanced.dynamodb.model.QueryConditional;
import software.amazon.awssdk.services.cloudhsmv2.CloudHsmV2Client;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.kms.KmsClient;

/** The orders service: orders in a DynamoDB table encrypted with a KMS key held in the team's CloudHSM cluster. */
public final class OrderService {
    /** The alias of the orders key. */
    public static final String KEY_ALIAS = "alias/orders";
    /** The global secondary index on {@code customer}. */
    public static final String BY_CUSTOMER = "by-customer";

    private final VerifiedTable<Order> orders;

    private OrderService(VerifiedTable<Order> orders) {
        this.orders = orders;
    }

    /**
     * Provisions, with the library's defaults, the CloudHSM cluster, the KMS custom key store and the orders key
     * (idempotent: a second call creates nothing).
     *
     * @param cloudHsm the CloudHSMv2 client
     * @param kms the KMS client
     * @param activation activates the cluster and creates its crypto user (the CloudHSM CLI on AWS)
     * @param trustAnchorDir a private directory for the cluster's trust anchor
     * @param kmsUserPassword the kmsuser password: 7 to 32 letters and digits
     * @return the provisioned key store
     */
    public static ProvisionedKeyStore provision(CloudHsmV2Client cloudHsm, KmsClient kms, Activation activation,
                                               Path trustAnchorDir, Secret kmsUserPassword) {
        return KeyStoreBuilder.cloudHsm(cloudHsm, kms)
                .newCluster(c -> c.hsmType("hsm2m.medium").subnetIds("subnet-0a1b2c3d4e5f6a7b8", "subnet-1b2c3d4e5f6a7b8c9"))
                .trustAnchor(TrustAnchor.generate(trustAnchorDir))
                .activation(activation)
                .customKeyStoreName("orders-store")
                .kmsUserPassword(kmsUserPassword)
                .addKey(k -> k.alias(KEY_ALIAS).description("orders table"))
                .provision();
    }

    /**
     * Creates the orders table encrypted with {@code key} (or verifies the existing one) and opens it.
     *
     * @param dynamoDb the DynamoDB client
     * @param kms the KMS client
     * @param tableName the table
     * @param key the KMS key the table must be encrypted with
     * @return the service on the verified table
     */
    public static OrderService open(DynamoDbClient dynamoDb, KmsClient kms, String tableName, KmsKey key) {
        EncryptedTableFactory tables = EncryptedTableFactory.create(dynamoDb, kms);
        DynamoDbEnhancedClient enhanced = DynamoDbEnhancedClient.builder().dynamoDbClient(dynamoDb).build();
        TableDefinition definition = TableDefinition.of(t -> t.partitionKey("id", ScalarAttributeType.S)
                .globalSecondaryIndex(BY_CUSTOMER, i -> i.partitionKey("customer", ScalarAttributeType.S))
                .encryptedWith(key));
        return new OrderService(EncryptedTables.createOrOpen(enhanced, tables, tableName, definition,
                TableSchema.fromBean(Order.class)));
    }

    /** @param order the order to store */
    public void place(Order order) {
        orders.table().putItem(order);
    }

    /**
     * @param id an order id
     * @return the order, if any
     */
    public Optional<Order> find(String id) {
        return Optional.ofNullable(orders.table().getItem(Key.builder().partitionValue(id).build()));
    }

    /**
     * @param customer a customer
     * @return the customer's orders, read through the {@code by-customer} index
     */
    public List<Order> byCustomer(String customer) {
        return orders.table().index(BY_CUSTOMER).query(QueryConditional.keyEqualTo(k -> k.partitionValue(customer)))
                .stream().flatMap(p -> p.items().stream()).collect(Collectors.toList());
    }

    /** @return the table's encryption as verified when it was opened */
    public EncryptedTable encryption() {
        return orders.verified();
    }
}
