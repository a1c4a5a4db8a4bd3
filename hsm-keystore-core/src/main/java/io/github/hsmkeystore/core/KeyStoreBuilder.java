package io.github.hsmkeystore.core;

import io.github.hsmkeystore.core.internal.HealthCheck;
import io.github.hsmkeystore.core.internal.Planner;
import io.github.hsmkeystore.core.internal.Poller;
import io.github.hsmkeystore.core.internal.Provisioner;
import io.github.hsmkeystore.core.internal.Settings;
import io.github.hsmkeystore.core.internal.Teardown;
import io.github.hsmkeystore.core.internal.TimedClients;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;
import software.amazon.awssdk.services.cloudhsmv2.CloudHsmV2Client;
import software.amazon.awssdk.services.kms.KmsClient;

/**
 * Provisions a KMS custom key store backed by a CloudHSM cluster (or standard KMS keys) in one idempotent call.
 * Every setting is checked before the first AWS call, all problems reported together.
 *
 * <pre>{@code
 * ProvisionedKeyStore store = KeyStoreBuilder.cloudHsm(cloudHsmClient, kmsClient)
 *         .newCluster(c -> c.hsmType("hsm2m.medium").subnetIds("subnet-0a1b2c3d", "subnet-4e5f6a7b"))
 *         .trustAnchor(TrustAnchor.generate(Path.of("customerCA")))
 *         .activation(new RequireActiveActivation())
 *         .customKeyStoreName("orders-store")
 *         .kmsUserPassword(Secret.of(chars))
 *         .addKey(k -> k.alias("alias/orders"))
 *         .provision();
 * }</pre>
 *
 * <p>The clients are the caller's: the builder never closes them. Every request it sends carries the time limits of
 * {@link #callTimeouts(CallTimeouts)} (by default 10 s per attempt, 20 s per call), which take precedence over the
 * clients' own; their retry policy, credentials and endpoint are used as configured.
 */
public final class KeyStoreBuilder {
    private final boolean cloudHsmStore;
    private final CloudHsmV2Client cloudHsm;
    private final KmsClient kms;
    private ClusterSpec newCluster;
    private String existingClusterId;
    private TrustAnchor trustAnchor;
    private Activation activation;
    private String customKeyStoreName;
    private Secret kmsUserPassword;
    private WaitPolicy waitPolicy = WaitPolicy.defaults();
    private ProvisioningListener listener = e -> { };
    private final List<KeyDefinition> keys = new ArrayList<>();
    private int keyDeletionWindowDays = 30;
    private CallTimeouts callTimeouts = CallTimeouts.defaults();
    private software.amazon.awssdk.services.dynamodb.DynamoDbClient tableClient;
    private List<String> tables = List.of();

    private KeyStoreBuilder(boolean cloudHsmStore, CloudHsmV2Client cloudHsm, KmsClient kms) {
        this.cloudHsmStore = cloudHsmStore;
        this.cloudHsm = cloudHsm;
        this.kms = kms;
    }

    /**
     * A builder for a custom key store backed by a CloudHSM cluster.
     *
     * @param cloudHsm the CloudHSMv2 client
     * @param kms the KMS client (same account and Region)
     * @return the builder
     */
    public static KeyStoreBuilder cloudHsm(CloudHsmV2Client cloudHsm, KmsClient kms) {
        return new KeyStoreBuilder(true, Objects.requireNonNull(cloudHsm, "cloudHsm must not be null"),
                Objects.requireNonNull(kms, "kms must not be null"));
    }

    /**
     * A builder for standard KMS keys (AWS-managed HSMs), with the same {@link ProvisionedKeyStore} API.
     *
     * @param kms the KMS client
     * @return the builder
     */
    public static KeyStoreBuilder standardKms(KmsClient kms) {
        return new KeyStoreBuilder(false, null, Objects.requireNonNull(kms, "kms must not be null"));
    }

    /**
     * Creates a new cluster (found again by the tag {@code hsm-keystore:name=<customKeyStoreName>}).
     *
     * @param spec the cluster settings
     * @return this builder
     */
    public KeyStoreBuilder newCluster(ClusterSpec spec) {
        this.newCluster = Objects.requireNonNull(spec, "spec must not be null");
        return this;
    }

    /**
     * Creates a new cluster configured by {@code spec}.
     *
     * @param spec sets the cluster's properties
     * @return this builder
     */
    public KeyStoreBuilder newCluster(Consumer<ClusterSpec.Builder> spec) {
        ClusterSpec.Builder b = ClusterSpec.builder();
        Objects.requireNonNull(spec, "spec must not be null").accept(b);
        return newCluster(b.build());
    }

    /**
     * Uses an existing cluster (teardown keeps it).
     *
     * @param clusterId the cluster id
     * @return this builder
     */
    public KeyStoreBuilder existingCluster(String clusterId) {
        this.existingClusterId = Objects.requireNonNull(clusterId, "clusterId must not be null");
        return this;
    }

    /**
     * Sets the trust anchor, which signs the cluster CSR and is given to KMS.
     *
     * @param trustAnchor signs the cluster CSR and is given to KMS
     * @return this builder
     */
    public KeyStoreBuilder trustAnchor(TrustAnchor trustAnchor) {
        this.trustAnchor = Objects.requireNonNull(trustAnchor, "trustAnchor must not be null");
        return this;
    }

    /**
     * Sets the activation, which sets the admin password and creates kmsuser.
     *
     * @param activation sets the admin password and creates kmsuser
     * @return this builder
     */
    public KeyStoreBuilder activation(Activation activation) {
        this.activation = Objects.requireNonNull(activation, "activation must not be null");
        return this;
    }

    /**
     * Sets the custom key store's name (unique in the account and Region).
     *
     * @param customKeyStoreName the custom key store's name (unique in the account and Region)
     * @return this builder
     */
    public KeyStoreBuilder customKeyStoreName(String customKeyStoreName) {
        this.customKeyStoreName = Objects.requireNonNull(customKeyStoreName, "customKeyStoreName must not be null");
        return this;
    }

    /**
     * Sets the kmsuser password (7-32 letters and digits).
     *
     * @param kmsUserPassword the kmsuser password (7-32 letters and digits)
     * @return this builder
     */
    public KeyStoreBuilder kmsUserPassword(Secret kmsUserPassword) {
        this.kmsUserPassword = Objects.requireNonNull(kmsUserPassword, "kmsUserPassword must not be null");
        return this;
    }

    /**
     * Sets how to poll long-running changes.
     *
     * @param waitPolicy how to poll long-running changes
     * @return this builder
     */
    public KeyStoreBuilder waitPolicy(WaitPolicy waitPolicy) {
        this.waitPolicy = Objects.requireNonNull(waitPolicy, "waitPolicy must not be null");
        return this;
    }

    /**
     * Sets the listener, which receives an event per step.
     *
     * @param listener receives an event per step
     * @return this builder
     */
    public KeyStoreBuilder listener(ProvisioningListener listener) {
        this.listener = Objects.requireNonNull(listener, "listener must not be null");
        return this;
    }

    /**
     * Adds a key, found or created by its alias.
     *
     * @param key sets the key's properties
     * @return this builder
     */
    public KeyStoreBuilder addKey(Consumer<KeyDefinition.Builder> key) {
        return addKey(KeyDefinition.of(Objects.requireNonNull(key, "key must not be null")));
    }

    /**
     * Adds a key to provision.
     *
     * @param key the key to add
     * @return this builder
     */
    public KeyStoreBuilder addKey(KeyDefinition key) {
        keys.add(Objects.requireNonNull(key, "key must not be null"));
        return this;
    }

    /**
     * Replaces the keys.
     *
     * @param keys the keys
     * @return this builder
     */
    public KeyStoreBuilder keys(List<KeyDefinition> keys) {
        List<KeyDefinition> copy = List.copyOf(keys);
        this.keys.clear();
        this.keys.addAll(copy);
        return this;
    }

    /**
     * Sets the waiting period of {@link #teardown()}'s key deletion, 7-30 (default 30).
     *
     * @param days the waiting period of {@link #teardown()}'s key deletion, 7-30 (default 30)
     * @return this builder
     */
    public KeyStoreBuilder keyDeletionWindowDays(int days) {
        this.keyDeletionWindowDays = days;
        return this;
    }

    /**
     * Sets the time limits on every AWS request this builder and its key store send (default
     * {@link CallTimeouts#defaults()}: 10 s per attempt, 20 s per call). They are set on each request, so they apply
     * to the clients you passed in and take precedence over the timeouts configured on them; use
     * {@link CallTimeouts#clientDefaults()} to keep the clients' own.
     *
     * @param callTimeouts the timeouts
     * @return this builder
     */
    public KeyStoreBuilder callTimeouts(CallTimeouts callTimeouts) {
        this.callTimeouts = Objects.requireNonNull(callTimeouts, "callTimeouts must not be null");
        return this;
    }

    private Settings settings() {
        CloudHsmV2Client cloudHsm = TimedClients.apply(CloudHsmV2Client.class, this.cloudHsm, callTimeouts);
        KmsClient kms = TimedClients.apply(KmsClient.class, this.kms, callTimeouts);
        return new Settings(cloudHsmStore, cloudHsm, kms, newCluster, existingClusterId, trustAnchor, activation,
                customKeyStoreName, kmsUserPassword, waitPolicy, listener, keys, keyDeletionWindowDays, Poller::system);
    }

    /**
     * What {@link #provision()} would do, step by step, and how many billable HSMs it would create. Makes only
     * read calls.
     *
     * @return the plan
     * @throws InvalidConfigurationException listing every problem, before any AWS call
     * @throws HsmKeyStoreException if a read fails
     */
    public Plan plan() {
        return new Planner(settings()).plan();
    }

    /**
     * Validates every setting, then creates what is missing and waits for each step. Run twice, it creates nothing
     * the second time; interrupted, run again, it finishes the job.
     *
     * @return the provisioned key store
     * @throws InvalidConfigurationException listing every problem, before any AWS call
     * @throws ConnectionFailedException if the store ends FAILED (it is disconnected again so a retry works)
     * @throws ProvisioningTimeoutException if a step outlasts the wait policy
     * @throws HsmKeyStoreException if an AWS call fails
     */
    public ProvisionedKeyStore provision() {
        Settings s = settings();
        Provisioner.Provisioned p = new Provisioner(s).provision();
        String storeId = p.storeId();
        return new ProvisionedKeyStore(cloudHsmStore ? ProvisionedKeyStore.Kind.CLOUD_HSM : ProvisionedKeyStore.Kind.STANDARD_KMS, storeId,
                cloudHsmStore ? customKeyStoreName : null, p.clusterId(), p.keys(),
                def -> Provisioner.addKey(s, def, storeId));
    }

    /**
     * Tables (encrypted with this store's keys) whose status {@link #health()} also reports, e.g. a table that is
     * INACCESSIBLE_ENCRYPTION_CREDENTIALS because its key became unusable.
     *
     * @param dynamoDb the DynamoDB client (the caller's; never closed)
     * @param tableNames the tables
     * @return this builder
     */
    public KeyStoreBuilder tables(software.amazon.awssdk.services.dynamodb.DynamoDbClient dynamoDb, String... tableNames) {
        this.tableClient = Objects.requireNonNull(dynamoDb, "dynamoDb must not be null");
        this.tables = List.of(tableNames);
        return this;
    }

    /**
     * Finds a key of this store by its alias, without provisioning: needs only the clients, the custom key store name
     * (CloudHSM) and the alias, no provisioning secret.
     *
     * @param alias the alias, e.g. {@code alias/orders}
     * @return the key, or empty when no key has this alias
     * @throws KeyStoreStateException if the alias names a key of another store (or a standard key for a CloudHSM
     *     store, and the reverse)
     * @throws HsmKeyStoreException if a read fails
     */
    public java.util.Optional<KmsKey> findKey(String alias) {
        Objects.requireNonNull(alias, "alias must not be null");
        Settings s = settings();
        io.github.hsmkeystore.core.internal.ConfigValidator.checkForOperations(s);
        return Provisioner.findKey(s, alias);
    }

    /**
     * Undoes provisioning: schedules deletion of the keys; once no key is left, disconnects and deletes the store,
     * deletes the HSMs, then the cluster (a cluster given with {@link #existingCluster} is kept). Never swallows an error.
     *
     * <p>Needs only the clients, the custom key store name, the key aliases (and {@link #existingCluster} if one was
     * used): no trust anchor, activation or kmsuser password.
     *
     * @return what was done and whether anything remains (keys pending deletion keep the store alive)
     * @throws InvalidConfigurationException listing every problem, before any AWS call
     * @throws HsmKeyStoreException if an AWS call fails
     */
    public TeardownResult teardown() {
        return new Teardown(settings()).run();
    }

    /**
     * Reads store connection state, cluster state, active HSMs per zone and key states, with a finding per problem.
     * Needs only the clients, the custom key store name and the key aliases: a running service calls it without
     * holding the provisioning secrets (trust anchor, activation, kmsuser password).
     *
     * @return the health report
     * @throws InvalidConfigurationException listing every problem, before any AWS call
     * @throws HsmKeyStoreException if a read fails
     */
    public Health health() {
        return new HealthCheck(settings(), TimedClients.apply(software.amazon.awssdk.services.dynamodb.DynamoDbClient.class,
                tableClient, callTimeouts), tables).run();
    }
}
