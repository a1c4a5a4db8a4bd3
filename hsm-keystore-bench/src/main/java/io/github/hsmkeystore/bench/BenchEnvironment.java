package io.github.hsmkeystore.bench;

import io.github.hsmkeystore.core.EncryptedTableFactory;
import io.github.hsmkeystore.core.KeyStoreBuilder;
import io.github.hsmkeystore.core.KmsKey;
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
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.enhanced.dynamodb.DynamoDbEnhancedClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.cloudhsmv2.CloudHsmV2Client;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.kms.KmsClient;

/**
 * What a benchmark trial runs against: the embedded emulator (default; its HSM backend in the JVM or on a SoftHSM2
 * token) or an emulator already running at a URL (system property {@value #TARGET_PROPERTY}, set by {@link BenchMain}).
 * Provisions keys with the library, as an application would: {@link KeyStoreBuilder#standardKms} for the STANDARD side
 * and {@link KeyStoreBuilder#cloudHsm} (new cluster, activation through the emulator's admin API, custom key store)
 * for the CUSTOM_KEY_STORE side. Owns the SDK clients and the emulator it starts.
 */
final class BenchEnvironment implements AutoCloseable {
    /** {@code embedded} (default) or the URL of a running emulator. */
    static final String TARGET_PROPERTY = "hsmkeystore.bench.target";
    static final String IN_JVM = "in-jvm";
    static final String PKCS11 = "pkcs11";
    /** The hsmBackend parameter on a URL target: whatever the running emulator was started with. */
    static final String AS_STARTED = "as-started";

    /** The two sides compared by every benchmark of issue 6. */
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

    private BenchEnvironment(String hsmBackend) {
        String target = System.getProperty(TARGET_PROPERTY, "embedded");
        if (target.equals("embedded")) {
            LocalHsmKeyStore.Builder builder = LocalHsmKeyStore.builder().transitionDelay(Duration.ofMillis(20));
            switch (hsmBackend) {
                case IN_JVM -> { }
                case PKCS11 -> builder.pkcs11(BenchSoftHsm.token());
                default -> throw new IllegalArgumentException("hsmBackend must be in-jvm or pkcs11, got " + hsmBackend);
            }
            embedded = builder.start();
            owned.add(embedded);
            endpoint = embedded.endpoint();
        } else if (target.startsWith("http://") || target.startsWith("https://")) {
            embedded = null;
            endpoint = URI.create(target);
        } else {
            throw new IllegalArgumentException(TARGET_PROPERTY + " must be embedded or an emulator URL, got " + target);
        }
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
        return builder.endpointOverride(endpoint).region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("bench", "bench")));
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
        return WaitPolicy.builder().interval(Duration.ofMillis(20)).maxInterval(Duration.ofMillis(200))
                .timeout(Duration.ofMinutes(2)).build();
    }

    /** Provisions one symmetric key for {@code side} with the library and returns it. */
    KmsKey provisionKey(Side side) {
        String alias = "alias/bench-" + side.name().toLowerCase().replace('_', '-') + "-" + runId;
        KeyStoreBuilder builder = switch (side) {
            case STANDARD -> KeyStoreBuilder.standardKms(kms);
            case CUSTOM_KEY_STORE -> KeyStoreBuilder.cloudHsm(cloudHsm, kms)
                    .newCluster(c -> c.hsmType("hsm2m.medium").subnetIds("subnet-0a1b2c3d4e5f6a7b8", "subnet-1b2c3d4e5f6a7b8c9"))
                    .trustAnchor(TrustAnchor.generate(workDir.resolve("customerCA")))
                    .activation(new BenchActivation(endpoint, Secret.of("benchAdmin1")))
                    .customKeyStoreName("bench-store-" + runId)
                    .kmsUserPassword(Secret.of(HexFormat.of().formatHex(new SecureRandom().generateSeed(16))));
        };
        return builder.waitPolicy(waitPolicy()).addKey(k -> k.alias(alias).description("hsm-keystore-bench " + side))
                .provision().findKey(alias).orElseThrow();
    }

    /** Another DynamoDB client on this target, over {@code http} (e.g. a {@link ReplayHttpClient}); the caller closes it. */
    DynamoDbClient dynamoDbClient(software.amazon.awssdk.http.SdkHttpClient http) {
        return configure(DynamoDbClient.builder()).httpClient(http).build();
    }

    /** A factory for tables encrypted with a key. */
    EncryptedTableFactory tables() {
        return EncryptedTableFactory.create(dynamoDb, kms, waitPolicy());
    }

    /** Creates (and verifies) a products table encrypted with {@code key}; returns its name. */
    String productsTable(KmsKey key) {
        String name = "bench-products-" + (key.cloudHsmBacked() ? "custom-" : "standard-") + runId;
        tables().table(name, t -> t.partitionKey("id", ScalarAttributeType.S).encryptedWith(key));
        return name;
    }

    @Override
    public void close() {
        for (AutoCloseable c : owned) {
            try {
                c.close();
            } catch (Exception e) {
                System.err.println("Failed to close " + c + ": " + e);
            }
        }
        BenchSoftHsm.deleteTree(workDir);
    }
}
