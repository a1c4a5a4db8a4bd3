package io.github.hsmkeystore.core;

import io.github.hsmkeystore.local.LocalHsmKeyStore;
import io.github.hsmkeystore.local.RecordedRequest;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import software.amazon.awssdk.services.cloudhsmv2.CloudHsmV2Client;
import software.amazon.awssdk.services.cloudhsmv2.model.Cluster;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.kms.model.CustomKeyStoresListEntry;

/** Shared setup for the emulator ITs. */
final class Fixtures {
    static final String ADMIN_PASSWORD = "AdminPassw0rd9";
    static final String KMSUSER_PASSWORD = "KmsUserPassw0rd7";
    /** Operations that create or change something. */
    static final Set<String> MUTATING = Set.of("CreateCluster", "CreateHsm", "InitializeCluster", "DeleteHsm", "DeleteCluster",
            "TagResource", "CreateCustomKeyStore", "ConnectCustomKeyStore", "DisconnectCustomKeyStore", "DeleteCustomKeyStore",
            "UpdateCustomKeyStore", "CreateKey", "CreateAlias", "UpdateAlias", "ScheduleKeyDeletion", "EnableKeyRotation");

    private Fixtures() {
    }

    /**
     * Skips (visibly) a test that needs the emulator's KMS custom key stores and keys while hsm-keystore-local does
     * not implement them yet; the test runs as soon as it does.
     */

    static String uniqueName(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    static KeyStoreBuilder builder(LocalHsmKeyStore local, CloudHsmV2Client hsm, KmsClient kms, Path caDir, String name,
                                   Activation activation) {
        TrustAnchor anchor = TrustAnchor.generate(caDir);
        // made before the test ends: a test that never signs would otherwise race the CA's thread deleting its @TempDir
        // (KeyStoreBuilderPendingAnchorIT provisions with a CA still being made)
        anchor.certificatePem();
        return KeyStoreBuilder.cloudHsm(hsm, kms)
                .newCluster(c -> c.hsmType("hsm2m.medium").subnetIds("subnet-0a1b2c3d", "subnet-4e5f6a7b"))
                .trustAnchor(anchor)
                .activation(activation)
                .customKeyStoreName(name)
                .kmsUserPassword(Secret.of(KMSUSER_PASSWORD))
                .waitPolicy(TestPolicies.FAST)
                .keyDeletionWindowDays(7)
                .addKey(k -> k.alias("alias/" + name).description("test key"));
    }

    static KeyStoreBuilder builder(LocalHsmKeyStore local, CloudHsmV2Client hsm, KmsClient kms, Path caDir, String name) {
        return builder(local, hsm, kms, caDir, name, new EmulatorActivation(local, Secret.of(ADMIN_PASSWORD)));
    }

    static long mutatingCalls(List<RecordedRequest> requests) {
        return requests.stream().filter(r -> MUTATING.contains(r.operation())).count();
    }

    static Cluster cluster(CloudHsmV2Client hsm, String clusterId) {
        return hsm.describeClusters(r -> r.filters(Map.of("clusterIds", List.of(clusterId)))).clusters().get(0);
    }

    static CustomKeyStoresListEntry store(KmsClient kms, String storeId) {
        return kms.describeCustomKeyStores(r -> r.customKeyStoreId(storeId)).customKeyStores().get(0);
    }

    static long liveClustersTagged(CloudHsmV2Client hsm, String name) {
        return hsm.describeClusters(r -> { }).clusters().stream()
                .filter(c -> !Set.of("DELETED", "DELETE_IN_PROGRESS").contains(c.stateAsString()))
                .filter(c -> c.tagList().stream().anyMatch(t -> t.key().equals("hsm-keystore:name") && t.value().equals(name)))
                .count();
    }
}
