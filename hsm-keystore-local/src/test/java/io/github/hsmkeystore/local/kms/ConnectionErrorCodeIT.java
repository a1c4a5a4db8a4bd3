package io.github.hsmkeystore.local.kms;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.hsmkeystore.local.LocalHsmKeyStore;
import io.github.hsmkeystore.local.LocalHsmKeyStoreExtension;
import io.github.hsmkeystore.local.testing.ClusterFixture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.cloudhsmv2.model.ClusterState;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.kms.model.ConnectionErrorCodeType;
import software.amazon.awssdk.services.kms.model.ConnectionStateType;
import software.amazon.awssdk.services.kms.model.CustomKeyStoresListEntry;

/**
 * Every CloudHSM ConnectionErrorCode of aws-semantics 2.4 reached through its real cause, then repaired along its
 * documented fix path until the store is CONNECTED again. One emulator per test, manual clock ({@link KmsFixture}).
 */
class ConnectionErrorCodeIT {
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

    private void assertFailedWith(String storeId, ConnectionErrorCodeType code) {
        CustomKeyStoresListEntry e = f.describeStore(storeId);
        assertThat(e.connectionState()).isEqualTo(ConnectionStateType.FAILED);
        assertThat(e.connectionErrorCode()).isEqualTo(code);
    }

    private void disconnect(String storeId) {
        kms.disconnectCustomKeyStore(r -> r.customKeyStoreId(storeId));
        assertThat(f.state(storeId)).isEqualTo(ConnectionStateType.DISCONNECTED);
    }

    private void updatePassword(String storeId, String password) {
        kms.updateCustomKeyStore(r -> r.customKeyStoreId(storeId).keyStorePassword(password));
    }

    @Test
    void connectCustomKeyStore_clusterDeleted_failsClusterNotFoundThenUpdateClusterIdConnects() {
        String clusterId = f.activeCluster();
        String storeId = f.createStore(clusterId);
        f.deleteAllHsms(clusterId);
        f.step();
        f.hsm.deleteCluster(r -> r.clusterId(clusterId));
        f.step();
        assertThat(f.clusters.describe(clusterId).state()).isEqualTo(ClusterState.DELETED);

        f.connectAndSettle(storeId);
        assertFailedWith(storeId, ConnectionErrorCodeType.CLUSTER_NOT_FOUND);

        // Fix: a cluster from a backup, Disconnect, Update the cluster id, Connect. An unrelated cluster is refused even
        // though the original is gone: KMS checks the backup history (docs/kms-and-cloudhsm.md "Backups").
        disconnect(storeId);
        String unrelated = f.activeCluster();
        KmsFixture.assertAwsError(() -> kms.updateCustomKeyStore(r -> r.customKeyStoreId(storeId).cloudHsmClusterId(unrelated)),
                "CloudHsmClusterNotRelatedException", unrelated);
        String backupId = f.hsm.describeBackups(r -> r.filters(java.util.Map.of("clusterIds", java.util.List.of(clusterId))))
                .backups().get(0).backupId();
        String replacement = f.hsm.createCluster(r -> r.hsmType("hsm2m.medium").subnetIds("subnet-0a1b2c3d", "subnet-4e5f6a7b")
                .sourceBackupId(backupId)).cluster().clusterId();
        f.step();
        f.addHsm(replacement, f.az1);
        f.addHsm(replacement, f.az2);
        kms.updateCustomKeyStore(r -> r.customKeyStoreId(storeId).cloudHsmClusterId(replacement));
        assertThat(f.connectAndSettle(storeId).connectionState()).isEqualTo(ConnectionStateType.CONNECTED);
        assertThat(f.describeStore(storeId).cloudHsmClusterId()).isEqualTo(replacement);
    }

    @Test
    void connectCustomKeyStore_hsmsFailDuringConnecting_failsInsufficientHsmsThenCreateHsmConnects() {
        String clusterId = f.activeCluster();
        String storeId = f.createStore(clusterId);
        kms.connectCustomKeyStore(r -> r.customKeyStoreId(storeId));
        f.clusters.describe(clusterId).hsms().forEach(h -> local.failHsm(clusterId, h.hsmId()));
        f.step();
        assertFailedWith(storeId, ConnectionErrorCodeType.INSUFFICIENT_CLOUDHSM_HSMS);

        disconnect(storeId);
        f.addHsm(clusterId, f.az1);
        assertThat(f.connectAndSettle(storeId).connectionState()).isEqualTo(ConnectionStateType.CONNECTED);
    }

    @Test
    void connectCustomKeyStore_subnetWithoutFreeAddress_failsInsufficientFreeAddressesThenFreeIpsConnects() {
        String clusterId = f.activeCluster();
        String storeId = f.createStore(clusterId);
        local.breakClusterNetwork(clusterId, false, false, true);
        f.connectAndSettle(storeId);
        assertFailedWith(storeId, ConnectionErrorCodeType.INSUFFICIENT_FREE_ADDRESSES_IN_SUBNET);

        disconnect(storeId);
        local.breakClusterNetwork(clusterId, false, false, false);
        assertThat(f.connectAndSettle(storeId).connectionState()).isEqualTo(ConnectionStateType.CONNECTED);
    }

    @Test
    void connectCustomKeyStore_subnetDeleted_failsSubnetNotFoundThenRepairedNetworkConnects() {
        String clusterId = f.activeCluster();
        String storeId = f.createStore(clusterId);
        local.breakClusterNetwork(clusterId, false, true, false);
        f.connectAndSettle(storeId);
        assertFailedWith(storeId, ConnectionErrorCodeType.SUBNET_NOT_FOUND);

        // AWS fix: a cluster from backup with new subnets + Update cluster id (ClusterBackupIT shows that path); here
        // the fault is lifted instead.
        disconnect(storeId);
        local.breakClusterNetwork(clusterId, false, false, false);
        assertThat(f.connectAndSettle(storeId).connectionState()).isEqualTo(ConnectionStateType.CONNECTED);
    }

    @Test
    void connectCustomKeyStore_kmsuserPasswordChangedInCluster_failsInvalidCredentialsThenUpdatePasswordConnects() {
        String clusterId = f.activeCluster();
        String storeId = f.createStore(clusterId);
        local.changeClusterUserPassword(clusterId, "kmsuser", "changedPass9".toCharArray());
        f.connectAndSettle(storeId);
        assertFailedWith(storeId, ConnectionErrorCodeType.INVALID_CREDENTIALS);

        disconnect(storeId);
        updatePassword(storeId, "changedPass9");
        assertThat(f.connectAndSettle(storeId).connectionState()).isEqualTo(ConnectionStateType.CONNECTED);
    }

    @Test
    void connectCustomKeyStore_kmsuserLockedAfterFiveBadLogins_failsUserLockedOutThenNewPasswordConnects() {
        String clusterId = f.activeCluster();
        String storeId = f.createStore(clusterId);
        for (int i = 0; i < 5; i++) {
            assertThat(local.loginClusterUser(clusterId, "kmsuser", "wrongPass0".toCharArray())).isFalse();
        }
        f.connectAndSettle(storeId);
        assertFailedWith(storeId, ConnectionErrorCodeType.USER_LOCKED_OUT);

        disconnect(storeId);
        local.changeClusterUserPassword(clusterId, "kmsuser", "unlockedPass1".toCharArray());
        updatePassword(storeId, "unlockedPass1");
        assertThat(f.connectAndSettle(storeId).connectionState()).isEqualTo(ConnectionStateType.CONNECTED);
    }

    @Test
    void connectCustomKeyStore_kmsuserLoggedInElsewhere_failsUserLoggedInThenLogoutConnects() {
        String clusterId = f.activeCluster();
        String storeId = f.createStore(clusterId);
        assertThat(local.loginClusterUser(clusterId, "kmsuser", ClusterFixture.KMSUSER_PASSWORD.toCharArray())).isTrue();
        f.connectAndSettle(storeId);
        assertFailedWith(storeId, ConnectionErrorCodeType.USER_LOGGED_IN);

        disconnect(storeId);
        local.logoutClusterUser(clusterId, "kmsuser");
        assertThat(f.connectAndSettle(storeId).connectionState()).isEqualTo(ConnectionStateType.CONNECTED);
    }

    @Test
    void connectCustomKeyStore_noKmsuser_failsUserNotFoundThenCreateUserConnects() {
        String clusterId = f.activeClusterWithoutKmsuser();
        String storeId = f.createStore(clusterId); // kmsuser is not checked at create time (aws-semantics 2.2)
        f.connectAndSettle(storeId);
        assertFailedWith(storeId, ConnectionErrorCodeType.USER_NOT_FOUND);

        disconnect(storeId);
        local.createCryptoUser(clusterId, "kmsuser", "createdLater1".toCharArray());
        updatePassword(storeId, "createdLater1");
        assertThat(f.connectAndSettle(storeId).connectionState()).isEqualTo(ConnectionStateType.CONNECTED);
    }

    @Test
    void connectCustomKeyStore_networkProblem_failsNetworkErrorsThenRetryConnects() {
        String storeId = f.createStore(f.activeCluster());
        local.failNextConnect(storeId, ConnectionErrorCodeType.NETWORK_ERRORS);
        f.connectAndSettle(storeId);
        assertFailedWith(storeId, ConnectionErrorCodeType.NETWORK_ERRORS);

        disconnect(storeId);
        assertThat(f.connectAndSettle(storeId).connectionState()).isEqualTo(ConnectionStateType.CONNECTED);
    }

    @Test
    void connectCustomKeyStore_kmsInternalError_failsInternalErrorThenDisconnectAndRetryConnects() {
        String storeId = f.createStore(f.activeCluster());
        local.failNextConnect(storeId, ConnectionErrorCodeType.INTERNAL_ERROR);
        f.connectAndSettle(storeId);
        assertFailedWith(storeId, ConnectionErrorCodeType.INTERNAL_ERROR);

        disconnect(storeId);
        assertThat(f.connectAndSettle(storeId).connectionState()).isEqualTo(ConnectionStateType.CONNECTED);
    }

    @Test
    void failNextConnect_externalKeyStoreCode_isRejected() {
        String storeId = f.createStore(f.activeCluster());
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> local.failNextConnect(storeId, ConnectionErrorCodeType.XKS_PROXY_TIMED_OUT))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("XKS_PROXY_TIMED_OUT");
        assertThat(f.connectAndSettle(storeId).connectionState()).isEqualTo(ConnectionStateType.CONNECTED);
    }
}
