package io.github.hsmkeystore.core;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.cloudhsmv2.model.ClusterState;

class RequireActiveActivationTest {
    private static ActivationRequest request(ClusterState state) {
        return new ActivationRequest("cluster-abcdefghijk", state, "pem", "kmsuser", Secret.of("Passw0rd123"));
    }

    @Test
    void activate_activeCluster_passes() {
        assertThatCode(() -> new RequireActiveActivation().activate(request(ClusterState.ACTIVE))).doesNotThrowAnyException();
    }

    @Test
    void activate_initializedCluster_failsWithExactCommandsAndNoPassword() {
        assertThatThrownBy(() -> new RequireActiveActivation().activate(request(ClusterState.INITIALIZED)))
                .isInstanceOf(KeyStoreStateException.class)
                .hasMessageContaining("cluster-abcdefghijk is INITIALIZED")
                .hasMessageContaining("cluster activate")
                .hasMessageContaining("user create --username kmsuser --role crypto-user")
                .hasMessageContaining("/opt/cloudhsm/etc/customerCA.crt")
                .hasMessageNotContaining("Passw0rd123");
    }
}
