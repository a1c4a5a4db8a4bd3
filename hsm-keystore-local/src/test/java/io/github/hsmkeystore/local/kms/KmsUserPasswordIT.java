package io.github.hsmkeystore.local.kms;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.hsmkeystore.local.LocalHsmKeyStore;
import io.github.hsmkeystore.local.LocalHsmKeyStoreExtension;
import io.github.hsmkeystore.local.testing.ClusterFixture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.kms.model.ConnectionErrorCodeType;
import software.amazon.awssdk.services.kms.model.ConnectionStateType;
import software.amazon.awssdk.services.kms.model.CustomKeyStoresListEntry;

/** The kmsuser crypto user and KMS's handling of its password (aws-semantics 2.3 connect, 2.5). */
class KmsUserPasswordIT {
    @RegisterExtension
    final LocalHsmKeyStoreExtension ext = KmsFixture.manualClockEmulator();

    private KmsFixture f;
    private KmsClient kms;
    private LocalHsmKeyStore local;

    @BeforeEach
    void setUp() {
        local = ext.local();
        f = new KmsFixture(local);
        kms = f.kms;
    }

    @Test
    void connectCustomKeyStore_rotatesKmsuserPassword_soOldPasswordNoLongerWorks() {
        String clusterId = f.activeCluster();
        String storeId = f.createStore(clusterId);
        f.connect(storeId);
        f.disconnect(storeId); // KMS logs out; an admin could now log in as kmsuser
        assertThat(local.loginClusterUser(clusterId, "kmsuser", ClusterFixture.KMSUSER_PASSWORD.toCharArray())).isFalse();
    }

    @Test
    void updateCustomKeyStore_oldPasswordAfterRotation_reconnectFailsInvalidCredentials() {
        String clusterId = f.activeCluster();
        String storeId = f.createStore(clusterId);
        f.connect(storeId);
        f.disconnect(storeId);
        kms.updateCustomKeyStore(r -> r.customKeyStoreId(storeId).keyStorePassword(ClusterFixture.KMSUSER_PASSWORD));
        CustomKeyStoresListEntry e = f.connectAndSettle(storeId);
        assertThat(e.connectionState()).isEqualTo(ConnectionStateType.FAILED);
        assertThat(e.connectionErrorCode()).isEqualTo(ConnectionErrorCodeType.INVALID_CREDENTIALS);
    }

    @Test
    void disconnectThenReconnect_withoutUpdate_usesRotatedPasswordAndConnects() {
        String storeId = f.createStore(f.activeCluster());
        f.connect(storeId);
        f.disconnect(storeId);
        f.connect(storeId);
    }

    @Test
    void updateCustomKeyStore_keyStorePassword_neverChangesPasswordInCluster() {
        String clusterId = f.activeCluster();
        String storeId = f.createStore(clusterId);
        kms.updateCustomKeyStore(r -> r.customKeyStoreId(storeId).keyStorePassword("differentPass2"));
        assertThat(f.connectAndSettle(storeId).connectionErrorCode()).isEqualTo(ConnectionErrorCodeType.INVALID_CREDENTIALS);
        assertThat(local.loginClusterUser(clusterId, "kmsuser", ClusterFixture.KMSUSER_PASSWORD.toCharArray())).isTrue();
    }

    @Test
    void createCustomKeyStore_wrongKmsuserPassword_isAcceptedAndFailsOnlyAtConnect() {
        String clusterId = f.activeCluster();
        String storeId = f.kms.createCustomKeyStore(r -> r.customKeyStoreName(KmsFixture.unique("s")).cloudHsmClusterId(clusterId)
                .trustAnchorCertificate(f.clusters.trustAnchorPem()).keyStorePassword("notThePassword")).customKeyStoreId();
        assertThat(f.state(storeId)).isEqualTo(ConnectionStateType.DISCONNECTED);
        assertThat(f.connectAndSettle(storeId).connectionErrorCode()).isEqualTo(ConnectionErrorCodeType.INVALID_CREDENTIALS);
    }

    @Test
    void loginClusterUser_fiveBadPasswords_locksKmsuserEvenForTheRightPassword() {
        String clusterId = f.activeCluster();
        for (int i = 0; i < 4; i++) {
            assertThat(local.loginClusterUser(clusterId, "kmsuser", "wrongPass0".toCharArray())).isFalse();
        }
        String storeId = f.createStore(clusterId);
        // 4 failures: not yet locked, KMS still connects
        f.connect(storeId);
        f.disconnect(storeId);
        for (int i = 0; i < 5; i++) {
            assertThat(local.loginClusterUser(clusterId, "kmsuser", "wrongPass0".toCharArray())).isFalse();
        }
        local.changeClusterUserPassword(clusterId, "kmsuser", "knownPass12".toCharArray());
        kms.updateCustomKeyStore(r -> r.customKeyStoreId(storeId).keyStorePassword("knownPass12"));
        f.connect(storeId); // a password change lifts the lock-out
    }

    @Test
    void connectCustomKeyStore_lockedKmsuser_failsUserLockedOutAndCorrectPasswordIsRefused() {
        String clusterId = f.activeCluster();
        String storeId = f.createStore(clusterId);
        for (int i = 0; i < 5; i++) {
            local.loginClusterUser(clusterId, "kmsuser", "wrongPass0".toCharArray());
        }
        assertThat(local.loginClusterUser(clusterId, "kmsuser", ClusterFixture.KMSUSER_PASSWORD.toCharArray())).isFalse();
        assertThat(f.connectAndSettle(storeId).connectionErrorCode()).isEqualTo(ConnectionErrorCodeType.USER_LOCKED_OUT);
    }

    @Test
    void connectedStore_holdsKmsuserSession_untilDisconnect() {
        String clusterId = f.activeCluster();
        String storeId = f.createStore(clusterId);
        f.connect(storeId);
        f.disconnect(storeId);
        // after disconnect the admin can set a known password and log in (to audit or clean up)
        local.changeClusterUserPassword(clusterId, "kmsuser", "auditPass123".toCharArray());
        assertThat(local.loginClusterUser(clusterId, "kmsuser", "auditPass123".toCharArray())).isTrue();
        // and while the admin is logged in, KMS cannot connect
        kms.updateCustomKeyStore(r -> r.customKeyStoreId(storeId).keyStorePassword("auditPass123"));
        assertThat(f.connectAndSettle(storeId).connectionErrorCode()).isEqualTo(ConnectionErrorCodeType.USER_LOGGED_IN);
    }

    @Test
    void describeCustomKeyStores_neverReturnsThePassword() {
        String storeId = f.createStore(f.activeCluster());
        assertThat(f.describeStore(storeId).toString()).doesNotContain(ClusterFixture.KMSUSER_PASSWORD);
        f.connect(storeId);
        assertThat(kms.describeCustomKeyStores().toString()).doesNotContain(ClusterFixture.KMSUSER_PASSWORD);
    }
}
