package io.github.hsmkeystore.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.hsmkeystore.local.LocalHsmKeyStore;
import io.github.hsmkeystore.local.Pkcs11Token;
import io.github.hsmkeystore.local.internal.hsm.Pkcs11HsmBackend;
import io.github.hsmkeystore.local.testing.ClusterFixture;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.cloudhsmv2.model.ClusterState;

/** The emulator with its clusters' keys on a SoftHSM2 token (skipped, with the reason, when SoftHSM2 is absent). */
class Pkcs11BackendIT {
    @Test
    void start_withPkcs11Token_clustersWork() {
        SoftHsm2Token softHsm = SoftHsm2Token.assumeAvailable();

        try (LocalHsmKeyStore local = LocalHsmKeyStore.builder().pkcs11(softHsm.token()).start()) {
            String clusterId = new ClusterFixture(local).activeCluster();

            assertThat(local.cloudHsmClient().describeClusters(r -> r.filters(Map.of("clusterIds", List.of(clusterId))))
                    .clusters().get(0).state()).isEqualTo(ClusterState.ACTIVE);
        }
    }

    @Test
    void start_withOtherPinForToken_failsAtStartWithoutPin() {
        Pkcs11Token token = SoftHsm2Token.assumeAvailable().token();
        LocalHsmKeyStore.Builder builder = LocalHsmKeyStore.builder()
                .pkcs11(Pkcs11Token.of(token.library(), token.slotListIndex(), "notThePin77".toCharArray()));
        // the token is already logged in by this JVM, so the other PIN is refused before any login attempt
        new Pkcs11HsmBackend(token).close();

        assertThatThrownBy(builder::start)
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("another PIN").hasMessageNotContaining("notThePin77");
    }

    @Test
    void start_withMissingLibrary_failsAtStart() {
        LocalHsmKeyStore.Builder builder = LocalHsmKeyStore.builder()
                .pkcs11(Pkcs11Token.of(Path.of("/nonexistent/libpkcs11.so"), 0, "1234".toCharArray()));

        assertThatThrownBy(builder::start)
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no PKCS#11 library at /nonexistent/libpkcs11.so");
    }
}
