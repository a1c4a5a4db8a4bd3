package io.github.hsmkeystore.bench;

import io.github.hsmkeystore.core.EncryptedTableFactory;
import io.github.hsmkeystore.core.KeyStoreBuilder;
import io.github.hsmkeystore.core.KmsKey;
import io.github.hsmkeystore.testing.LocalEmulatorActivation;
import io.github.hsmkeystore.core.Secret;
import io.github.hsmkeystore.core.TrustAnchor;
import io.github.hsmkeystore.core.WaitPolicy;
import io.github.hsmkeystore.local.LocalHsmKeyStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.enhanced.dynamodb.DynamoDbEnhancedClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.cloudhsmv2.CloudHsmV2Client;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClientBuilder;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.kms.KmsClient;

/**
 * What a benchmark trial runs against: the embedded emulator (default; its HSM backend in the JVM or on a SoftHSM2
 * token, optionally behind a modelled network hop to the HSM), an emulator already running at a URL, or real AWS
 * (system property {@value #TARGET_PROPERTY}, set by {@link BenchMain}). Provisions keys with the library, as an
 * application would: {@link KeyStoreBuilder#standardKms} for the STANDARD side and {@link KeyStoreBuilder#cloudHsm}
 * for the CUSTOM_KEY_STORE side (on the emulator: a new cluster activated through its admin API; on AWS: see
 * {@link BenchAws}). Owns the SDK clients and the emulator it starts; on AWS, {@link #close()} deletes the tables it
 * created and runs the first phase of the library's teardown for the keys it provisioned.
 */
final class BenchEnvironment implements AutoCloseable {
    /** {@code embedded} (default) or the URL of a running emulator. */
    static final String TARGET_PROPERTY = "hsmkeystore.bench.target";
    /** The embedded emulator's modelled hop to the HSM, in nanoseconds; absent when off. */
    static final String HSM_ROUND_TRIP_PROPERTY = "hsmkeystore.bench.hsmRoundTripNanos";
    static final String HSM_JITTER_PROPERTY = "hsmkeystore.bench.hsmJitterNanos";
    static final String IN_JVM = "in-jvm";
    static final String PKCS11 = "pkcs11";
    /** The hsmBackend parameter on a URL target: whatever the running emulator was started with. */
    static final String AS_STARTED = "as-started";

    /** The two sides compared by every benchmark of the default suite. */
    enum Side { STANDARD, CUSTOM_KEY_STORE }

    final KmsClient kms;
    final CloudHsmV2Client cloudHsm;
    final DynamoDbClient dynamoDb;
    final DynamoDbEnhancedClient enhanced;
    final URI endpoint;
    private final LocalHsmKeyStore embedded;
    private final String runId = HexFormat.of().formatHex(new SecureRandom().generateSeed(4));
    private final List<AutoCloseable> owned = new ArrayList<>();
    private final Path workDir;
    /** On AWS: the settings, the builders to tear down and the tables to delete; null and empty elsewhere. */
    private final BenchAws aws;
    private final List<Map.Entry<Side, KeyStoreBuilder>> provisioned = new ArrayList<>();
    private final List<String> tablesCreated = new ArrayList<>();

    private BenchEnvironment(String hsmBackend) {
        String target = System.getProperty(TARGET_PROPERTY, "embedded");
        BenchAws awsSettings = null;
        if (target.equals("embedded")) {
            LocalHsmKeyStore.Builder builder = LocalHsmKeyStore.builder().transitionDelay(Duration.ofMillis(20));
            switch (hsmBackend) {
                case IN_JVM -> { }
                case PKCS11 -> builder.pkcs11(BenchSoftHsm.token());
                default -> throw new IllegalArgumentException("hsmBackend must be in-jvm or pkcs11, got " + hsmBackend);
            }
            String roundTrip = System.getProperty(HSM_ROUND_TRIP_PROPERTY);
            if (roundTrip != null) {
                builder.hsmNetworkModel(Duration.ofNanos(Long.parseLong(roundTrip)),
                        Duration.ofNanos(Long.parseLong(System.getProperty(HSM_JITTER_PROPERTY, "0"))));
            }
            embedded = builder.start();
            owned.add(embedded);
            endpoint = embedded.endpoint();
        } else if (target.equals(BenchOptions.AWS)) {
            // checked by BenchMain before any benchmark ran; checked again here, still before any AWS call
            awsSettings = BenchAws.fromEnvironment(true, Boolean.getBoolean(BenchAws.CONSENT_PROPERTY), System.getenv(),
                    BenchAws::credentialsFound);
            embedded = null;
            endpoint = null;
        } else if (target.startsWith("http://") || target.startsWith("https://")) {
            embedded = null;
            endpoint = URI.create(target);
        } else {
            throw new IllegalArgumentException(TARGET_PROPERTY + " must be embedded, aws or an emulator URL, got " + target);
        }
        aws = awsSettings;
        kms = own(configure(KmsClient.builder()).build());
        cloudHsm = own(configure(CloudHsmV2Client.builder()).build());
        dynamoDb = own(configure(DynamoDbClient.builder()).build());
        enhanced = DynamoDbEnhancedClient.builder().dynamoDbClient(dynamoDb).build();
        try {
            workDir = Files.createTempDirectory("hsm-keystore-bench-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Starts (or connects to) the target given by {@value #TARGET_PROPERTY}, with this HSM backend if embedded. */
    static BenchEnvironment start(String hsmBackend) {
        return new BenchEnvironment(hsmBackend);
    }

    private <B extends AwsClientBuilder<B, ?>> B configure(B builder) {
        if (aws != null) {
            // the default credential chain
            return builder.region(Region.of(aws.region()));
        }
        return LocalHsmKeyStore.configure(builder, endpoint);
    }

    private <T extends AutoCloseable> T own(T client) {
        owned.add(0, client);
        return client;
    }

    /** The embedded emulator, or null on a URL target. */
    LocalHsmKeyStore embedded() {
        return embedded;
    }

    WaitPolicy waitPolicy() {
        if (aws != null) {
            return WaitPolicy.defaults();
        }
        return WaitPolicy.builder().interval(Duration.ofMillis(20)).maxInterval(Duration.ofMillis(200))
                .timeout(Duration.ofMinutes(2)).build();
    }

    /** Provisions one symmetric key for {@code side} with the library and returns it. */
    KmsKey provisionKey(Side side) {
        String alias = "alias/bench-" + side.name().toLowerCase().replace('_', '-') + "-" + runId;
        KeyStoreBuilder builder = switch (side) {
            case STANDARD -> KeyStoreBuilder.standardKms(kms);
            case CUSTOM_KEY_STORE -> aws != null ? aws.customKeyStore(cloudHsm, kms) : KeyStoreBuilder.cloudHsm(cloudHsm, kms)
                    .newCluster(c -> c.hsmType("hsm2m.medium").subnetIds("subnet-0a1b2c3d4e5f6a7b8", "subnet-1b2c3d4e5f6a7b8c9"))
                    .trustAnchor(TrustAnchor.generate(workDir.resolve("customerCA")))
                    .activation(new LocalEmulatorActivation(endpoint, Secret.of("benchAdmin1")))
                    .customKeyStoreName("bench-store-" + runId)
                    .kmsUserPassword(Secret.of(HexFormat.of().formatHex(new SecureRandom().generateSeed(16))));
        };
        builder.waitPolicy(waitPolicy()).addKey(k -> k.alias(alias).description("hsm-keystore-bench " + side));
        if (aws != null) {
            builder.keyDeletionWindowDays(BenchAws.KEY_DELETION_WINDOW_DAYS);
            provisioned.add(Map.entry(side, builder));
        }
        return builder.provision().findKey(alias).orElseThrow();
    }

    /** Another DynamoDB client on this target, over {@code http} (e.g. a {@link ReplayHttpClient}); the caller closes it. */
    DynamoDbClient dynamoDbClient(software.amazon.awssdk.http.SdkHttpClient http) {
        return configure(DynamoDbClient.builder()).httpClient(http).build();
    }

    /** A DynamoDB client builder for this target, for clients that add interceptors (DB-ESDK); the caller closes the client. */
    DynamoDbClientBuilder dynamoDbClientBuilder() {
        return configure(DynamoDbClient.builder());
    }

    /** A table name unique to this run, deleted at the end on AWS. */
    String newTableName(String prefix) {
        String name = prefix + "-" + runId + "-" + tablesCreated.size();
        tablesCreated.add(name);
        return name;
    }

    /** A factory for tables encrypted with a key. */
    EncryptedTableFactory tables() {
        return EncryptedTableFactory.create(dynamoDb, kms, waitPolicy());
    }

    /** Creates (and verifies) a products table encrypted with {@code key}; returns its name. */
    String productsTable(KmsKey key) {
        String name = "bench-products-" + (key.cloudHsmBacked() ? "custom-" : "standard-") + runId;
        tablesCreated.add(name);
        tables().table(name, t -> t.partitionKey("id", ScalarAttributeType.S).encryptedWith(key));
        return name;
    }

    @Override
    public void close() {
        if (aws != null) {
            tearDownOnAws();
        }
        for (AutoCloseable c : owned) {
            try {
                c.close();
            } catch (Exception e) {
                System.err.println("Failed to close " + c + ": " + e);
            }
        }
        BenchSoftHsm.deleteTree(workDir);
    }

    /** Deletes the tables, then the first phase of the library's teardown; prints what remains scheduled. */
    private void tearDownOnAws() {
        for (String table : tablesCreated) {
            try {
                dynamoDb.deleteTable(r -> r.tableName(table));
                System.out.println("# AWS: deleted table " + table);
            } catch (RuntimeException e) {
                System.err.println("# AWS: could not delete table " + table + ", delete it by hand: " + e.getMessage());
            }
        }
        for (Map.Entry<Side, KeyStoreBuilder> entry : provisioned) {
            try {
                System.out.println(BenchAws.remaining(entry.getKey().name(), entry.getValue().teardown()));
            } catch (RuntimeException e) {
                System.err.println("# AWS: teardown of the " + entry.getKey() + " side failed; its keys (alias/bench-*-" + runId
                        + ") may remain: " + e.getMessage());
            }
        }
    }
}
