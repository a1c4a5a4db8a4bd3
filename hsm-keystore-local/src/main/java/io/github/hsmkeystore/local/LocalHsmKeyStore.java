package io.github.hsmkeystore.local;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.hsmkeystore.local.internal.AwsException;
import io.github.hsmkeystore.local.internal.EmulatorClock;
import io.github.hsmkeystore.local.internal.Json;
import io.github.hsmkeystore.local.internal.JsonRequest;
import io.github.hsmkeystore.local.internal.LoopbackHttpClient;
import io.github.hsmkeystore.local.internal.Regions;
import io.github.hsmkeystore.local.internal.Scope;
import io.github.hsmkeystore.local.internal.cloudhsm.CloudHsmService;
import io.github.hsmkeystore.local.internal.dynamodb.DynamoDbService;
import io.github.hsmkeystore.local.internal.hsm.HsmBackend;
import io.github.hsmkeystore.local.internal.hsm.HsmNetworkModel;
import io.github.hsmkeystore.local.internal.hsm.InJvmHsmBackend;
import io.github.hsmkeystore.local.internal.hsm.Pkcs11HsmBackend;
import io.github.hsmkeystore.local.internal.http.HttpServer;
import io.github.hsmkeystore.local.internal.http.RequestPolicy;
import io.github.hsmkeystore.local.internal.http.ServerConfig;
import io.github.hsmkeystore.local.internal.kms.KmsService;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.cloudhsmv2.CloudHsmV2Client;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.kms.model.ConnectionErrorCodeType;

/**
 * An embeddable emulator of KMS (with CloudHSM custom key stores), CloudHSMv2 and DynamoDB on one loopback
 * HTTP endpoint. Any AWS SDK client, boto3 or the AWS CLI works against it with an endpoint override.
 *
 * <pre>{@code
 * try (LocalHsmKeyStore local = LocalHsmKeyStore.start()) {
 *     KmsClient kms = local.kmsClient();
 *     CloudHsmV2Client hsm = local.cloudHsmClient();
 *     // ... create a cluster, then:
 *     local.activateCluster(clusterId, "adminPassword".toCharArray());
 *     local.createCryptoUser(clusterId, "kmsuser", "kmsuserPassword".toCharArray());
 * }
 * }</pre>
 *
 * <p>The n-th subnet of a CreateCluster request lies in the n-th Availability Zone of the Region
 * ({@code us-east-1a}, {@code us-east-1b}, ...), since there is no EC2 here. State is kept per account and
 * Region; the Region comes from each request's SigV4 credential scope. Time-based behaviour follows the
 * emulator clock, which {@link #advanceClock(Duration)} moves forward.
 */
public final class LocalHsmKeyStore implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(LocalHsmKeyStore.class);
    /** The account id of requests, unless {@link Builder#accountId} sets another. */
    public static final String DEFAULT_ACCOUNT_ID = "000000000000";
    /** The default Region, unless {@link Builder#region} sets another. */
    public static final String DEFAULT_REGION = "us-east-1";
    /** How long each asynchronous state change takes, unless {@link Builder#transitionDelay} sets another. */
    public static final Duration DEFAULT_TRANSITION_DELAY = Duration.ofMillis(50);
    private static final Pattern CLUSTER_ADMIN = Pattern.compile("cloudhsm/clusters/([^/]+)/(activate|users)");

    private final Builder config;
    /** Null unless {@link Builder#hsmNetworkModel} was set. */
    private final HsmNetworkModel hsmNetworkModel;
    private final EmulatorClock clock = new EmulatorClock();
    private final Faults faults = new Faults();
    private final RequestLog requestLog = new RequestLog(clock::now);
    private final CloudHsmService cloudHsm;
    private final KmsService kms;
    private final DynamoDbService dynamoDb;
    private final HttpServer server;
    private final URI endpoint;
    /** The SDK's credential classes load only when a client is made, not at start (docs/benchmarks.md). */
    private static final class Credentials {
        static final AwsCredentialsProvider PROVIDER = StaticCredentialsProvider.create(
                AwsBasicCredentials.create("AKIDLOCALHSMKEYSTORE", "local-secret-not-checked"));
    }

    private final List<AutoCloseable> clients = new ArrayList<>();
    private SdkHttpClient httpClient;
    private KmsClient kmsClient;
    private CloudHsmV2Client cloudHsmClient;
    private DynamoDbClient dynamoDbClient;

    private LocalHsmKeyStore(Builder b) {
        this.config = b;
        this.hsmNetworkModel = b.hsmNetworkModel;
        Supplier<HsmBackend> backends = hsmNetworkModel == null ? b.hsmBackends
                : () -> hsmNetworkModel.decorate(b.hsmBackends.get());
        this.cloudHsm = new CloudHsmService(clock, backends, b.transitionDelay);
        this.kms = new KmsService(clock, cloudHsm, b.transitionDelay);
        this.dynamoDb = new DynamoDbService(clock, kms, b.transitionDelay);
        this.dynamoDb.ttlDeletionDelay(b.ttlDeletionDelay);
        HttpFrontEnd frontEnd = new HttpFrontEnd(List.of(kms, cloudHsm, dynamoDb), b.accountId, b.region, faults,
                requestLog, this::admin);
        server = new HttpServer(ServerConfig.defaults(b.port, b.maxConnections)
                .withTimeouts(b.headerTimeout, b.bodyTimeout, b.idleTimeout)
                .withPolicy(new RequestPolicy(b.allowedHosts, b.allowedOrigins)), frontEnd);
        endpoint = URI.create("http://127.0.0.1:" + server.port());
        log.debug("hsm-keystore-local started [endpoint={}, region={}, account={}]", endpoint, b.region, b.accountId);
    }

    /**
     * Starts an emulator on a free loopback port with the defaults.
     *
     * @return the running emulator, to close after use
     */
    public static LocalHsmKeyStore start() {
        return builder().start();
    }

    /**
     * A builder for an emulator with other settings than the defaults.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * The endpoint to give SDK clients, e.g. {@code http://127.0.0.1:43125}.
     *
     * @return the endpoint URI
     */
    public URI endpoint() {
        return endpoint;
    }

    /**
     * The loopback port the emulator listens on.
     *
     * @return the port
     */
    public int port() {
        return endpoint.getPort();
    }

    /**
     * The default Region (requests may name any other in their SigV4 scope).
     *
     * @return the default Region
     */
    public Region region() {
        return Region.of(config.region);
    }

    /**
     * The account id in every ARN the emulator returns.
     *
     * @return the 12-digit account id
     */
    public String accountId() {
        return config.accountId;
    }

    /**
     * Static credentials; the emulator does not check signatures.
     *
     * @return a provider of static credentials
     */
    public AwsCredentialsProvider credentialsProvider() {
        return Credentials.PROVIDER;
    }

    /**
     * Points any SDK client builder at this emulator: endpoint, Region and credentials.
     *
     * @param <B> the client builder type
     * @param builder the client builder
     * @return the same builder, configured
     */
    public <B extends AwsClientBuilder<B, ?>> B configure(B builder) {
        return builder.endpointOverride(endpoint).region(region()).credentialsProvider(Credentials.PROVIDER);
    }

    /**
     * Points any SDK client builder at an emulator already running at {@code endpoint} (e.g. the standalone jar), in
     * the default Region {@value #DEFAULT_REGION}, with static credentials (the emulator does not check signatures).
     *
     * @param <B> the client builder type
     * @param builder the client builder
     * @param endpoint the running emulator's endpoint
     * @return the same builder, configured
     */
    public static <B extends AwsClientBuilder<B, ?>> B configure(B builder, URI endpoint) {
        return builder.endpointOverride(Objects.requireNonNull(endpoint, "endpoint must not be null"))
                .region(Region.of(DEFAULT_REGION)).credentialsProvider(Credentials.PROVIDER);
    }

    /**
     * A KMS client for this emulator, shared and closed with it. Thread-safe; plain http, no proxy, the SDK's
     * default 2 s connect and 30 s read timeouts (docs/emulator-clients.md).
     *
     * @return the shared KMS client
     */
    public synchronized KmsClient kmsClient() {
        if (kmsClient == null) {
            kmsClient = track(configure(KmsClient.builder()).httpClient(sharedHttpClient()).build());
        }
        return kmsClient;
    }

    /**
     * A CloudHSMv2 client for this emulator, shared and closed with it. Thread-safe; plain http, no proxy, the SDK's
     * default 2 s connect and 30 s read timeouts (docs/emulator-clients.md).
     *
     * @return the shared CloudHSMv2 client
     */
    public synchronized CloudHsmV2Client cloudHsmClient() {
        cloudHsm.prepareKeys(); // CloudHSM work is coming: start the first cluster's CSR key pair now
        if (cloudHsmClient == null) {
            cloudHsmClient = track(configure(CloudHsmV2Client.builder()).httpClient(sharedHttpClient()).build());
        }
        return cloudHsmClient;
    }

    /**
     * A DynamoDB client for this emulator, shared and closed with it. Thread-safe; plain http, no proxy, the SDK's
     * default 2 s connect and 30 s read timeouts (docs/emulator-clients.md).
     *
     * @return the shared DynamoDB client
     */
    public synchronized DynamoDbClient dynamoDbClient() {
        if (dynamoDbClient == null) {
            dynamoDbClient = track(configure(DynamoDbClient.builder()).httpClient(sharedHttpClient()).build());
        }
        return dynamoDbClient;
    }

    /**
     * The one HTTP client of the ready-made clients: the SDK's Apache client for the plain-http loopback endpoint,
     * without TLS set-up or proxy ({@link LoopbackHttpClient}, docs/emulator-clients.md).
     */
    private SdkHttpClient sharedHttpClient() {
        if (httpClient == null) {
            httpClient = track(LoopbackHttpClient.create());
        }
        return httpClient;
    }

    /** Connections the HTTP server has accepted since it started (for tests of this package). */
    long acceptedConnections() {
        return server.acceptedConnections();
    }

    /** Connections open now (for tests of this package). */
    int openConnections() {
        return server.openConnections();
    }

    private <T extends AutoCloseable> T track(T client) {
        clients.add(client);
        return client;
    }

    /**
     * The emulator's AWS CloudHSM root certificate (PEM), the stand-in for {@code AWS_CloudHSM_Root-G1.crt}: with a
     * cluster's {@code AwsHardwareCertificate} it verifies the {@code HsmCertificate} (AWS's "verify the identity
     * of your cluster").
     *
     * @return the root certificate in PEM
     */
    public String cloudHsmRootCertificatePem() {
        return io.github.hsmkeystore.local.internal.cloudhsm.HardwareRoots.awsRootCertificatePem();
    }

    /**
     * The emulator's HSM manufacturer root certificate (PEM), the anchor of {@code ManufacturerHardwareCertificate}.
     *
     * @return the manufacturer root certificate in PEM
     */
    public String hsmManufacturerRootCertificatePem() {
        return io.github.hsmkeystore.local.internal.cloudhsm.HardwareRoots.manufacturerRootCertificatePem();
    }

    /**
     * Activates an INITIALIZED cluster, as {@code cluster activate} of the CloudHSM CLI does on AWS: sets the
     * admin password and moves the cluster to ACTIVE.
     *
     * @param clusterId the cluster to activate
     * @param adminPassword the admin password to set
     */
    public void activateCluster(String clusterId, char[] adminPassword) {
        admin(() -> cloudHsm.activate(defaultScope(), Objects.requireNonNull(clusterId, "clusterId"),
                Objects.requireNonNull(adminPassword, "adminPassword")));
    }

    /**
     * Creates a crypto user in an ACTIVE cluster, as {@code user create --role crypto-user} of the CloudHSM CLI
     * does on AWS (KMS needs one named {@code kmsuser}).
     *
     * @param clusterId the ACTIVE cluster
     * @param username the new crypto user's name
     * @param password the new crypto user's password
     */
    public void createCryptoUser(String clusterId, String username, char[] password) {
        admin(() -> cloudHsm.createUser(defaultScope(), Objects.requireNonNull(clusterId, "clusterId"),
                Objects.requireNonNull(username, "username"), "crypto-user", Objects.requireNonNull(password, "password")));
    }

    /**
     * Changes a cluster user's password, as an admin does with the CloudHSM CLI (also lifts a lock-out).
     *
     * @param clusterId the cluster
     * @param username the user whose password changes
     * @param newPassword the new password
     */
    public void changeClusterUserPassword(String clusterId, String username, char[] newPassword) {
        admin(() -> cloudHsm.changeUserPassword(defaultScope(), Objects.requireNonNull(clusterId, "clusterId"),
                Objects.requireNonNull(username, "username"), Objects.requireNonNull(newPassword, "newPassword")));
    }

    /**
     * Logs a cluster user in from outside KMS, as someone using the CloudHSM CLI would; while {@code kmsuser} is
     * logged in this way, connecting a key store fails with {@code USER_LOGGED_IN}. A wrong password counts
     * towards the lock-out after 5 failures.
     *
     * @param clusterId the cluster
     * @param username the user logging in
     * @param password the user's password
     * @return true when the login succeeded
     */
    public boolean loginClusterUser(String clusterId, String username, char[] password) {
        return adminCall(() -> cloudHsm.loginUser(defaultScope(), Objects.requireNonNull(clusterId, "clusterId"),
                Objects.requireNonNull(username, "username"), Objects.requireNonNull(password, "password"))
                == io.github.hsmkeystore.local.internal.cloudhsm.ClusterAccess.LoginResult.OK);
    }

    /**
     * Ends a session opened by {@link #loginClusterUser}.
     *
     * @param clusterId the cluster
     * @param username the user logging out
     */
    public void logoutClusterUser(String clusterId, String username) {
        admin(() -> cloudHsm.logoutUser(defaultScope(), Objects.requireNonNull(clusterId, "clusterId"),
                Objects.requireNonNull(username, "username")));
    }

    /**
     * Fault: the HSM fails; it turns DEGRADED, no longer counts as active, and the cluster turns DEGRADED.
     *
     * @param clusterId the cluster
     * @param hsmId the HSM that fails
     */
    public void failHsm(String clusterId, String hsmId) {
        admin(() -> cloudHsm.failHsm(defaultScope(), Objects.requireNonNull(clusterId, "clusterId"), Objects.requireNonNull(hsmId, "hsmId")));
    }

    /**
     * Fault: breaks the cluster's network as KMS would find it: the security group loses its 2223-2225 rules,
     * a subnet is deleted, or a subnet has no free address. All false restores it.
     *
     * @param clusterId the cluster
     * @param securityGroupBroken whether the security group lacks its rules
     * @param subnetDeleted whether a subnet is deleted
     * @param subnetFull whether a subnet has no free address
     */
    public void breakClusterNetwork(String clusterId, boolean securityGroupBroken, boolean subnetDeleted, boolean subnetFull) {
        admin(() -> cloudHsm.breakNetwork(defaultScope(), Objects.requireNonNull(clusterId, "clusterId"), securityGroupBroken,
                subnetDeleted, subnetFull));
    }

    /**
     * Fault: the next connection attempt of the custom key store ends FAILED with this {@code ConnectionErrorCode}
     * (e.g. {@link ConnectionErrorCodeType#NETWORK_ERRORS}, {@link ConnectionErrorCodeType#INTERNAL_ERROR}, which the
     * emulator cannot otherwise produce). Codes of external key stores ({@code XKS_...}) are refused.
     *
     * @param customKeyStoreId the custom key store
     * @param connectionErrorCode the {@code ConnectionErrorCode} its next connection attempt ends with
     */
    public void failNextConnect(String customKeyStoreId, ConnectionErrorCodeType connectionErrorCode) {
        Objects.requireNonNull(connectionErrorCode, "connectionErrorCode");
        admin(() -> kms.failNextConnect(defaultScope(), Objects.requireNonNull(customKeyStoreId, "customKeyStoreId"),
                connectionErrorCode.toString()));
    }

    /**
     * Moves the emulator clock forward (deletion windows, transition delays, caches all follow it).
     *
     * @param amount how far to move it
     */
    public void advanceClock(Duration amount) {
        clock.advance(Objects.requireNonNull(amount, "amount"));
    }

    /**
     * The emulator's current time.
     *
     * @return the emulator clock's instant
     */
    public Instant now() {
        return clock.now();
    }

    /**
     * How many calls went through the modelled network hop to the HSM (see {@link Builder#hsmNetworkModel}); 0 when the
     * model is off. For tests of this package.
     */
    long hsmNetworkHops() {
        return hsmNetworkModel == null ? 0 : hsmNetworkModel.hops();
    }

    /**
     * Faults injected into the API on demand.
     *
     * @return this emulator's fault injector
     */
    public Faults faults() {
        return faults;
    }

    /**
     * The API requests answered so far (the most recent {@value RequestLog#CAPACITY}), oldest first.
     *
     * @return a snapshot of the recorded requests
     */
    public List<RecordedRequest> requests() {
        return requestLog.snapshot();
    }

    /**
     * How many requests of one operation were answered, successful or not.
     *
     * @param service the service, as in {@link RecordedRequest#service()}
     * @param operation the operation, e.g. {@code CreateKey}
     * @return the number of recorded requests of that operation
     */
    public long requestCount(String service, String operation) {
        return requestLog.snapshot().stream()
                .filter(r -> r.service().equals(service) && r.operation().equals(operation))
                .count();
    }

    /** Forgets the recorded requests. */
    public void clearRequests() {
        requestLog.clear();
    }

    private static void admin(Runnable action) {
        adminCall(() -> {
            action.run();
            return null;
        });
    }

    private static <T> T adminCall(Supplier<T> action) {
        try {
            return action.get();
        } catch (AwsException e) {
            throw new LocalAdminException(e.type(), e.status(), e.getMessage());
        }
    }

    private Scope defaultScope() {
        return new Scope(config.accountId, config.region);
    }

    private ObjectNode admin(HttpFrontEnd.AdminRequest request) {
        String path = request.path();
        if (path.equals("health")) {
            return Json.object().put("status", "running").put("endpoint", endpoint.toString());
        }
        if (!"POST".equals(request.method())) {
            throw new AwsException(405, "MethodNotAllowed", "Admin operations are POST requests; got " + request.method());
        }
        JsonRequest body = request.body();
        if (path.equals("clock")) {
            Long seconds = body.longValue("advanceSeconds");
            if (seconds == null || seconds < 0) {
                throw AwsException.validation("advanceSeconds must be a whole number of seconds >= 0");
            }
            try {
                clock.advance(Duration.ofSeconds(seconds));
            } catch (IllegalArgumentException e) {
                throw AwsException.validation("advanceSeconds " + seconds + ": " + e.getMessage());
            }
            return Json.object().put("now", Json.epochSeconds(clock.now())).put("offsetSeconds", clock.offset().toSeconds());
        }
        Matcher m = CLUSTER_ADMIN.matcher(path);
        if (m.matches()) {
            String clusterId = m.group(1);
            if (m.group(2).equals("activate")) {
                cloudHsm.activate(request.scope(), clusterId, chars(body, "adminPassword"));
                return Json.object().put("clusterId", clusterId).put("state", "ACTIVE");
            }
            String username = body.requiredString("username");
            String role = body.string("role") == null ? "crypto-user" : body.string("role");
            cloudHsm.createUser(request.scope(), clusterId, username, role, chars(body, "password"));
            return Json.object().put("clusterId", clusterId).put("username", username).put("role", role);
        }
        throw new AwsException(404, "NotFound", "No admin operation at /_local/" + path
                + "; see the hsm-keystore-local README for /_local/clock and /_local/cloudhsm/clusters/{id}/activate|users");
    }

    private static char[] chars(JsonRequest body, String member) {
        return body.requiredString(member).toCharArray();
    }

    /** Stops the server and closes the clients it made. */
    @Override
    public void close() {
        for (AutoCloseable c : clients) {
            try {
                c.close();
            } catch (Exception e) {
                log.error("Failed to close an SDK client of hsm-keystore-local", e);
            }
        }
        server.close();
        cloudHsm.close();
        log.debug("hsm-keystore-local stopped [endpoint={}]", endpoint);
    }

    @Override
    public String toString() {
        return "LocalHsmKeyStore[endpoint=" + endpoint + ", region=" + config.region + "]";
    }

    /** Settings of an emulator; {@link #start()} binds it. */
    public static final class Builder {
        private int port;
        private String region = DEFAULT_REGION;
        private String accountId = DEFAULT_ACCOUNT_ID;
        private Duration transitionDelay = DEFAULT_TRANSITION_DELAY;
        private Duration ttlDeletionDelay = DynamoDbService.DEFAULT_TTL_DELETION_DELAY;
        private int maxConnections = 256;
        private Supplier<HsmBackend> hsmBackends = InJvmHsmBackend::new;
        private Pkcs11Token pkcs11Token;
        private HsmNetworkModel hsmNetworkModel;
        private final Set<String> allowedHosts = new LinkedHashSet<>();
        private final Set<String> allowedOrigins = new LinkedHashSet<>();
        private Duration headerTimeout = ServerConfig.DEFAULT_HEADER_TIMEOUT;
        private Duration bodyTimeout = ServerConfig.DEFAULT_BODY_TIMEOUT;
        private Duration idleTimeout = ServerConfig.DEFAULT_IDLE_TIMEOUT;

        private Builder() {
        }

        /**
         * The loopback port; 0 (the default) picks a free one.
         *
         * @param port the port, 0 to 65535
         * @return this builder
         */
        public Builder port(int port) {
            if (port < 0 || port > 65535) {
                throw new IllegalArgumentException("port must be 0..65535, got " + port);
            }
            this.port = port;
            return this;
        }

        /**
         * The default Region for requests without a SigV4 scope and for the admin API, e.g. {@code eu-west-1}.
         *
         * @param region an AWS Region name
         * @return this builder
         */
        public Builder region(String region) {
            if (!Regions.isValid(Objects.requireNonNull(region, "region"))) {
                throw new IllegalArgumentException("region must be an AWS Region name such as us-east-1, got "
                        + Regions.printable(region));
            }
            this.region = region;
            return this;
        }

        /**
         * Host names (without port) the emulator answers besides the loopback ones ({@code localhost},
         * {@code 127.0.0.0/8}, {@code [::1]}), e.g. a Docker service name such as {@code hsm-local}. Requests with any
         * other {@code Host} header are refused with a 403, which stops DNS-rebinding pages (docs/emulator-http.md).
         *
         * @param hosts host names without port or scheme
         * @return this builder
         */
        public Builder allowedHosts(String... hosts) {
            for (String h : hosts) {
                String host = Objects.requireNonNull(h, "host").trim();
                if (host.isEmpty() || host.contains(":") && !host.startsWith("[") || host.contains("/")) {
                    throw new IllegalArgumentException("allowedHosts takes host names without port or scheme, got " + h);
                }
                allowedHosts.add(host);
            }
            return this;
        }

        /**
         * Origins ({@code scheme://host[:port]}, e.g. {@code http://localhost:3000}) whose browser requests the emulator
         * answers. By default a request carrying an {@code Origin} header is refused with a 403: SDKs and CLIs never
         * send one, web pages always do (docs/emulator-http.md).
         *
         * @param origins origins such as {@code http://localhost:3000}
         * @return this builder
         */
        public Builder allowedOrigins(String... origins) {
            for (String o : origins) {
                String origin = Objects.requireNonNull(o, "origin").trim();
                if (!origin.matches("(?i)https?://[^/?#\\s]+")) {
                    throw new IllegalArgumentException("allowedOrigins takes origins such as http://localhost:3000, got " + o);
                }
                allowedOrigins.add(origin);
            }
            return this;
        }

        /** The header and body read deadlines of the HTTP server (for tests of this package). */
        Builder httpTimeouts(Duration headers, Duration body) {
            this.headerTimeout = Objects.requireNonNull(headers, "headers");
            this.bodyTimeout = Objects.requireNonNull(body, "body");
            return this;
        }

        /** How long a kept-alive connection may wait for its next request (for tests of this package). */
        Builder idleTimeout(Duration idle) {
            this.idleTimeout = Objects.requireNonNull(idle, "idle");
            return this;
        }

        /**
         * The account id in the ARNs the emulator returns (default {@value LocalHsmKeyStore#DEFAULT_ACCOUNT_ID}).
         *
         * @param accountId 12 digits
         * @return this builder
         */
        public Builder accountId(String accountId) {
            if (!Objects.requireNonNull(accountId, "accountId").matches("\\d{12}")) {
                throw new IllegalArgumentException("accountId must be 12 digits, got " + accountId);
            }
            this.accountId = accountId;
            return this;
        }

        /**
         * How long each asynchronous state change takes (cluster and HSM creation, initialisation, store
         * connection, ...). Default {@code 50ms}: short, but not zero, so clients must poll as on AWS.
         *
         * @param delay the delay, not negative
         * @return this builder
         */
        public Builder transitionDelay(Duration delay) {
            if (Objects.requireNonNull(delay, "delay").isNegative()) {
                throw new IllegalArgumentException("transitionDelay must not be negative, got " + delay);
            }
            this.transitionDelay = delay;
            return this;
        }

        /**
         * How long after the time in its TTL attribute an expired DynamoDB item is removed, on the emulator clock
         * (default 48 hours: DynamoDB "typically deletes expired items within two days"; until then reads still return
         * it, as on DynamoDB). Use {@link LocalHsmKeyStore#advanceClock(Duration)} to get there in a test, or
         * {@code Duration.ZERO} to remove items as soon as they expire (checked once per emulated minute).
         *
         * @param delay the delay, not negative
         * @return this builder
         */
        public Builder ttlDeletionDelay(Duration delay) {
            if (Objects.requireNonNull(delay, "delay").isNegative()) {
                throw new IllegalArgumentException("ttlDeletionDelay must not be negative, got " + delay);
            }
            this.ttlDeletionDelay = delay;
            return this;
        }

        /**
         * The most client connections served at once (default 256); a connection beyond it is answered 503 and closed. The AWS SDKs open up to 50 connections per client by default.
         *
         * @param maxConnections at least 1
         * @return this builder
         */
        public Builder maxConnections(int maxConnections) {
            if (maxConnections < 1) {
                throw new IllegalArgumentException("maxConnections must be at least 1, got " + maxConnections
                        + "; the default is 256");
            }
            this.maxConnections = maxConnections;
            return this;
        }

        int maxConnections() {
            return maxConnections;
        }

        Duration ttlDeletionDelay() {
            return ttlDeletionDelay;
        }

        /**
         * Keeps the key material of every CloudHSM cluster on a PKCS#11 token (SoftHSM2 or any PKCS#11 library)
         * instead of in this JVM: keys are generated on the token, sensitive and not extractable, labelled with
         * the handle the emulator gives them, and AES-GCM runs in the token. Clusters share the token; the keys
         * an emulator generated are destroyed when it closes. {@link #start()} logs in, so a wrong library, slot
         * or PIN fails there.
         *
         * @param token the PKCS#11 token to keep keys on
         * @return this builder
         */
        public Builder pkcs11(Pkcs11Token token) {
            Pkcs11Token t = Objects.requireNonNull(token, "token must not be null");
            this.pkcs11Token = t;
            this.hsmBackends = () -> new Pkcs11HsmBackend(t);
            return this;
        }

        /**
         * Turns on a <em>model</em> of the network hop from KMS to the CloudHSM cluster: every call that reaches a
         * cluster's HSM (encrypting and decrypting with a key in a custom key store, which includes GenerateDataKey and
         * ReEncrypt, and generating such a key) first waits {@code roundTrip} plus a uniform jitter in
         * {@code [-jitter, +jitter]}, outside the emulator's locks. Keys in the standard KMS key store are not delayed.
         * Off by default.
         *
         * <p>This is a model with numbers you choose, for asking "what if each HSM call cost 2 ms more?"; it is not a
         * measurement or an imitation of AWS, whose latency depends on the Region, the cluster's load and the
         * distance between KMS and the HSMs. The HSM backend (in-JVM or PKCS#11) still does the cryptography.
         *
         * <pre>{@code
         * LocalHsmKeyStore.builder().hsmNetworkModel(Duration.ofMillis(2), Duration.ofMillis(1)).start();
         * }</pre>
         *
         * @param roundTrip the mean delay per HSM call, {@code 0} to {@code 10 s}
         * @param jitter    the most the delay varies around {@code roundTrip}, {@code 0} to {@code roundTrip}
         * @return this builder
         * @throws IllegalArgumentException when a value is negative, over 10 s, or the jitter is larger than the round trip
         */
        public Builder hsmNetworkModel(Duration roundTrip, Duration jitter) {
            this.hsmNetworkModel = new HsmNetworkModel(roundTrip, jitter);
            return this;
        }

        /** The network model set, or null (for tests of this package). */
        HsmNetworkModel networkModel() {
            return hsmNetworkModel;
        }

        /** The network model with an injected sleeper and jitter source, for tests of this package. */
        Builder hsmNetworkModel(HsmNetworkModel model) {
            this.hsmNetworkModel = Objects.requireNonNull(model, "model must not be null");
            return this;
        }

        /**
         * Starts an emulator with these settings.
         *
         * @return the running emulator, to close after use
         */
        public LocalHsmKeyStore start() {
            if (pkcs11Token != null) {
                Pkcs11HsmBackend.check(pkcs11Token);
            }
            return new LocalHsmKeyStore(this);
        }
    }
}
