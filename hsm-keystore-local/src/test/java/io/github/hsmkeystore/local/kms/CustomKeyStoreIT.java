package io.github.hsmkeystore.local.kms;

import static io.github.hsmkeystore.local.kms.KmsFixture.assertAwsError;
import static io.github.hsmkeystore.local.kms.KmsFixture.unique;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.hsmkeystore.local.LocalHsmKeyStoreExtension;
import io.github.hsmkeystore.local.testing.ClusterFixture;
import io.github.hsmkeystore.local.testing.TestCa;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.kms.model.ConnectionStateType;
import software.amazon.awssdk.services.kms.model.CustomKeyStoresListEntry;
import software.amazon.awssdk.services.kms.model.OriginType;

/**
 * Custom key store operations (aws-semantics 2.1-2.3): every precondition of 2.2 with its error, the idempotent
 * create, the 10-store quota and the allowed/rejected states of 2.3. One emulator per test (the quota is per
 * account and Region), with a manual clock (see {@link KmsFixture}).
 */
class CustomKeyStoreIT {
    @RegisterExtension
    final LocalHsmKeyStoreExtension local = KmsFixture.manualClockEmulator();

    private KmsFixture f;
    private KmsClient kms;

    @BeforeEach
    void setUp() {
        f = new KmsFixture(local.local());
        kms = f.kms;
    }

    private String create(String clusterId, String trustAnchor) {
        return kms.createCustomKeyStore(r -> r.customKeyStoreName(unique("store")).cloudHsmClusterId(clusterId)
                .trustAnchorCertificate(trustAnchor).keyStorePassword(ClusterFixture.KMSUSER_PASSWORD)).customKeyStoreId();
    }

    private int storeCount() {
        return kms.describeCustomKeyStores().customKeyStores().size();
    }

    // ---- 2.1 ----

    @Test
    void createCustomKeyStore_onValidCluster_returnsCksIdAndDisconnectedStore() {
        String clusterId = f.activeCluster();
        String id = f.createStore(clusterId, "orders");
        assertThat(id).matches("cks-[0-9a-f]{17}");
        CustomKeyStoresListEntry e = f.describeStore(id);
        assertThat(e.connectionState()).isEqualTo(ConnectionStateType.DISCONNECTED);
        assertThat(e.connectionErrorCode()).isNull();
        assertThat(e.customKeyStoreName()).isEqualTo("orders");
        assertThat(e.cloudHsmClusterId()).isEqualTo(clusterId);
        assertThat(e.customKeyStoreTypeAsString()).isEqualTo("AWS_CLOUDHSM");
    }

    @Test
    void createCustomKeyStore_retryWithSamePropertiesOfDisconnectedStore_returnsSameId() {
        String clusterId = f.activeCluster();
        String first = f.createStore(clusterId, "retry-me");
        String second = f.createStore(clusterId, "retry-me");
        assertThat(second).isEqualTo(first);
        assertThat(storeCount()).isEqualTo(1);
    }

    @Test
    void createCustomKeyStore_retryWhileStoreConnected_isNameInUse() {
        String clusterId = f.activeCluster();
        String id = f.createStore(clusterId, "retry-connected");
        f.connect(id);
        assertAwsError(() -> f.createStore(clusterId, "retry-connected"), "CustomKeyStoreNameInUseException", "retry-connected");
        assertThat(storeCount()).isEqualTo(1);
    }

    @Test
    void createCustomKeyStore_withoutClusterId_isValidationErrorAndCreatesNothing() {
        assertAwsError(() -> kms.createCustomKeyStore(r -> r.customKeyStoreName("x").trustAnchorCertificate("pem")
                .keyStorePassword("password1")), "ValidationException", "CloudHsmClusterId");
        assertThat(storeCount()).isZero();
    }

    @Test
    void createCustomKeyStore_withoutPassword_isValidationError() {
        String clusterId = f.activeCluster();
        assertAwsError(() -> kms.createCustomKeyStore(r -> r.customKeyStoreName("x").cloudHsmClusterId(clusterId)
                .trustAnchorCertificate(f.clusters.trustAnchorPem())), "ValidationException", "KeyStorePassword");
        assertThat(storeCount()).isZero();
    }

    @Test
    void createCustomKeyStore_withSixCharacterPassword_isValidationErrorWithoutEchoingIt() {
        String clusterId = f.activeCluster();
        var e = assertAwsError(() -> kms.createCustomKeyStore(r -> r.customKeyStoreName("x").cloudHsmClusterId(clusterId)
                .trustAnchorCertificate(f.clusters.trustAnchorPem()).keyStorePassword("sec6ch")), "ValidationException", "between 7 and 32");
        assertThat(e.getMessage()).doesNotContain("sec6ch");
        assertThat(storeCount()).isZero();
    }

    // ---- 2.2 preconditions ----

    @Test
    void createCustomKeyStore_unknownCluster_isCloudHsmClusterNotFound() {
        assertAwsError(() -> create("cluster-abcdefghijkl", f.clusters.trustAnchorPem()),
                "CloudHsmClusterNotFoundException", "cluster-abcdefghijkl");
        assertThat(storeCount()).isZero();
    }

    @Test
    void createCustomKeyStore_initializedButNotActivatedCluster_isCloudHsmClusterNotActive() {
        String clusterId = f.initializedCluster();
        assertAwsError(() -> create(clusterId, f.clusters.trustAnchorPem()), "CloudHsmClusterNotActiveException", "INITIALIZED");
        assertThat(storeCount()).isZero();
    }

    @Test
    void createCustomKeyStore_clusterAlreadyUsedByAStore_isCloudHsmClusterInUse() {
        String clusterId = f.activeCluster();
        String first = f.createStore(clusterId);
        assertAwsError(() -> create(clusterId, f.clusters.trustAnchorPem()), "CloudHsmClusterInUseException", first);
        assertThat(storeCount()).isEqualTo(1);
    }

    @Test
    void createCustomKeyStore_trustAnchorOfAnotherCa_isIncorrectTrustAnchor() {
        String clusterId = f.activeCluster();
        String otherCa = TestCa.create("otherCA").certificatePem();
        assertAwsError(() -> create(clusterId, otherCa), "IncorrectTrustAnchorException", clusterId);
        assertThat(storeCount()).isZero();
    }

    @Test
    void createCustomKeyStore_clusterWithSubnetInOneAz_isCloudHsmClusterInvalidConfiguration() {
        String clusterId = f.initializedCluster("subnet-0a1b2c3d");
        local.local().activateCluster(clusterId, ClusterFixture.ADMIN_PASSWORD.toCharArray());
        assertAwsError(() -> create(clusterId, f.clusters.trustAnchorPem()),
                "CloudHsmClusterInvalidConfigurationException", "at least 2");
        assertThat(storeCount()).isZero();
    }

    @Test
    void createCustomKeyStore_securityGroupWithoutSelfRules_isCloudHsmClusterInvalidConfiguration() {
        String clusterId = f.activeCluster();
        local.local().breakClusterNetwork(clusterId, true, false, false);
        assertAwsError(() -> create(clusterId, f.clusters.trustAnchorPem()),
                "CloudHsmClusterInvalidConfigurationException", "2223-2225");
        assertThat(storeCount()).isZero();
    }

    @Test
    void createCustomKeyStore_oneActiveHsm_isCloudHsmClusterInvalidConfiguration() {
        String clusterId = f.activeClusterWithOneHsm();
        assertAwsError(() -> create(clusterId, f.clusters.trustAnchorPem()),
                "CloudHsmClusterInvalidConfigurationException", "at least 2 active HSMs");
        assertThat(storeCount()).isZero();
    }

    @Test
    void createCustomKeyStore_twoHsmsInSameAz_isCloudHsmClusterInvalidConfiguration() {
        String clusterId = f.activeClusterWithOneHsm();
        f.addHsm(clusterId, f.az1);
        assertAwsError(() -> create(clusterId, f.clusters.trustAnchorPem()),
                "CloudHsmClusterInvalidConfigurationException", "different Availability Zone");
    }

    @Test
    void createCustomKeyStore_secondHsmFailed_isCloudHsmClusterInvalidConfiguration() {
        String clusterId = f.activeCluster();
        local.local().failHsm(clusterId, f.clusters.hsmIn(clusterId, f.az2).hsmId());
        assertAwsError(() -> create(clusterId, f.clusters.trustAnchorPem()),
                "CloudHsmClusterInvalidConfigurationException", "1 active HSM");
    }

    @Test
    void createCustomKeyStore_nameInUse_isCustomKeyStoreNameInUse() {
        f.createStore(f.activeCluster(), "taken");
        String other = f.activeCluster();
        assertAwsError(() -> f.createStore(other, "taken"), "CustomKeyStoreNameInUseException", "taken");
        assertThat(storeCount()).isEqualTo(1);
    }

    @Test
    void createCustomKeyStore_eleventhStore_isLimitExceeded() {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            ids.add(f.createStore(f.activeCluster()));
        }
        String eleventh = f.activeCluster();
        assertAwsError(() -> f.createStore(eleventh), "LimitExceededException", "10");
        assertThat(storeCount()).isEqualTo(10);
        kms.deleteCustomKeyStore(r -> r.customKeyStoreId(ids.get(0)));
        assertThat(f.createStore(eleventh)).startsWith("cks-");
    }

    @Test
    void updateCustomKeyStore_unrelatedCluster_isCloudHsmClusterNotRelated() {
        String clusterId = f.activeCluster();
        String id = f.createStore(clusterId);
        String unrelated = f.activeCluster();
        assertAwsError(() -> kms.updateCustomKeyStore(r -> r.customKeyStoreId(id).cloudHsmClusterId(unrelated)),
                "CloudHsmClusterNotRelatedException", "backup");
        assertThat(f.describeStore(id).cloudHsmClusterId()).isEqualTo(clusterId);
    }

    @Test
    void updateCustomKeyStore_unknownCluster_isCloudHsmClusterNotFound() {
        String id = f.createStore(f.activeCluster());
        assertAwsError(() -> kms.updateCustomKeyStore(r -> r.customKeyStoreId(id).cloudHsmClusterId("cluster-abcdefghijkl")),
                "CloudHsmClusterNotFoundException", "cluster-abcdefghijkl");
    }

    @Test
    void updateCustomKeyStore_nameOfAnotherStore_isNameInUseAndKeepsName() {
        f.createStore(f.activeCluster(), "first");
        String second = f.createStore(f.activeCluster(), "second");
        assertAwsError(() -> kms.updateCustomKeyStore(r -> r.customKeyStoreId(second).newCustomKeyStoreName("first")),
                "CustomKeyStoreNameInUseException", "first");
        assertThat(f.describeStore(second).customKeyStoreName()).isEqualTo("second");
    }

    @Test
    void createKey_clusterLostSecondActiveHsm_isCloudHsmClusterInvalidConfiguration() {
        String clusterId = f.activeCluster();
        String id = f.createStore(clusterId);
        f.connect(id);
        local.local().failHsm(clusterId, f.clusters.hsmIn(clusterId, f.az2).hsmId());
        assertAwsError(() -> f.createKey(id), "CloudHsmClusterInvalidConfigurationException", "at least 2 active HSMs");
        assertThat(kms.listKeys().keys()).isEmpty();
    }

    @Test
    void connectCustomKeyStore_clusterWithoutActiveHsm_throwsAndStaysDisconnected() {
        String clusterId = f.activeCluster();
        String id = f.createStore(clusterId);
        f.deleteAllHsms(clusterId);
        f.step();
        assertAwsError(() -> kms.connectCustomKeyStore(r -> r.customKeyStoreId(id)),
                "CloudHsmClusterInvalidConfigurationException", "no active HSM");
        assertThat(f.state(id)).isEqualTo(ConnectionStateType.DISCONNECTED);
    }

    @Test
    void connectCustomKeyStore_oneActiveHsm_connects() {
        String clusterId = f.activeCluster();
        String id = f.createStore(clusterId);
        local.local().failHsm(clusterId, f.clusters.hsmIn(clusterId, f.az2).hsmId());
        f.connect(id);
    }

    @Test
    void connectCustomKeyStore_clusterBeingDeleted_isCloudHsmClusterNotActiveAndStaysDisconnected() {
        String clusterId = f.activeCluster();
        String id = f.createStore(clusterId);
        f.deleteAllHsms(clusterId);
        f.step();
        f.hsm.deleteCluster(r -> r.clusterId(clusterId));
        assertAwsError(() -> kms.connectCustomKeyStore(r -> r.customKeyStoreId(id)),
                "CloudHsmClusterNotActiveException", "DELETE_IN_PROGRESS");
        assertThat(f.state(id)).isEqualTo(ConnectionStateType.DISCONNECTED);
    }

    @Test
    void connectCustomKeyStore_securityGroupBroken_throwsAndStaysDisconnected() {
        String clusterId = f.activeCluster();
        String id = f.createStore(clusterId);
        local.local().breakClusterNetwork(clusterId, true, false, false);
        assertAwsError(() -> kms.connectCustomKeyStore(r -> r.customKeyStoreId(id)),
                "CloudHsmClusterInvalidConfigurationException", "security group");
        assertThat(f.state(id)).isEqualTo(ConnectionStateType.DISCONNECTED);
    }

    // ---- 2.3 state machine ----

    @Test
    void connectCustomKeyStore_fromDisconnected_isAsyncConnectingThenConnected() {
        String id = f.createStore(f.activeCluster());
        kms.connectCustomKeyStore(r -> r.customKeyStoreId(id));
        assertThat(f.state(id)).isEqualTo(ConnectionStateType.CONNECTING);
        assertThat(f.describeStore(id).connectionErrorCode()).isNull();
        f.step();
        assertThat(f.state(id)).isEqualTo(ConnectionStateType.CONNECTED);
        assertThat(f.describeStore(id).connectionErrorCode()).isNull();
    }

    @Test
    void connectCustomKeyStore_whileConnectingOrConnected_succeedsWithoutChange() {
        String id = f.createStore(f.activeCluster());
        kms.connectCustomKeyStore(r -> r.customKeyStoreId(id));
        kms.connectCustomKeyStore(r -> r.customKeyStoreId(id));
        assertThat(f.state(id)).isEqualTo(ConnectionStateType.CONNECTING);
        f.step();
        kms.connectCustomKeyStore(r -> r.customKeyStoreId(id));
        assertThat(f.state(id)).isEqualTo(ConnectionStateType.CONNECTED);
    }

    @Test
    void connectCustomKeyStore_whileFailed_isInvalidStateUntilDisconnected() {
        String id = f.createStore(f.activeCluster());
        f.failedStore(id, "NETWORK_ERRORS");
        assertAwsError(() -> kms.connectCustomKeyStore(r -> r.customKeyStoreId(id)),
                "CustomKeyStoreInvalidStateException", "FAILED");
        assertThat(f.state(id)).isEqualTo(ConnectionStateType.FAILED);
        kms.disconnectCustomKeyStore(r -> r.customKeyStoreId(id));
        assertThat(f.state(id)).isEqualTo(ConnectionStateType.DISCONNECTED);
        f.connect(id);
    }

    @Test
    void connectCustomKeyStore_whileDisconnecting_isInvalidState() {
        String id = f.connectedStore();
        kms.disconnectCustomKeyStore(r -> r.customKeyStoreId(id));
        assertThat(f.state(id)).isEqualTo(ConnectionStateType.DISCONNECTING);
        assertAwsError(() -> kms.connectCustomKeyStore(r -> r.customKeyStoreId(id)),
                "CustomKeyStoreInvalidStateException", "DISCONNECTING");
        f.step();
        assertThat(f.state(id)).isEqualTo(ConnectionStateType.DISCONNECTED);
    }

    @Test
    void connectCustomKeyStore_unknownStore_isCustomKeyStoreNotFound() {
        assertAwsError(() -> kms.connectCustomKeyStore(r -> r.customKeyStoreId("cks-0123456789abcdef0")),
                "CustomKeyStoreNotFoundException", "cks-0123456789abcdef0");
    }

    @Test
    void disconnectCustomKeyStore_whileConnecting_disconnects() {
        String id = f.createStore(f.activeCluster());
        kms.connectCustomKeyStore(r -> r.customKeyStoreId(id));
        kms.disconnectCustomKeyStore(r -> r.customKeyStoreId(id));
        f.step();
        assertThat(f.state(id)).isEqualTo(ConnectionStateType.DISCONNECTED);
    }

    @Test
    void disconnectCustomKeyStore_whileDisconnectedOrDisconnecting_isInvalidState() {
        String id = f.createStore(f.activeCluster());
        assertAwsError(() -> kms.disconnectCustomKeyStore(r -> r.customKeyStoreId(id)),
                "CustomKeyStoreInvalidStateException", "DISCONNECTED");
        f.connect(id);
        kms.disconnectCustomKeyStore(r -> r.customKeyStoreId(id));
        assertAwsError(() -> kms.disconnectCustomKeyStore(r -> r.customKeyStoreId(id)),
                "CustomKeyStoreInvalidStateException", "DISCONNECTING");
    }

    @Test
    void updateCustomKeyStore_nameOnly_allowedWhenConnectedOrDisconnected() {
        String id = f.createStore(f.activeCluster());
        kms.updateCustomKeyStore(r -> r.customKeyStoreId(id).newCustomKeyStoreName("renamed-1"));
        assertThat(f.describeStore(id).customKeyStoreName()).isEqualTo("renamed-1");
        f.connect(id);
        kms.updateCustomKeyStore(r -> r.customKeyStoreId(id).newCustomKeyStoreName("renamed-2"));
        assertThat(f.describeStore(id).customKeyStoreName()).isEqualTo("renamed-2");
    }

    @Test
    void updateCustomKeyStore_nameOnly_rejectedWhenConnectingFailedOrDisconnecting() {
        String id = f.createStore(f.activeCluster(), "fixed-name");
        kms.connectCustomKeyStore(r -> r.customKeyStoreId(id));
        assertAwsError(() -> kms.updateCustomKeyStore(r -> r.customKeyStoreId(id).newCustomKeyStoreName("n1")),
                "CustomKeyStoreInvalidStateException", "CONNECTING");
        f.step();
        kms.disconnectCustomKeyStore(r -> r.customKeyStoreId(id));
        assertAwsError(() -> kms.updateCustomKeyStore(r -> r.customKeyStoreId(id).newCustomKeyStoreName("n2")),
                "CustomKeyStoreInvalidStateException", "DISCONNECTING");
        f.step();
        f.failedStore(id, "INTERNAL_ERROR");
        assertAwsError(() -> kms.updateCustomKeyStore(r -> r.customKeyStoreId(id).newCustomKeyStoreName("n3")),
                "CustomKeyStoreInvalidStateException", "FAILED");
        assertThat(f.describeStore(id).customKeyStoreName()).isEqualTo("fixed-name");
    }

    @Test
    void updateCustomKeyStore_passwordWhileConnected_isInvalidState() {
        String id = f.connectedStore();
        assertAwsError(() -> kms.updateCustomKeyStore(r -> r.customKeyStoreId(id).keyStorePassword("newPassword1")),
                "CustomKeyStoreInvalidStateException", "DISCONNECTED");
    }

    @Test
    void updateCustomKeyStore_clusterIdWhileConnected_isInvalidState() {
        String clusterId = f.activeCluster();
        String id = f.createStore(clusterId);
        f.connect(id);
        assertAwsError(() -> kms.updateCustomKeyStore(r -> r.customKeyStoreId(id).cloudHsmClusterId(clusterId)),
                "CustomKeyStoreInvalidStateException", "DISCONNECTED");
    }

    @Test
    void updateCustomKeyStore_passwordWhileFailed_isInvalidState() {
        String id = f.createStore(f.activeCluster());
        f.failedStore(id, "NETWORK_ERRORS");
        assertAwsError(() -> kms.updateCustomKeyStore(r -> r.customKeyStoreId(id).keyStorePassword("newPassword1")),
                "CustomKeyStoreInvalidStateException", "FAILED");
    }

    @Test
    void deleteCustomKeyStore_whileConnected_isInvalidState() {
        String id = f.connectedStore();
        assertAwsError(() -> kms.deleteCustomKeyStore(r -> r.customKeyStoreId(id)),
                "CustomKeyStoreInvalidStateException", "CONNECTED");
        assertThat(storeCount()).isEqualTo(1);
    }

    @Test
    void deleteCustomKeyStore_withKeys_isHasCmksEvenWhenPendingDeletion() {
        String id = f.connectedStore();
        String keyId = f.createKey(id).keyId();
        kms.scheduleKeyDeletion(r -> r.keyId(keyId).pendingWindowInDays(7));
        f.disconnect(id);
        assertAwsError(() -> kms.deleteCustomKeyStore(r -> r.customKeyStoreId(id)),
                "CustomKeyStoreHasCMKsException", "pending deletion");
        local.local().advanceClock(java.time.Duration.ofDays(8));
        kms.deleteCustomKeyStore(r -> r.customKeyStoreId(id));
        assertThat(storeCount()).isZero();
    }

    @Test
    void deleteCustomKeyStore_whenDisconnectedAndEmpty_removesIt() {
        String id = f.createStore(f.activeCluster());
        kms.deleteCustomKeyStore(r -> r.customKeyStoreId(id));
        assertAwsError(() -> f.describeStore(id), "CustomKeyStoreNotFoundException", id);
    }

    @Test
    void createKey_storeNotConnected_isCustomKeyStoreInvalidState() {
        String id = f.createStore(f.activeCluster());
        assertAwsError(() -> f.createKey(id), "CustomKeyStoreInvalidStateException", "DISCONNECTED");
        kms.connectCustomKeyStore(r -> r.customKeyStoreId(id));
        assertAwsError(() -> f.createKey(id), "CustomKeyStoreInvalidStateException", "CONNECTING");
        assertThat(kms.listKeys().keys()).isEmpty();
    }

    @Test
    void createKey_unknownStore_isCustomKeyStoreNotFound() {
        assertAwsError(() -> f.createKey("cks-0123456789abcdef0"), "CustomKeyStoreNotFoundException", "cks-0123456789abcdef0");
    }

    @Test
    void generateRandom_withStoreId_onlyWhenConnected() {
        String id = f.createStore(f.activeCluster());
        assertAwsError(() -> kms.generateRandom(r -> r.numberOfBytes(16).customKeyStoreId(id)),
                "CustomKeyStoreInvalidStateException", "CONNECTED");
        f.connect(id);
        assertThat(kms.generateRandom(r -> r.numberOfBytes(16).customKeyStoreId(id)).plaintext().asByteArray()).hasSize(16);
    }

    @Test
    void connectedStore_clusterLosesAllHsms_staysConnectedButCryptoFails() {
        String clusterId = f.activeCluster();
        String id = f.createStore(clusterId);
        f.connect(id);
        String keyId = f.createKey(id).keyId();
        f.deleteAllHsms(clusterId);
        f.step();
        assertThat(f.state(id)).isEqualTo(ConnectionStateType.CONNECTED);
        assertAwsError(() -> kms.encrypt(r -> r.keyId(keyId).plaintext(software.amazon.awssdk.core.SdkBytes.fromUtf8String("x"))),
                "KMSInvalidStateException", "cannot communicate");
        assertThat(f.describeKey(keyId).keyStateAsString()).isEqualTo("Enabled");
    }

    @Test
    void describeCustomKeyStores_connectionErrorCode_onlyWhenFailed() {
        String id = f.createStore(f.activeCluster());
        f.failedStore(id, "NETWORK_ERRORS");
        assertThat(f.describeStore(id).connectionErrorCodeAsString()).isEqualTo("NETWORK_ERRORS");
        kms.disconnectCustomKeyStore(r -> r.customKeyStoreId(id));
        assertThat(f.describeStore(id).connectionErrorCode()).isNull();
        f.connect(id);
        assertThat(f.describeStore(id).connectionErrorCode()).isNull();
    }

    @Test
    void describeCustomKeyStores_byIdAndName_isValidationError() {
        String id = f.createStore(f.activeCluster(), "both");
        assertAwsError(() -> kms.describeCustomKeyStores(r -> r.customKeyStoreId(id).customKeyStoreName("both")),
                "ValidationException", "not both");
        assertAwsError(() -> kms.describeCustomKeyStores(r -> r.customKeyStoreName("nope")),
                "CustomKeyStoreNotFoundException", "nope");
        assertThat(kms.describeCustomKeyStores(r -> r.customKeyStoreName("both")).customKeyStores())
                .extracting(CustomKeyStoresListEntry::customKeyStoreId).containsExactly(id);
    }

    @Test
    void createKey_inConnectedStore_isEnabledCloudHsmKey() {
        String clusterId = f.activeCluster();
        String id = f.createStore(clusterId);
        f.connect(id);
        var m = kms.createKey(r -> r.origin(OriginType.AWS_CLOUDHSM).customKeyStoreId(id)).keyMetadata();
        assertThat(m.keyStateAsString()).isEqualTo("Enabled");
        assertThat(m.cloudHsmClusterId()).isEqualTo(clusterId);
    }
}
