package io.github.hsmkeystore.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.hsmkeystore.local.LocalHsmKeyStore;
import io.github.hsmkeystore.local.LocalHsmKeyStoreExtension;
import io.github.hsmkeystore.local.RecordedRequest;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;
import software.amazon.awssdk.services.cloudhsmv2.CloudHsmV2Client;
import software.amazon.awssdk.services.cloudhsmv2.model.Cluster;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.kms.model.KeyMetadata;

class ProvisioningIT {
    /** One emulator per test: KMS allows 10 custom key stores per account and Region, and every test makes one. */
    @RegisterExtension
    final LocalHsmKeyStoreExtension local = LocalHsmKeyStoreExtension.create();

    @TempDir
    Path dir;

    /** Checks the converged result: CONNECTED store, one tagged cluster with 2 active HSMs in 2 zones, a CloudHSM key behind the alias. */
    static void assertConverged(ProvisionedKeyStore store, String name, CloudHsmV2Client hsm, KmsClient kms) {
        assertThat(store.kind()).isEqualTo(ProvisionedKeyStore.Kind.CLOUD_HSM);
        String storeId = store.customKeyStoreId().orElseThrow();
        assertThat(Fixtures.store(kms, storeId).connectionStateAsString()).isEqualTo("CONNECTED");
        assertThat(Fixtures.liveClustersTagged(hsm, name)).isEqualTo(1);
        Cluster c = Fixtures.cluster(hsm, store.clusterId().orElseThrow());
        assertThat(c.stateAsString()).isEqualTo("ACTIVE");
        assertThat(c.hsms()).hasSize(2).allSatisfy(h -> assertThat(h.stateAsString()).isEqualTo("ACTIVE"));
        assertThat(c.hsms().stream().map(h -> h.availabilityZone()).distinct()).hasSize(2);
        KmsKey key = store.findKey("alias/" + name).orElseThrow();
        KeyMetadata m = kms.describeKey(r -> r.keyId("alias/" + name)).keyMetadata();
        assertThat(m.keyId()).isEqualTo(key.keyId());
        assertThat(m.originAsString()).isEqualTo("AWS_CLOUDHSM");
        assertThat(m.customKeyStoreId()).isEqualTo(storeId);
        assertThat(m.keyStateAsString()).isEqualTo("Enabled");
        long keysInStore = kms.listKeys().keys().stream()
                .map(k -> kms.describeKey(r -> r.keyId(k.keyId())).keyMetadata())
                .filter(k -> storeId.equals(k.customKeyStoreId())).count();
        assertThat(keysInStore).as("no orphan key in the store").isEqualTo(1);
    }

    @Test
    void provision_emptyAccount_connectedStoreWithCloudHsmKeyAndAlias(LocalHsmKeyStore emulator, CloudHsmV2Client hsm, KmsClient kms) {
        String name = Fixtures.uniqueName("orders");
        List<ProvisioningEvent> events = new ArrayList<>();
        ProvisionedKeyStore store = Fixtures.builder(emulator, hsm, kms, dir, name).listener(events::add).provision();

        assertConverged(store, name, hsm, kms);
        assertThat(store.customKeyStoreName()).contains(name);
        assertThat(events).extracting(ProvisioningEvent::step).contains(Step.CLUSTER, Step.FIRST_HSM, Step.INITIALIZE,
                Step.ACTIVATE, Step.ADDITIONAL_HSMS, Step.KEY_STORE, Step.CONNECT, Step.KEYS, Step.ALIASES);
        assertThat(events).filteredOn(e -> e.kind() == ProvisioningEvent.Kind.COMPLETED).extracting(ProvisioningEvent::step)
                .contains(Step.CLUSTER, Step.CONNECT);
    }

    @Test
    void provision_secondRun_makesNoCreateCall(LocalHsmKeyStore emulator, CloudHsmV2Client hsm, KmsClient kms) {
        String name = Fixtures.uniqueName("twice");
        EmulatorActivation activation = new EmulatorActivation(emulator, Secret.of(Fixtures.ADMIN_PASSWORD));
        ProvisionedKeyStore first = Fixtures.builder(emulator, hsm, kms, dir, name, activation).provision();
        emulator.clearRequests();
        int activations = activation.calls.get();

        ProvisionedKeyStore second = Fixtures.builder(emulator, hsm, kms, dir, name, activation).provision();

        List<RecordedRequest> requests = emulator.requests();
        assertThat(Fixtures.mutatingCalls(requests)).as("mutating calls of the second run: %s", requests).isZero();
        assertThat(emulator.requestCount("kms", "CreateKey")).isZero();
        assertThat(emulator.requestCount("cloudhsmv2", "CreateCluster")).isZero();
        assertThat(activation.calls.get()).isEqualTo(activations);
        assertThat(second.customKeyStoreId()).isEqualTo(first.customKeyStoreId());
        assertThat(second.keys()).isEqualTo(first.keys());
    }

    static Stream<Arguments> faults() {
        return Stream.of(
                Arguments.of("cloudhsmv2", "CreateCluster"), Arguments.of("cloudhsmv2", "CreateHsm"),
                Arguments.of("cloudhsmv2", "InitializeCluster"), Arguments.of("kms", "CreateCustomKeyStore"),
                Arguments.of("kms", "ConnectCustomKeyStore"), Arguments.of("kms", "CreateKey"), Arguments.of("kms", "CreateAlias"),
                Arguments.of("cloudhsmv2", "DescribeClusters"), Arguments.of("kms", "DescribeCustomKeyStores"));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("faults")
    void provision_callFailsOnce_reRunConverges(String service, String operation, LocalHsmKeyStore emulator,
                                                CloudHsmV2Client hsm, KmsClient kms) {
        String name = Fixtures.uniqueName("fault");
        // 400: the SDK does not retry it, so the run really stops at this call
        emulator.faults().failNext(service, operation, 1, 400, "InjectedFailureException", "injected by ProvisioningIT");
        assertThatThrownBy(() -> Fixtures.builder(emulator, hsm, kms, dir, name).provision())
                .isInstanceOf(ProvisioningException.class).hasMessageContaining("InjectedFailureException");

        ProvisionedKeyStore store = Fixtures.builder(emulator, hsm, kms, dir, name).provision();
        assertConverged(store, name, hsm, kms);
    }

    @ParameterizedTest
    @EnumSource(value = Step.class, names = {"CLUSTER", "FIRST_HSM", "INITIALIZE", "ACTIVATE", "ADDITIONAL_HSMS", "KEY_STORE",
            "CONNECT", "KEYS", "ALIASES"})
    void provision_interruptedRightAfterStepChangedSomething_reRunConverges(Step step, LocalHsmKeyStore emulator,
                                                                            CloudHsmV2Client hsm, KmsClient kms) {
        String name = Fixtures.uniqueName("cut");
        RuntimeException cut = new RuntimeException("interrupted after " + step);
        ProvisioningListener interrupt = e -> {
            if (e.step() == step && e.kind() == ProvisioningEvent.Kind.CHANGED) {
                throw cut;
            }
        };
        assertThatThrownBy(() -> Fixtures.builder(emulator, hsm, kms, dir, name).listener(interrupt).provision()).isSameAs(cut);

        ProvisionedKeyStore store = Fixtures.builder(emulator, hsm, kms, dir, name).provision();
        assertConverged(store, name, hsm, kms);
    }

    @Test
    void plan_emptyAccount_everythingToCreateAndNoMutatingCall(LocalHsmKeyStore emulator, CloudHsmV2Client hsm, KmsClient kms) {
        String name = Fixtures.uniqueName("plan");
        emulator.clearRequests();
        Plan plan = Fixtures.builder(emulator, hsm, kms, dir, name).plan();

        assertThat(Fixtures.mutatingCalls(emulator.requests())).isZero();
        assertThat(plan.billableHsmsToCreate()).isEqualTo(2);
        assertThat(plan.upToDate()).isFalse();
        assertThat(plan.steps()).extracting(PlanStep::step).containsExactly(Step.CLUSTER, Step.FIRST_HSM, Step.INITIALIZE,
                Step.ACTIVATE, Step.ADDITIONAL_HSMS, Step.KEY_STORE, Step.CONNECT, Step.KEYS);
        assertThat(plan.steps()).allSatisfy(s -> assertThat(s.action()).isEqualTo(PlanStep.Action.WILL_CREATE));
    }

    @Test
    void plan_afterProvisionAndAfterLosingAnHsm_reflectsState(LocalHsmKeyStore emulator, CloudHsmV2Client hsm, KmsClient kms) {
        String name = Fixtures.uniqueName("plan2");
        ProvisionedKeyStore store = Fixtures.builder(emulator, hsm, kms, dir, name).provision();
        Plan upToDate = Fixtures.builder(emulator, hsm, kms, dir, name).plan();
        assertThat(upToDate.upToDate()).as(upToDate.toString()).isTrue();
        assertThat(upToDate.billableHsmsToCreate()).isZero();

        String clusterId = store.clusterId().orElseThrow();
        String hsmId = Fixtures.cluster(hsm, clusterId).hsms().get(1).hsmId();
        hsm.deleteHsm(r -> r.clusterId(clusterId).hsmId(hsmId));
        emulator.clearRequests();
        Plan degraded = Fixtures.builder(emulator, hsm, kms, dir, name).plan();

        assertThat(Fixtures.mutatingCalls(emulator.requests())).isZero();
        assertThat(degraded.billableHsmsToCreate()).isEqualTo(1);
        assertThat(degraded.steps()).filteredOn(s -> s.step() == Step.ADDITIONAL_HSMS).singleElement()
                .satisfies(s -> assertThat(s.action()).isEqualTo(PlanStep.Action.WILL_CREATE));
    }
}
