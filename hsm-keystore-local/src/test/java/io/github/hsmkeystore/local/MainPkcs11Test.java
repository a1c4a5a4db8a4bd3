package io.github.hsmkeystore.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class MainPkcs11Test {
    @Test
    void pkcs11Token_pinFromEnvironment_readsVariable() {
        String value = System.getenv("PATH");

        Pkcs11Token token = Main.pkcs11Token("/usr/lib/softhsm/libsofthsm2.so", 2, "PATH");

        assertThat(new String(token.userPin())).isEqualTo(value);
        assertThat(token.slotListIndex()).isEqualTo(2);
        assertThat(token.toString()).doesNotContain(value);
    }

    @Test
    void pkcs11Token_variableUnsetOrNotNamed_throws() {
        assertThatThrownBy(() -> Main.pkcs11Token("/lib.so", 0, "HSMKS_SURELY_UNSET_VARIABLE_42"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("HSMKS_SURELY_UNSET_VARIABLE_42").hasMessageContaining("not set");
        assertThatThrownBy(() -> Main.pkcs11Token("/lib.so", 0, null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("--pkcs11-pin-env");
    }
}
