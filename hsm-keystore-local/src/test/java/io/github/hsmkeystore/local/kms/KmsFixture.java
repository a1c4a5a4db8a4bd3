package io.github.hsmkeystore.local.kms;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.hsmkeystore.local.LocalHsmKeyStore;
import io.github.hsmkeystore.local.LocalHsmKeyStoreExtension;
import io.github.hsmkeystore.local.testing.ClusterFixture;
import java.time.Duration;
import java.util.UUID;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.services.cloudhsmv2.CloudHsmV2Client;
import software.amazon.awssdk.services.cloudhsmv2.model.ClusterState;
import software.amazon.awssdk.services.cloudhsmv2.model.HsmState;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.kms.model.ConnectionErrorCodeType;
import software.amazon.awssdk.services.kms.model.ConnectionStateType;
import software.amazon.awssdk.services.kms.model.CustomKeyStoresListEntry;
import software.amazon.awssdk.services.kms.model.KeyMetadata;
import software.amazon.awssdk.services.kms.model.KeyState;
import software.amazon.awssdk.services.kms.model.OriginType;

/**
 * KMS test helpers on an emulator whose transition delay is {@link #DELAY} (one hour): nothing changes by itself
 * during a test, and {@link #step()} moves the emulator clock past one transition. So tests see every
 * intermediate state (CONNECTING, DISCONNECTING) deterministically and never sleep.
 */
final class KmsFixture {
    static final Duration DELAY = Duration.ofHours(1);

    final LocalHsmKeyStore local;
    final KmsClient kms;
    final CloudHsmV2Client hsm;
    final ClusterFixture clusters;
    final String az1;
    final String az2;

    KmsFixture(LocalHsmKeyStore local) {
        this.local = local;
        this.kms = local.kmsClient();
        this.hsm = local.cloudHsmClient();
        this.clusters = new ClusterFixture(local);
        this.az1 = local.region().id() + "a";
        this.az2 = local.region().id() + "b";
    }

    /** An emulator whose asynchronous transitions complete only when the test moves its clock ({@link #step()}). */
    static LocalHsmKeyStoreExtension manualClockEmulator() {
        return LocalHsmKeyStoreExtension.create(b -> b.transitionDelay(DELAY));
    }

    /** Completes every transition started so far. */
    void step() {
        local.advanceClock(DELAY.plusMinutes(1));
    }

    static String unique(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    // ---- CloudHSM runbook, driven by the clock ----

    String uninitializedCluster(String... subnetIds) {
        String id = hsm.createCluster(r -> r.hsmType("hsm2m.medium")
                .subnetIds(subnetIds.length > 0 ? subnetIds : new String[] {"subnet-0a1b2c3d", "subnet-4e5f6a7b"}))
                .cluster().clusterId();
        step();
        assertThat(clusters.describe(id).state()).isEqualTo(ClusterState.UNINITIALIZED);
        return id;
    }

    String addHsm(String clusterId, String availabilityZone) {
        String hsmId = hsm.createHsm(r -> r.clusterId(clusterId).availabilityZone(availabilityZone)).hsm().hsmId();
        step();
        assertThat(clusters.describe(clusterId).hsms()).anyMatch(h -> h.hsmId().equals(hsmId) && h.state() == HsmState.ACTIVE);
        return hsmId;
    }

    /** UNINITIALIZED cluster with one HSM in az1 -> INITIALIZED (signed with the fixture CA, not activated). */
    String initializedCluster(String... subnetIds) {
        String id = uninitializedCluster(subnetIds);
        addHsm(id, az1);
        String csr = clusters.describe(id).certificates().clusterCsr();
        hsm.initializeCluster(r -> r.clusterId(id).signedCert(clusters.ca().sign(csr)).trustAnchor(clusters.trustAnchorPem()));
        step();
        assertThat(clusters.describe(id).state()).isEqualTo(ClusterState.INITIALIZED);
        return id;
    }

    /** ACTIVE cluster with one HSM in az1 only, and kmsuser. */
    String activeClusterWithOneHsm() {
        String id = initializedCluster();
        local.activateCluster(id, ClusterFixture.ADMIN_PASSWORD.toCharArray());
        local.createCryptoUser(id, "kmsuser", ClusterFixture.KMSUSER_PASSWORD.toCharArray());
        return id;
    }

    /** ACTIVE cluster with two HSMs in two AZs but no kmsuser crypto user. */
    String activeClusterWithoutKmsuser() {
        String id = initializedCluster();
        local.activateCluster(id, ClusterFixture.ADMIN_PASSWORD.toCharArray());
        addHsm(id, az2);
        return id;
    }

    /** ACTIVE cluster with one ACTIVE HSM in each of two AZs, and kmsuser with {@link ClusterFixture#KMSUSER_PASSWORD}. */
    String activeCluster() {
        String id = activeClusterWithOneHsm();
        addHsm(id, az2);
        assertThat(clusters.describe(id).state()).isEqualTo(ClusterState.ACTIVE);
        return id;
    }

    /** Deletes every HSM of the cluster (still in DELETE_IN_PROGRESS until the next {@link #step()}). */
    void deleteAllHsms(String clusterId) {
        clusters.describe(clusterId).hsms().forEach(h -> hsm.deleteHsm(r -> r.clusterId(clusterId).hsmId(h.hsmId())));
    }

    // ---- custom key stores ----

    String createStore(String clusterId) {
        return createStore(clusterId, unique("store"));
    }

    String createStore(String clusterId, String name) {
        return kms.createCustomKeyStore(r -> r.customKeyStoreName(name).cloudHsmClusterId(clusterId)
                .trustAnchorCertificate(clusters.trustAnchorPem()).keyStorePassword(ClusterFixture.KMSUSER_PASSWORD))
                .customKeyStoreId();
    }

    /** Connect, step, and return the resulting state (CONNECTED or FAILED). */
    CustomKeyStoresListEntry connectAndSettle(String storeId) {
        kms.connectCustomKeyStore(r -> r.customKeyStoreId(storeId));
        step();
        return describeStore(storeId);
    }

    /** Connect, check CONNECTING, step, check CONNECTED. */
    void connect(String storeId) {
        kms.connectCustomKeyStore(r -> r.customKeyStoreId(storeId));
        assertThat(describeStore(storeId).connectionState()).isEqualTo(ConnectionStateType.CONNECTING);
        step();
        assertThat(describeStore(storeId).connectionState()).isEqualTo(ConnectionStateType.CONNECTED);
    }

    void disconnect(String storeId) {
        kms.disconnectCustomKeyStore(r -> r.customKeyStoreId(storeId));
        step();
        assertThat(describeStore(storeId).connectionState()).isEqualTo(ConnectionStateType.DISCONNECTED);
    }

    /** A new ACTIVE cluster and a CONNECTED store on it. */
    String connectedStore() {
        String storeId = createStore(activeCluster());
        connect(storeId);
        return storeId;
    }

    CustomKeyStoresListEntry describeStore(String storeId) {
        return kms.describeCustomKeyStores(r -> r.customKeyStoreId(storeId)).customKeyStores().get(0);
    }

    ConnectionStateType state(String storeId) {
        return describeStore(storeId).connectionState();
    }

    /** Makes a store FAILED with a given code (via the emulator fault), leaving it ready to test the FAILED row. */
    void failedStore(String storeId, String code) {
        local.failNextConnect(storeId, ConnectionErrorCodeType.fromValue(code));
        kms.connectCustomKeyStore(r -> r.customKeyStoreId(storeId));
        step();
        assertThat(state(storeId)).isEqualTo(ConnectionStateType.FAILED);
    }

    // ---- keys ----

    KeyMetadata createKey(String storeId) {
        return kms.createKey(r -> r.origin(OriginType.AWS_CLOUDHSM).customKeyStoreId(storeId).description("test key"))
                .keyMetadata();
    }

    KeyMetadata createStandardKey() {
        return kms.createKey(r -> r.description("standard key")).keyMetadata();
    }

    KeyMetadata describeKey(String keyId) {
        return kms.describeKey(r -> r.keyId(keyId)).keyMetadata();
    }

    KeyState keyState(String keyId) {
        return describeKey(keyId).keyState();
    }

    // ---- errors ----

    static AwsServiceException awsError(ThrowingCallable call) {
        Throwable[] thrown = new Throwable[1];
        assertThatThrownBy(() -> {
            try {
                call.call();
            } catch (Throwable t) {
                thrown[0] = t;
                throw t;
            }
        }).isInstanceOf(AwsServiceException.class);
        return (AwsServiceException) thrown[0];
    }

    /** Asserts the call fails with this AWS error code, a 4xx status and a message containing the fragment. */
    static AwsServiceException assertAwsError(ThrowingCallable call, String code, String messageFragment) {
        AwsServiceException e = awsError(call);
        assertThat(e.awsErrorDetails().errorCode()).as("error code of %s", e.getMessage()).isEqualTo(code);
        assertThat(e.awsErrorDetails().errorMessage()).contains(messageFragment);
        assertThat(e.statusCode()).as("HTTP status").isBetween(400, 499);
        return e;
    }
}
