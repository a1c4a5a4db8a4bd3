package io.github.hsmkeystore.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.hsmkeystore.local.LocalHsmKeyStore;
import io.github.hsmkeystore.local.LocalHsmKeyStoreExtension;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.cloudhsmv2.CloudHsmV2Client;
import software.amazon.awssdk.services.cloudhsmv2.model.ClusterState;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.kms.model.ConnectionStateType;
import software.amazon.awssdk.services.kms.model.KeyState;

class TeardownHealthIT {
    @RegisterExtension
    static final LocalHsmKeyStoreExtension local = LocalHsmKeyStoreExtension.create();

    @TempDir
    Path dir;

    @Test
    void teardown_afterProvision_schedulesKeysThenDeletesEverythingAfterWindow(LocalHsmKeyStore emulator, CloudHsmV2Client hsm,
                                                                              KmsClient kms) {
        String name = Fixtures.uniqueName("down");
        ProvisionedKeyStore store = Fixtures.builder(emulator, hsm, kms, dir, name).provision();
        String storeId = store.customKeyStoreId().orElseThrow();
        String clusterId = store.clusterId().orElseThrow();
        String keyId = store.keys().get(0).keyId();

        TeardownResult first = Fixtures.builder(emulator, hsm, kms, dir, name).teardown();
        assertThat(first.complete()).isFalse();
        assertThat(first.keysDeletedAfter()).isPresent();
        assertThat(kms.describeKey(r -> r.keyId(keyId)).keyMetadata().keyStateAsString()).isEqualTo("PendingDeletion");
        assertThat(Fixtures.store(kms, storeId).connectionStateAsString()).as("kept connected so KMS can delete the material")
                .isEqualTo("CONNECTED");
        assertThat(emulator.requestCount("kms", "ScheduleKeyDeletion")).isEqualTo(1);

        emulator.advanceClock(Duration.ofDays(8));
        TeardownResult second = Fixtures.builder(emulator, hsm, kms, dir, name).teardown();

        assertThat(second.complete()).isTrue();
        assertThat(second.actions()).anySatisfy(a -> assertThat(a).contains("deleted custom key store " + storeId))
                .anySatisfy(a -> assertThat(a).contains("deleted cluster " + clusterId));
        assertThat(kms.describeCustomKeyStores(r -> { }).customKeyStores()).noneMatch(s -> s.customKeyStoreId().equals(storeId));
        assertThat(Fixtures.cluster(hsm, clusterId).stateAsString()).isEqualTo("DELETED");
        assertThat(Fixtures.cluster(hsm, clusterId).hsms()).isEmpty();
    }

    @Test
    void teardown_nothingProvisioned_completesWithoutChanges(LocalHsmKeyStore emulator, CloudHsmV2Client hsm, KmsClient kms) {
        emulator.clearRequests();
        TeardownResult r = Fixtures.builder(emulator, hsm, kms, dir, Fixtures.uniqueName("none")).teardown();
        assertThat(r.complete()).isTrue();
        assertThat(r.actions()).isEmpty();
        assertThat(Fixtures.mutatingCalls(emulator.requests())).isZero();
    }

    @Test
    void health_afterProvision_healthyWithStateOfEachPart(LocalHsmKeyStore emulator, CloudHsmV2Client hsm, KmsClient kms) {
        String name = Fixtures.uniqueName("ok");
        Fixtures.builder(emulator, hsm, kms, dir, name).provision();
        Health h = Fixtures.builder(emulator, hsm, kms, dir, name).health();
        assertThat(h.findings()).isEmpty();
        assertThat(h.healthy()).isTrue();
        assertThat(h.connectionState()).contains(ConnectionStateType.CONNECTED);
        assertThat(h.connectionErrorCode()).isEmpty();
        assertThat(h.clusterState()).contains(ClusterState.ACTIVE);
        assertThat(h.activeHsmsPerAz()).hasSize(2).containsValues(1, 1);
        assertThat(h.keyStates()).containsEntry("alias/" + name, KeyState.ENABLED);
        assertThat(h.missingKeys()).isEmpty();
    }

    @Test
    void health_oneHsmFailed_reportsDegradedAndSecondAzFinding(LocalHsmKeyStore emulator, CloudHsmV2Client hsm, KmsClient kms) {
        String name = Fixtures.uniqueName("sick");
        ProvisionedKeyStore store = Fixtures.builder(emulator, hsm, kms, dir, name).provision();
        String clusterId = store.clusterId().orElseThrow();
        String failed = Fixtures.cluster(hsm, clusterId).hsms().get(1).hsmId();
        emulator.failHsm(clusterId, failed);

        Health h = Fixtures.builder(emulator, hsm, kms, dir, name).health();

        assertThat(h.healthy()).isFalse();
        assertThat(h.clusterState()).contains(ClusterState.DEGRADED);
        assertThat(h.activeHsmsPerAz()).hasSize(1);
        assertThat(h.findings()).anySatisfy(f -> assertThat(f).contains("KMS can connect but cannot create keys; add an HSM in a second AZ"))
                .anySatisfy(f -> assertThat(f).contains(failed, "DEGRADED"));
    }

    @Test
    void health_storeDisconnected_reportsUnavailableKeys(LocalHsmKeyStore emulator, CloudHsmV2Client hsm, KmsClient kms) {
        String name = Fixtures.uniqueName("off");
        ProvisionedKeyStore store = Fixtures.builder(emulator, hsm, kms, dir, name).provision();
        kms.disconnectCustomKeyStore(r -> r.customKeyStoreId(store.customKeyStoreId().orElseThrow()));
        emulator.advanceClock(Duration.ofSeconds(1));

        Health h = Fixtures.builder(emulator, hsm, kms, dir, name).health();

        assertThat(h.connectionState().orElseThrow()).isIn(ConnectionStateType.DISCONNECTING, ConnectionStateType.DISCONNECTED);
        assertThat(h.findings()).anySatisfy(f -> assertThat(f).contains("Unavailable"));
    }

    @Test
    void health_nothingProvisioned_saysRunProvision(LocalHsmKeyStore emulator, CloudHsmV2Client hsm, KmsClient kms) {
        String name = Fixtures.uniqueName("void");
        Health h = Fixtures.builder(emulator, hsm, kms, dir, name).health();
        assertThat(h.findings()).hasSize(3).allSatisfy(f -> assertThat(f).contains("provision()"));
        assertThat(h.connectionState()).isEmpty();
        assertThat(h.connectionErrorCode()).isEmpty();
        assertThat(h.clusterState()).isEmpty();
        assertThat(h.keyStates()).isEmpty();
        assertThat(h.missingKeys()).containsExactly("alias/" + name);
    }
}
