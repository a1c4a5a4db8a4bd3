package io.github.hsmkeystore.bench;

import io.github.hsmkeystore.core.CloudHsmCliActivation;
import io.github.hsmkeystore.core.KeyStoreBuilder;
import io.github.hsmkeystore.core.RequireActiveActivation;
import io.github.hsmkeystore.core.Secret;
import io.github.hsmkeystore.core.TeardownResult;
import io.github.hsmkeystore.core.TrustAnchor;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.cloudhsmv2.CloudHsmV2Client;
import software.amazon.awssdk.services.kms.KmsClient;

/**
 * {@code --target aws}: what must be in place before any benchmark runs on real AWS, and how the CUSTOM_KEY_STORE side
 * gets its cluster. Nothing here calls AWS except {@link #credentialsFound()}, which asks the SDK's default credential
 * chain (it may ask the instance metadata service); tests pass their own check and environment.
 *
 * <p>The STANDARD side needs only credentials and a Region. The CUSTOM_KEY_STORE side needs either an existing ACTIVE
 * cluster with its {@code kmsuser} ({@value #CLUSTER_ENV}, {@value #KMSUSER_PASSWORD_ENV}, {@value #TRUST_ANCHOR_ENV}: no
 * HSM is created) or, with the explicit billing consent {@code --yes}, the whole chain: a new cluster with two HSMs in
 * the subnets of {@value #SUBNETS_ENV}, activated with the CloudHSM CLI of this host ({@value #ADMIN_PASSWORD_ENV}).
 */
final class BenchAws {
    static final String REGION_ENV = "AWS_REGION";
    static final String CLUSTER_ENV = "HSMKEYSTORE_BENCH_CLUSTER_ID";
    static final String KMSUSER_PASSWORD_ENV = "HSMKEYSTORE_BENCH_KMSUSER_PASSWORD";
    static final String TRUST_ANCHOR_ENV = "HSMKEYSTORE_BENCH_TRUST_ANCHOR_DIR";
    static final String STORE_NAME_ENV = "HSMKEYSTORE_BENCH_CUSTOM_KEY_STORE_NAME";
    static final String SUBNETS_ENV = "HSMKEYSTORE_BENCH_SUBNET_IDS";
    static final String ADMIN_PASSWORD_ENV = "HSMKEYSTORE_BENCH_ADMIN_PASSWORD";
    /** Set to true for the benchmark JVMs by {@link BenchMain} when {@code --yes} was given. */
    static final String CONSENT_PROPERTY = "hsmkeystore.bench.awsConsent";
    static final String DEFAULT_STORE_NAME = "hsm-keystore-bench";
    /** The shortest KMS deletion window: the keys of a trial are gone 7 days after it. */
    static final int KEY_DELETION_WINDOW_DAYS = 7;

    private final Map<String, String> env;
    private final boolean consent;

    private BenchAws(Map<String, String> env, boolean consent) {
        this.env = Map.copyOf(env);
        this.consent = consent;
    }

    /**
     * Every reason {@code --target aws} cannot start, in plain language; empty when it can.
     *
     * @param customSide whether the run includes the CUSTOM_KEY_STORE side (it does unless {@code -p keyStore=STANDARD})
     * @param consent    whether {@code --yes} was given
     * @param env        the environment variables
     * @param credentials whether the default credential chain finds credentials
     */
    static List<String> problems(boolean customSide, boolean consent, Map<String, String> env, BooleanSupplier credentials) {
        List<String> problems = new ArrayList<>();
        if (!credentials.getAsBoolean()) {
            problems.add("no AWS credentials: the SDK's default chain (AWS_ACCESS_KEY_ID + AWS_SECRET_ACCESS_KEY, AWS_PROFILE,"
                    + " ~/.aws/credentials, SSO, an instance or container role) found none");
        }
        if (blank(env.get(REGION_ENV))) {
            problems.add(REGION_ENV + " is not set: name the Region explicitly, e.g. export " + REGION_ENV + "=us-east-1");
        }
        if (!customSide) {
            return problems;
        }
        String cluster = env.get(CLUSTER_ENV);
        if (!blank(cluster)) {
            if (!cluster.matches("cluster-[2-7a-zA-Z]{11,16}")) {
                problems.add(CLUSTER_ENV + "=" + cluster + " is not a cluster id (cluster-xxxxxxxxxxx)");
            }
            requireKmsUserAndTrustAnchor(env, problems, true);
        } else if (consent) {
            List<String> subnets = subnets(env);
            if (subnets.size() < 2) {
                problems.add(SUBNETS_ENV + " must list at least two subnets in different Availability Zones (comma-separated,"
                        + " e.g. subnet-0a1b2c3d,subnet-4e5f6a7b) for the new cluster's HSMs; got "
                        + (blank(env.get(SUBNETS_ENV)) ? "nothing" : env.get(SUBNETS_ENV)));
            }
            if (blank(env.get(ADMIN_PASSWORD_ENV))) {
                problems.add(ADMIN_PASSWORD_ENV + " is not set: the admin password the CloudHSM CLI of this host gives the new"
                        + " cluster at activation (cloudhsm-cli must be installed and configured for the cluster)");
            }
            requireKmsUserAndTrustAnchor(env, problems, false);
        } else {
            problems.add("the CUSTOM_KEY_STORE side needs a CloudHSM cluster: either set " + CLUSTER_ENV + " (an ACTIVE cluster"
                    + " with a kmsuser), " + KMSUSER_PASSWORD_ENV + " and " + TRUST_ANCHOR_ENV + "; or pass --yes (consent to"
                    + " create a cluster with 2 HSMs, billed per HSM-hour until deleted) with " + SUBNETS_ENV + ", "
                    + ADMIN_PASSWORD_ENV + ", " + KMSUSER_PASSWORD_ENV + " and " + TRUST_ANCHOR_ENV
                    + "; or benchmark only the STANDARD side: -p keyStore=STANDARD");
        }
        return problems;
    }

    private static void requireKmsUserAndTrustAnchor(Map<String, String> env, List<String> problems, boolean existing) {
        if (blank(env.get(KMSUSER_PASSWORD_ENV))) {
            problems.add(KMSUSER_PASSWORD_ENV + " is not set: the password of the cluster's kmsuser"
                    + (existing ? "" : " (created at activation)") + ", which KMS logs in with");
        }
        String dir = env.get(TRUST_ANCHOR_ENV);
        if (blank(dir)) {
            problems.add(TRUST_ANCHOR_ENV + " is not set: the directory of the cluster's trust anchor ("
                    + TrustAnchor.CERTIFICATE_FILE + (existing ? ", the certificate the cluster was initialised with)"
                    : "; created there with its key if absent)"));
        } else if (existing && !Files.isRegularFile(Path.of(dir).resolve(TrustAnchor.CERTIFICATE_FILE))) {
            problems.add(TRUST_ANCHOR_ENV + "=" + dir + " has no " + TrustAnchor.CERTIFICATE_FILE
                    + " (the certificate the cluster was initialised with)");
        }
    }

    /**
     * The settings of a benchmark JVM, checked again there.
     *
     * @throws IllegalStateException listing every problem
     */
    static BenchAws fromEnvironment(boolean customSide, boolean consent, Map<String, String> env, BooleanSupplier credentials) {
        List<String> problems = problems(customSide, consent, env, credentials);
        if (!problems.isEmpty()) {
            throw new IllegalStateException("--target aws cannot start:\n  - " + String.join("\n  - ", problems));
        }
        return new BenchAws(env, consent);
    }

    /** Whether the SDK's default chain finds credentials (may call the instance metadata service; not in tests). */
    static boolean credentialsFound() {
        try (DefaultCredentialsProvider provider = DefaultCredentialsProvider.builder().build()) {
            provider.resolveCredentials();
            return true;
        } catch (SdkClientException e) {
            return false;
        }
    }

    String region() {
        return env.get(REGION_ENV);
    }

    /** Whether the CUSTOM_KEY_STORE side creates a new cluster (billable HSMs) rather than using an existing one. */
    boolean newCluster() {
        return blank(env.get(CLUSTER_ENV));
    }

    String storeName() {
        String name = env.get(STORE_NAME_ENV);
        return blank(name) ? DEFAULT_STORE_NAME : name;
    }

    /** The builder of the CUSTOM_KEY_STORE side, without keys. */
    KeyStoreBuilder customKeyStore(CloudHsmV2Client cloudHsm, KmsClient kms) {
        KeyStoreBuilder builder = KeyStoreBuilder.cloudHsm(cloudHsm, kms)
                .trustAnchor(TrustAnchor.generate(Path.of(env.get(TRUST_ANCHOR_ENV))))
                .customKeyStoreName(storeName())
                .kmsUserPassword(Secret.of(env.get(KMSUSER_PASSWORD_ENV)));
        if (newCluster()) {
            if (!consent) {
                throw new IllegalStateException("Refusing to create a CloudHSM cluster without --yes");
            }
            return builder.newCluster(c -> c.hsmType("hsm2m.medium").subnetIds(subnets(env).toArray(String[]::new)))
                    .activation(CloudHsmCliActivation.builder(Secret.of(env.get(ADMIN_PASSWORD_ENV))).build());
        }
        return builder.existingCluster(env.get(CLUSTER_ENV)).activation(new RequireActiveActivation());
    }

    /** What the first phase of the teardown left, and how to finish it, for the output of a trial. */
    static String remaining(String side, TeardownResult result) {
        StringBuilder out = new StringBuilder("# teardown of the " + side + " side on AWS:");
        for (String action : result.actions()) {
            out.append("\n#   ").append(action);
        }
        if (result.complete()) {
            return out.append("\n#   nothing remains").toString();
        }
        out.append("\n#   still scheduled: KMS deletes the keys after ").append(result.keysDeletedAfter().map(Object::toString).orElse("(no date)"))
                .append(" (its deletion window); they cannot be used meanwhile and cost nothing more once deleted.");
        if (side.equals("CUSTOM_KEY_STORE")) {
            out.append("\n#   kept until then: the custom key store (a store holding keys cannot be deleted) and its cluster;"
                    + " HSMs this run created are billed per hour until deleted. After that date, run the library's"
                    + " KeyStoreBuilder...teardown() again (or DisconnectCustomKeyStore, DeleteCustomKeyStore, DeleteHsm,"
                    + " DeleteCluster) to delete them.");
        }
        return out.toString();
    }

    private static List<String> subnets(Map<String, String> env) {
        String value = env.get(SUBNETS_ENV);
        if (blank(value)) {
            return List.of();
        }
        return Arrays.stream(value.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }

    @Override
    public String toString() {
        // never the passwords
        return "BenchAws[region=" + region() + ", cluster=" + (newCluster() ? "new" : env.get(CLUSTER_ENV)) + ", store="
                + storeName() + "]";
    }
}
