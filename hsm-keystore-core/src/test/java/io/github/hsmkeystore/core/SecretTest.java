package io.github.hsmkeystore.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.cloudhsmv2.model.ClusterState;

class SecretTest {

    @Test
    void toString_always_hidesValue() {
        Secret s = Secret.of("Sup3rSecretPw".toCharArray());
        assertThat(s.toString()).isEqualTo("Secret[***]").doesNotContain("Sup3r");
    }

    @Test
    void of_copiesCallerArray_soCallerCanWipeIt() {
        char[] chars = "abcdefg1".toCharArray();
        Secret s = Secret.of(chars);
        java.util.Arrays.fill(chars, 'x');
        assertThat(s.reveal()).isEqualTo("abcdefg1");
        assertThat(s.chars()).containsExactly("abcdefg1".toCharArray());
    }

    @Test
    void destroy_whenCalled_clearsAndRejectsReads() {
        Secret s = Secret.of("abcdefg1");
        s.destroy();
        assertThat(s.isDestroyed()).isTrue();
        assertThatThrownBy(s::reveal).isInstanceOf(IllegalStateException.class).hasMessageContaining("destroyed");
        assertThatThrownBy(s::chars).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void close_inTryWithResources_destroys() {
        Secret s = Secret.of("abcdefg1");
        try (Secret ignored = s) {
            assertThat(ignored.length()).isEqualTo(8);
        }
        assertThat(s.isDestroyed()).isTrue();
    }

    @Test
    void equals_sameValue_trueAndHashCodeIndependentOfValue() {
        assertThat(Secret.of("abcdefg1")).isEqualTo(Secret.of("abcdefg1")).isNotEqualTo(Secret.of("abcdefg2"));
        assertThat(Secret.of("abcdefg1").hashCode()).isEqualTo(Secret.of("zzzzzzzz").hashCode());
    }

    @Test
    void isContainedIn_textWithValue_true() {
        Secret s = Secret.of("abcdefg1");
        assertThat(s.isContainedIn("log line abcdefg1 here")).isTrue();
        assertThat(s.isContainedIn("log line *** here")).isFalse();
    }

    @Test
    void activationRequest_toString_hidesPassword() {
        ActivationRequest r = new ActivationRequest("cluster-abcdefghijk", ClusterState.INITIALIZED, "pem", "kmsuser",
                Secret.of("Passw0rdXYZ"));
        assertThat(r.toString()).contains("cluster-abcdefghijk").doesNotContain("Passw0rdXYZ");
    }
}
