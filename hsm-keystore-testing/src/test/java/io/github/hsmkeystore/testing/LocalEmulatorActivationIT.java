package io.github.hsmkeystore.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.hsmkeystore.core.ActivationRequest;
import io.github.hsmkeystore.core.KeyStoreBuilder;
import io.github.hsmkeystore.core.KeyStoreStateException;
import io.github.hsmkeystore.core.ProvisionedKeyStore;
import io.github.hsmkeystore.core.Secret;
import io.github.hsmkeystore.core.TrustAnchor;
import io.github.hsmkeystore.local.LocalHsmKeyStore;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.cloudhsmv2.CloudHsmV2Client;
import software.amazon.awssdk.services.cloudhsmv2.model.ClusterState;
import software.amazon.awssdk.services.kms.KmsClient;

/** {@link LocalEmulatorActivation} against the emulator's admin HTTP API. */
class LocalEmulatorActivationIT {
    @RegisterExtension
    static final HsmKeyStoreExtension local = HsmKeyStoreExtension.perClass();

    @Test
    void provision_withLocalEmulatorActivation_activatesAndConnects(LocalHsmKeyStore emulator, CloudHsmV2Client hsm,
                                                                     KmsClient kms, @TempDir Path ca) {
        LocalEmulatorActivation activation = new LocalEmulatorActivation(emulator.endpoint(), Secret.of("AdminPassw0rd9"));

        ProvisionedKeyStore store = KeyStoreBuilder.cloudHsm(hsm, kms)
                .newCluster(c -> c.hsmType("hsm2m.medium").subnetIds("subnet-0a1b2c3d", "subnet-4e5f6a7b"))
                .trustAnchor(TrustAnchor.generate(ca.resolve("ca"))).activation(activation)
                .customKeyStoreName("activation").kmsUserPassword(Secret.of("KmsUserPassw0rd7"))
                .addKey(k -> k.alias("alias/activation")).provision();

        String clusterId = store.clusterId().orElseThrow();
        assertThat(hsm.describeClusters(r -> { }).clusters()).filteredOn(c -> c.clusterId().equals(clusterId))
                .singleElement().satisfies(c -> assertThat(c.stateAsString()).isEqualTo("ACTIVE"));
        assertThat(kms.describeCustomKeyStores(r -> r.customKeyStoreId(store.customKeyStoreId().orElseThrow()))
                .customKeyStores().get(0).connectionStateAsString()).isEqualTo("CONNECTED");
        // again, on the ACTIVE cluster with kmsuser present: tolerated, as Activation requires
        org.assertj.core.api.Assertions.assertThatCode(() -> activation.activate(new ActivationRequest(clusterId, ClusterState.ACTIVE,
                "pem", ActivationRequest.KMS_USER, Secret.of("KmsUserPassw0rd7")))).doesNotThrowAnyException();
    }

    @Test
    void activate_unknownCluster_failsWithTheEmulatorsAnswer(LocalHsmKeyStore emulator) {
        LocalEmulatorActivation activation = new LocalEmulatorActivation(emulator.endpoint(), Secret.of("adminSecret77"));

        assertThatThrownBy(() -> activation.activate(new ActivationRequest("cluster-doesnotexist1", ClusterState.INITIALIZED, "pem",
                ActivationRequest.KMS_USER, Secret.of("userSecret88"))))
                .isInstanceOf(KeyStoreStateException.class)
                .hasMessageContaining("The emulator refused to activate cluster-doesnotexist1").hasMessageContaining("HTTP 4")
                .message().doesNotContain("adminSecret77").doesNotContain("userSecret88");
    }

    @Test
    void activate_nothingListening_saysItCannotReachTheEmulator() throws Exception {
        int port;
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = socket.getLocalPort();
        }
        LocalEmulatorActivation activation = new LocalEmulatorActivation(URI.create("http://127.0.0.1:" + port),
                Secret.of("adminSecret77"));

        assertThatThrownBy(() -> activation.activate(new ActivationRequest("cluster-abcdefghijk", ClusterState.INITIALIZED, "pem",
                ActivationRequest.KMS_USER, Secret.of("userSecret88"))))
                .isInstanceOf(KeyStoreStateException.class).hasMessageContaining("Cannot reach the hsm-keystore-local emulator");
    }

    @Test
    void toString_showsEndpointNotPassword() {
        LocalEmulatorActivation activation = new LocalEmulatorActivation(URI.create("http://127.0.0.1:4566"), Secret.of("adminSecret77"));

        assertThat(activation.toString()).isEqualTo("LocalEmulatorActivation[http://127.0.0.1:4566]");
    }
}
