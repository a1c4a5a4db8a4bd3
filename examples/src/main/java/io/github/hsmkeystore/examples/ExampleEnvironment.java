package io.github.hsmkeystore.examples;

import io.github.hsmkeystore.core.Activation;
import io.github.hsmkeystore.core.RequireActiveActivation;
import io.github.hsmkeystore.core.Secret;
import io.github.hsmkeystore.core.WaitPolicy;
import io.github.hsmkeystore.local.LocalHsmKeyStore;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.enhanced.dynamodb.DynamoDbEnhancedClient;
import software.amazon.awssdk.services.cloudhsmv2.CloudHsmV2Client;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClientBuilder;
import software.amazon.awssdk.services.kms.KmsClient;

/**
 * Where an example runs: the embedded emulator (default), an emulator or compatible endpoint already running
 * ({@code --endpoint URL}), or real AWS ({@code --aws}, with the default credentials and Region; billable HSMs only with
 * {@code --yes}). Owns the SDK clients it makes.
 */
final class ExampleEnvironment implements AutoCloseable {
    enum Target { EMBEDDED, ENDPOINT, AWS }

    final Target target;
    final boolean confirmed;
    final KmsClient kms;
    final CloudHsmV2Client cloudHsm;
    final DynamoDbClient dynamoDb;
    final DynamoDbEnhancedClient enhanced;
    private final URI endpoint;
    private final LocalHsmKeyStore embedded;
    private final List<AutoCloseable> owned = new ArrayList<>();

    private ExampleEnvironment(Target target, URI endpoint, boolean confirmed) {
        this.target = target;
        this.confirmed = confirmed;
        if (target == Target.EMBEDDED) {
            embedded = LocalHsmKeyStore.builder().transitionDelay(Duration.ofMillis(50)).start();
            owned.add(embedded);
            this.endpoint = embedded.endpoint();
        } else {
            embedded = null;
            this.endpoint = endpoint;
        }
        kms = own(configure(KmsClient.builder()).build());
        cloudHsm = own(configure(CloudHsmV2Client.builder()).build());
        dynamoDb = own(configure(DynamoDbClient.builder()).build());
        enhanced = DynamoDbEnhancedClient.builder().dynamoDbClient(dynamoDb).build();
    }

    /** Parses {@code [--endpoint URL | --aws [--yes]]}. */
    static ExampleEnvironment fromArgs(String[] args) {
        Target target = Target.EMBEDDED;
        URI endpoint = null;
        boolean yes = false;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--endpoint" -> {
                    if (i + 1 >= args.length) {
                        throw new IllegalArgumentException("--endpoint needs a URL, e.g. --endpoint http://127.0.0.1:4566");
                    }
                    target = Target.ENDPOINT;
                    endpoint = URI.create(args[++i]);
                }
                case "--aws" -> target = Target.AWS;
                case "--yes" -> yes = true;
                default -> throw new IllegalArgumentException("Unknown option " + args[i]
                        + "; usage: [--endpoint URL | --aws [--yes]]");
            }
        }
        return new ExampleEnvironment(target, endpoint, yes);
    }

    private <B extends AwsClientBuilder<B, ?>> B configure(B builder) {
        if (target == Target.AWS) {
            return builder;
        }
        return LocalHsmKeyStore.configure(builder, endpoint);
    }

    private <T extends AutoCloseable> T own(T client) {
        owned.add(0, client);
        return client;
    }

    /** A DynamoDB client builder configured like {@link #dynamoDb}, for clients that add interceptors. */
    DynamoDbClientBuilder dynamoDbClientBuilder() {
        return configure(DynamoDbClient.builder());
    }

    /** The embedded emulator, or null when the example runs elsewhere. */
    LocalHsmKeyStore embedded() {
        return embedded;
    }

    boolean local() {
        return target != Target.AWS;
    }

    /** On the emulator: its admin API. On AWS: require an ACTIVE cluster, else print the CloudHSM CLI commands to run. */
    Activation activation() {
        return local() ? new io.github.hsmkeystore.testing.LocalEmulatorActivation(endpoint, Secret.of("demoAdmin1")) : new RequireActiveActivation();
    }

    /** Short polling on the emulator; AWS-sized waits (connect can take 20 minutes) on AWS. */
    WaitPolicy waitPolicy() {
        return local() ? WaitPolicy.builder().interval(Duration.ofMillis(25)).maxInterval(Duration.ofMillis(200))
                .timeout(Duration.ofMinutes(2)).build() : WaitPolicy.defaults();
    }

    /** A kmsuser password for this run: alphanumeric, 32 characters, never printed. */
    static Secret randomKmsUserPassword() {
        byte[] bytes = new byte[16];
        new SecureRandom().nextBytes(bytes);
        return Secret.of(HexFormat.of().formatHex(bytes));
    }

    /**
     * Where the demo keeps its trust anchor (customerCA): for the embedded emulator a new private temporary directory
     * (the emulator's state dies with the process); for an endpoint or AWS a directory per target under the user's
     * home, so re-runs find the same CA. Never a predictable directory in the shared temp directory: whoever can write
     * there could plant a CA ({@link io.github.hsmkeystore.core.TrustAnchor#generate} refuses such a directory).
     */
    Path trustAnchorDir() {
        if (target == Target.EMBEDDED) {
            try {
                return Files.createTempDirectory("hsm-keystore-demo-").resolve("customerCA");
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot create a temporary directory for the demo's trust anchor", e);
            }
        }
        String where = target == Target.AWS ? "aws"
                : "endpoint-" + HexFormat.of().formatHex(endpoint.toString().getBytes(StandardCharsets.UTF_8)).substring(0, 12)
                        + "-" + Integer.toHexString(endpoint.toString().hashCode());
        return Path.of(System.getProperty("user.home"), ".hsm-keystore", "demo", where, "customerCA");
    }

    String describe() {
        return switch (target) {
            case EMBEDDED -> "the embedded hsm-keystore-local emulator at " + endpoint;
            case ENDPOINT -> "the endpoint " + endpoint;
            case AWS -> "real AWS (default credentials and Region)";
        };
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
    }
}
