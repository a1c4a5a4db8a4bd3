package io.github.hsmkeystore.examples;

import io.github.hsmkeystore.core.EncryptedTable;
import io.github.hsmkeystore.core.EncryptedTableFactory;
import io.github.hsmkeystore.core.KeyStoreBuilder;
import io.github.hsmkeystore.core.KmsKey;
import io.github.hsmkeystore.examples.Product;
import io.github.hsmkeystore.examples.ProductCatalog;
import java.io.PrintStream;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;

/**
 * The same product on two tables side by side: one encrypted with a standard KMS key (AWS-managed HSMs), one with
 * the CloudHSM-backed key of {@link CloudHsmDemo}. Application code is identical; only the key differs. For what
 * each costs in latency, run the benchmarks (hsm-keystore-bench).
 *
 * <p>{@code java -cp examples/target/hsm-keystore-examples.jar io.github.hsmkeystore.examples.StandardVsCustomKeyStore
 * [--endpoint URL | --aws [--yes]]}
 */
public final class StandardVsCustomKeyStore {
    static final String STANDARD_ALIAS = "alias/dynamodb-standard-key";
    static final String STANDARD_TABLE = "products-standard";

    private StandardVsCustomKeyStore() {
    }

    public static void main(String[] args) {
        try (ExampleEnvironment env = ExampleEnvironment.fromArgs(args)) {
            run(env, System.out);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.exit(2);
        }
    }

    /** The table of each side, keyed "STANDARD" and "CUSTOM_KEY_STORE", as verified. */
    static Map<String, EncryptedTable> run(ExampleEnvironment env, PrintStream out) {
        CloudHsmDemo.Result custom = CloudHsmDemo.run(env, out);
        KmsKey standardKey = KeyStoreBuilder.standardKms(env.kms).waitPolicy(env.waitPolicy())
                .addKey(k -> k.alias(STANDARD_ALIAS).description("products table, standard KMS key"))
                .provision().findKey(STANDARD_ALIAS).orElseThrow();
        EncryptedTableFactory tables = EncryptedTableFactory.create(env.dynamoDb, env.kms, env.waitPolicy());
        EncryptedTable standardTable = tables.table(STANDARD_TABLE,
                t -> t.partitionKey("id", ScalarAttributeType.S).encryptedWith(standardKey));
        ProductCatalog standard = ProductCatalog.open(env.enhanced, tables, STANDARD_TABLE, standardKey);
        standard.put(new Product("laptop-001", "Laptop", new BigDecimal("1299.99"),
                Instant.parse("2026-11-29T09:00:00Z").truncatedTo(ChronoUnit.SECONDS), "4111111111111111"));
        Product fromStandard = standard.get("laptop-001").orElseThrow();

        Map<String, EncryptedTable> sides = new LinkedHashMap<>();
        sides.put("STANDARD", standardTable);
        sides.put("CUSTOM_KEY_STORE", custom.table());
        out.println();
        out.printf("%-18s %-20s %-14s %-24s %s%n", "side", "table", "key origin", "custom key store", "same product read back");
        out.printf("%-18s %-20s %-14s %-24s %s%n", "STANDARD", standardTable.tableName(), standardTable.keyOrigin(), "-",
                fromStandard.equals(custom.product()));
        out.printf("%-18s %-20s %-14s %-24s %s%n", "CUSTOM_KEY_STORE", custom.table().tableName(), custom.table().keyOrigin(),
                custom.table().customKeyStoreId().orElse("-"), true);
        return sides;
    }
}
