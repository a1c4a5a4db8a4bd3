package io.github.hsmkeystore.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class Pkcs11TokenTest {
    private static final Path LIB = Path.of("/usr/lib/softhsm/libsofthsm2.so");

    @Test
    void toString_withPin_masksPin() {
        Pkcs11Token token = Pkcs11Token.of(LIB, 3, "s3cretPin42".toCharArray());

        assertThat(token.toString()).doesNotContain("s3cretPin42").contains("***").contains("slotListIndex=3");
        assertThat(token.describe()).isEqualTo("pkcs11:" + LIB + " slot 3").doesNotContain("s3cretPin42");
    }

    @Test
    void of_pinArrayChangedLater_keepsCopy() {
        char[] pin = "1234".toCharArray();
        Pkcs11Token token = Pkcs11Token.of(LIB, 0, pin);
        pin[0] = 'x';

        assertThat(token.userPin()).containsExactly('1', '2', '3', '4');
        token.userPin()[1] = 'y';
        assertThat(token.userPin()).containsExactly('1', '2', '3', '4');
    }

    @Test
    void of_negativeSlotOrEmptyPin_throws() {
        assertThatThrownBy(() -> Pkcs11Token.of(LIB, -1, "1".toCharArray()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("slotListIndex must be >= 0");
        assertThatThrownBy(() -> Pkcs11Token.of(LIB, 0, new char[0]))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("userPin must not be empty");
        assertThatThrownBy(() -> Pkcs11Token.of(null, 0, "1".toCharArray()))
                .isInstanceOf(NullPointerException.class).hasMessageContaining("library");
    }
}
