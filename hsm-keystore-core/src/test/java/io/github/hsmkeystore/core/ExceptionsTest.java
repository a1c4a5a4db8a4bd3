package io.github.hsmkeystore.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.kms.model.ConnectionErrorCodeType;

class ExceptionsTest {

    @Test
    void provisioningException_carriesStepResourceAndCause() {
        RuntimeException cause = new RuntimeException("sdk");
        ProvisioningException e = new ProvisioningException(Step.KEY_STORE, "cks-1", "Cannot create", cause);
        assertThat(e).isInstanceOf(HsmKeyStoreException.class).hasCause(cause).hasMessage("Cannot create");
        assertThat(e.step()).isEqualTo(Step.KEY_STORE);
        assertThat(e.resourceId()).contains("cks-1");
    }

    @Test
    void timeoutException_carriesLastStateAttemptsElapsed() {
        ProvisioningTimeoutException e = new ProvisioningTimeoutException(Step.CONNECT, "cks-1", "timed out",
                "CONNECTING", 7, Duration.ofSeconds(3));
        assertThat(e.lastState()).contains("CONNECTING");
        assertThat(e.resourceId()).contains("cks-1");
        assertThat(e.attempts()).isEqualTo(7);
        assertThat(e.elapsed()).isEqualTo(Duration.ofSeconds(3));
        assertThat(e.step()).isEqualTo(Step.CONNECT);
    }

    @Test
    void connectionFailed_isStateExceptionWithCodeAndFix() {
        ConnectionFailedException e = new ConnectionFailedException("cks-1", ConnectionErrorCodeType.USER_NOT_FOUND,
                "create kmsuser", "failed: USER_NOT_FOUND; create kmsuser");
        assertThat(e).isInstanceOf(KeyStoreStateException.class).isInstanceOf(HsmKeyStoreException.class);
        assertThat(e.connectionErrorCode()).isEqualTo(ConnectionErrorCodeType.USER_NOT_FOUND);
        assertThat(e.fix()).isEqualTo("create kmsuser");
        assertThat(e.resourceId()).isEqualTo("cks-1");
    }

    @Test
    void invalidConfiguration_listsEveryProblemInMessage() {
        InvalidConfigurationException e = new InvalidConfigurationException(List.of("a is bad", "b is bad"));
        assertThat(e).isInstanceOf(IllegalStateException.class);
        assertThat(e.getMessage()).contains("2 problems", "a is bad", "b is bad");
        assertThat(e.problems()).containsExactly("a is bad", "b is bad");
    }

    @Test
    void keyStoreStateException_nullResource_rejected() {
        assertThatThrownBy(() -> new KeyStoreStateException(null, "m", null)).isInstanceOf(NullPointerException.class)
                .hasMessageContaining("resourceId");
    }

    @Test
    void provisioningException_noResource_emptyResourceId() {
        assertThat(new ProvisioningException(Step.CLUSTER, null, "Cannot create", null).resourceId()).isEmpty();
    }

    @Test
    void planStep_emptyResource_toStringOmitsIt() {
        assertThat(new PlanStep(Step.CLUSTER, PlanStep.Action.WILL_CREATE, Optional.empty(), "create").toString())
                .isEqualTo("CLUSTER: WILL_CREATE - create");
        assertThatThrownBy(() -> new PlanStep(Step.CLUSTER, PlanStep.Action.WILL_CREATE, null, "create"))
                .isInstanceOf(NullPointerException.class).hasMessageContaining("resource");
    }
}
