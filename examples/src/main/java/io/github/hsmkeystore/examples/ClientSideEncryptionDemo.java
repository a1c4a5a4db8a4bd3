package io.github.hsmkeystore.examples;

import io.github.hsmkeystore.clientside.AlgorithmSuite;
import io.github.hsmkeystore.clientside.BranchKeyStore;
import io.github.hsmkeystore.clientside.ClientSideEncryption;
import io.github.hsmkeystore.clientside.ClientSideTable;
import io.github.hsmkeystore.clientside.Keyring;
import io.github.hsmkeystore.core.EncryptedTableFactory;
import io.github.hsmkeystore.core.KmsKey;
import io.github.hsmkeystore.local.LocalHsmKeyStore;
import java.io.PrintStream;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import software.amazon.awssdk.enhanced.dynamodb.Key;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The laptop product with its card number encrypted client-side (AWS Database Encryption SDK) under the CloudHSM-backed
 * key of {@link CloudHsmDemo}: the service only ever stores the card's ciphertext. Prints the product read back (card
 * masked), the raw stored {@code creditCard}, and how many KMS calls 1,000 puts make with the KMS keyring and with the
 * hierarchical keyring.
 *
 * <p>{@code java -cp examples/target/hsm-keystore-examples.jar io.github.hsmkeystore.examples.ClientSideEncryptionDemo
 * [--endpoint URL | --aws [--yes]]}; KMS calls are counted only on the embedded emulator.
 */
public final class ClientSideEncryptionDemo {
    static final String KMS_TABLE = "products-cse-kms";
    static final String HIERARCHICAL_TABLE = "products-cse-hierarchical";
    static final String BRANCH_KEY_TABLE = "products-branch-keys";
    static final int PUTS = 1_000;

    private ClientSideEncryptionDemo() {
    }

    public static void main(String[] args) {
        try (ExampleEnvironment env = ExampleEnvironment.fromArgs(args)) {
            run(env, System.out);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.exit(2);
        }
    }

    /**
     * What the demo showed; a KMS call count is -1 when not on the embedded emulator.
     *
     * @param product the product read back
     * @param storedCreditCard the raw {@code creditCard} attribute as stored, Base64
     * @param kmsCallsKmsKeyring KMS calls for {@value #PUTS} puts with the KMS keyring
     * @param kmsCallsHierarchical KMS calls for {@value #PUTS} puts with the hierarchical keyring
     */
    record Result(Product product, String storedCreditCard, long kmsCallsKmsKeyring, long kmsCallsHierarchical) {
    }

    static Result run(ExampleEnvironment env, PrintStream out) {
        KmsKey key = CloudHsmDemo.run(env, out).key();
        EncryptedTableFactory tables = EncryptedTableFactory.create(env.dynamoDb, env.kms, env.waitPolicy());
        BranchKeyStore branchKeys = BranchKeyStore.open(tables, env.dynamoDb, env.kms, BRANCH_KEY_TABLE, key);
        String branchKeyId = branchKeys.createBranchKey();

        Product laptop = new Product("laptop-001", "Laptop", new BigDecimal("1299.99"),
                Instant.parse("2026-11-29T09:00:00Z"), "4111111111111111");
        out.println();
        out.println("Client-side encryption (DB-ESDK) on " + key.arn() + " (" + key.origin() + ")");
        long kmsKeyringCalls;
        Product readBack;
        String stored;
        try (ClientSideTable<Product> products = open(env, tables, key, Keyring.kms(), KMS_TABLE)) {
            products.put(laptop);
            readBack = products.get(Key.builder().partitionValue("laptop-001").build()).orElseThrow();
            Map<String, AttributeValue> raw = env.dynamoDb.getItem(r -> r.tableName(KMS_TABLE)
                    .key(Map.of("id", AttributeValue.fromS("laptop-001")))).item();
            stored = Base64.getEncoder().encodeToString(raw.get("creditCard").b().asByteArray());
            out.println("Product read back:        " + readBack);
            out.println("Stored creditCard (raw):  " + stored.substring(0, Math.min(48, stored.length())) + "... ("
                    + raw.get("creditCard").b().asByteArray().length + " bytes of ciphertext; name, price stored in clear, signed)");
            kmsKeyringCalls = countKmsCalls(env, products);
        }
        long hierarchicalCalls;
        Keyring hierarchical = Keyring.hierarchical(branchKeys, branchKeyId, Duration.ofMinutes(5));
        try (ClientSideTable<Product> products = open(env, tables, key, hierarchical, HIERARCHICAL_TABLE)) {
            hierarchicalCalls = countKmsCalls(env, products);
        }
        out.printf("KMS calls for %,d puts:   KMS keyring %s, hierarchical keyring %s%n", PUTS, shown(kmsKeyringCalls),
                shown(hierarchicalCalls));
        return new Result(readBack, stored, kmsKeyringCalls, hierarchicalCalls);
    }

    private static ClientSideTable<Product> open(ExampleEnvironment env, EncryptedTableFactory tables, KmsKey key,
                                                 Keyring keyring, String table) {
        return ClientSideEncryption.builder().clients(env.dynamoDb, env.kms).tables(tables)
                .clientBuilder(env::dynamoDbClientBuilder).key(key).keyring(keyring).build()
                .table(table, Product.class, d -> d.signOnly("name").signOnly("price").signOnly("createdAt")
                        .encryptAndSign("creditCard").algorithmSuite(AlgorithmSuite.SYMMETRIC_SIGNATURE_ONLY));
    }

    private static long countKmsCalls(ExampleEnvironment env, ClientSideTable<Product> products) {
        LocalHsmKeyStore emulator = env.embedded();
        long before = emulator == null ? 0 : kmsRequests(emulator);
        for (int i = 0; i < PUTS; i++) {
            products.put(new Product("bulk-" + i, "Item " + i, new BigDecimal("9.99"), Instant.parse("2026-11-29T09:00:00Z"),
                    "4111111111111111"));
        }
        return emulator == null ? -1 : kmsRequests(emulator) - before;
    }

    private static long kmsRequests(LocalHsmKeyStore emulator) {
        return emulator.requests().stream().filter(r -> r.service().equals("kms")).count();
    }

    private static String shown(long calls) {
        return calls < 0 ? "n/a (counted on the embedded emulator only)" : String.format("%,d", calls);
    }
}
