package io.github.hsmkeystore.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.hsmkeystore.local.LocalHsmKeyStore;
import io.github.hsmkeystore.local.LocalHsmKeyStoreExtension;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.cloudhsmv2.CloudHsmV2Client;
import software.amazon.awssdk.services.kms.KmsClient;

/** {@link LocalEmulatorActivation} against the emulator's admin HTTP API. */
class LocalEmulatorActivationIT {
    @RegisterExtension
    static final LocalHsmKeyStoreExtension local = LocalHsmKeyStoreExtension.create();

    @Test
    void provision_withLocalEmulatorActivation_activatesAndConnects(LocalHsmKeyStore emulator, CloudHsmV2Client hsm,
                                                                     KmsClient kms, @TempDir Path ca) {
        String name = Fixtures.uniqueName("activation");
        LocalEmulatorActivation activation = new LocalEmulatorActivation(emulator.endpoint(), Secret.of(Fixtures.ADMIN_PASSWORD));

        KeyStore store = Fixtures.builder(emulator, hsm, kms, ca, name, activation).provision();

        String clusterId = store.clusterId().orElseThrow();
        assertThat(Fixtures.cluster(hsm, clusterId).stateAsString()).isEqualTo("ACTIVE");
        assertThat(Fixtures.store(kms, store.customKeyStoreId().orElseThrow()).connectionStateAsString()).isEqualTo("CONNECTED");
        // again, on the ACTIVE cluster with kmsuser present: tolerated, as Activation requires
        org.assertj.core.api.Assertions.assertThatCode(() -> activation.activate(new ActivationRequest(clusterId, "ACTIVE",
                "pem", ActivationRequest.KMS_USER, Secret.of(Fixtures.KMSUSER_PASSWORD)))).doesNotThrowAnyException();
    }

    @Test
    void activate_unknownCluster_failsWithTheEmulatorsAnswer(LocalHsmKeyStore emulator) {
        LocalEmulatorActivation activation = new LocalEmulatorActivation(emulator.endpoint(), Secret.of("adminSecret77"));

        assertThatThrownBy(() -> activation.activate(new ActivationRequest("cluster-doesnotexist1", "INITIALIZED", "pem",
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

        assertThatThrownBy(() -> activation.activate(new ActivationRequest("cluster-abcdefghijk", "INITIALIZED", "pem",
                ActivationRequest.KMS_USER, Secret.of("userSecret88"))))
                .isInstanceOf(KeyStoreStateException.class).hasMessageContaining("Cannot reach the hsm-keystore-local emulator");
    }

    @Test
    void toString_showsEndpointNotPassword() {
        LocalEmulatorActivation activation = new LocalEmulatorActivation(URI.create("http://127.0.0.1:4566"), Secret.of("adminSecret77"));

        assertThat(activation.toString()).isEqualTo("LocalEmulatorActivation[http://127.0.0.1:4566]");
    }
}
