package io.github.hsmkeystore.examples;

import io.github.hsmkeystore.core.EncryptedTable;
import io.github.hsmkeystore.core.EncryptedTableFactory;
import io.github.hsmkeystore.core.ProvisionedKeyStore;
import io.github.hsmkeystore.core.KeyStoreBuilder;
import io.github.hsmkeystore.core.KmsKey;
import io.github.hsmkeystore.core.Plan;
import io.github.hsmkeystore.core.TrustAnchor;
import io.github.hsmkeystore.examples.Product;
import io.github.hsmkeystore.examples.ProductCatalog;
import java.io.PrintStream;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.kms.model.KeyMetadata;

/**
 * The notes' "complete example", end to end: provision a CloudHSM-backed KMS key (cluster, HSMs in two AZs,
 * initialisation, activation, kmsuser, custom key store, connect, key, alias), create a DynamoDB table encrypted
 * with it, put the laptop product, read it back, and show which key encrypts the table.
 *
 * <p>{@code java -jar examples/target/hsm-keystore-examples.jar [--endpoint URL | --aws [--yes]]}: the embedded emulator
 * by default; an emulator already running with {@code --endpoint}; real AWS with {@code --aws}, which refuses to create
 * billable HSMs without {@code --yes}.
 */
public final class CloudHsmDemo {
    static final String STORE_NAME = "demo-orders-store";
    static final String ALIAS = "alias/dynamodb-hsm-key";
    static final String TABLE = "products";

    private CloudHsmDemo() {
    }

    public static void main(String[] args) {
        try (ExampleEnvironment env = ExampleEnvironment.fromArgs(args)) {
            run(env, System.out);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.exit(2);
        }
    }

    /** What the demo read back and the key that encrypts the table. */
    record Result(Product product, EncryptedTable table, KmsKey key) {
    }

    static Result run(ExampleEnvironment env, PrintStream out) {
        out.println("hsm-keystore demo on " + env.describe());
        KeyStoreBuilder builder = KeyStoreBuilder.cloudHsm(env.cloudHsm, env.kms)
                .newCluster(c -> c.hsmType("hsm2m.medium").subnetIds("subnet-0a1b2c3d4e5f6a7b8", "subnet-1b2c3d4e5f6a7b8c9"))
                .trustAnchor(TrustAnchor.generate(env.trustAnchorDir()))
                .activation(env.activation())
                .customKeyStoreName(STORE_NAME)
                .kmsUserPassword(ExampleEnvironment.randomKmsUserPassword())
                .waitPolicy(env.waitPolicy())
                .addKey(k -> k.alias(ALIAS).description("products table"));
        if (!env.local()) {
            Plan plan = builder.plan();
            out.println(plan);
            if (plan.billableHsmsToCreate() > 0 && !env.confirmed) {
                throw new IllegalArgumentException("This would create " + plan.billableHsmsToCreate()
                        + " CloudHSM HSM(s), billed per HSM-hour until deleted. Re-run with --aws --yes to go ahead.");
            }
        }
        ProvisionedKeyStore store = builder.provision();
        KmsKey key = store.findKey(ALIAS).orElseThrow();

        EncryptedTableFactory tables = EncryptedTableFactory.create(env.dynamoDb, env.kms, env.waitPolicy());
        EncryptedTable table = tables.table(TABLE, t -> t.partitionKey("id", ScalarAttributeType.S).encryptedWith(key));
        ProductCatalog catalog = ProductCatalog.open(env.enhanced, tables, TABLE, key);
        catalog.put(new Product("laptop-001", "Laptop", new BigDecimal("1299.99"),
                Instant.parse("2026-11-29T09:00:00Z").truncatedTo(ChronoUnit.SECONDS), "4111111111111111"));
        Product readBack = catalog.get("laptop-001").orElseThrow();

        KeyMetadata metadata = env.kms.describeKey(r -> r.keyId(table.kmsKeyArn())).keyMetadata();
        out.println("Product read back: " + readBack);
        out.println("Table " + table.tableName() + " is encrypted at rest with KMS key " + table.kmsKeyArn());
        out.println("  alias:            " + key.alias());
        out.println("  origin:           " + metadata.originAsString());
        out.println("  custom key store: " + metadata.customKeyStoreId());
        out.println("  CloudHSM cluster: " + metadata.cloudHsmClusterId());
        return new Result(readBack, table, key);
    }
}
